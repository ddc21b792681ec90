#include "sim/run_control.h"

#include <algorithm>

namespace mcusim {

RunControl::RunControl(RunLimits limits)
    : limits_(limits),
      instruction_limit_(limits.instructions ? limits.instructions : ~0ull),
      cycle_limit_(limits.cycles ? limits.cycles : ~0ull) {}

void RunControl::start() {
  started_ = std::chrono::steady_clock::now();
  next_host_check_ = kHostClockInterval;
}

double RunControl::host_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

bool RunControl::host_time_up(uint64_t now) {
  if (limits_.host_seconds <= 0 || now < next_host_check_) return false;
  next_host_check_ = now + kHostClockInterval;
  return host_seconds() >= limits_.host_seconds;
}

uint64_t RunControl::output_room(uint64_t bytes) {
  uint64_t room = limits_.output_bytes ? limits_.output_bytes - std::min(output_bytes_, limits_.output_bytes) : bytes;
  output_bytes_ += bytes;
  return std::min(room, bytes);
}

void RunControl::request_stop(StopReason reason, std::string message) {
  if (reason_) return;
  reason_ = reason;
  message_ = std::move(message);
}

void RunControl::record_fault(FaultInfo fault) {
  if (fault_) return;
  fault_ = std::move(fault);
}

}  // namespace mcusim

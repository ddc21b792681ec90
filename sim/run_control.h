// Run control: the limits a run stops at (instructions, cycles, host time,
// firmware output), why it stopped, and the engine stops the simulator
// makes itself (re-running a block with new hooks). No timing, no devices:
// the simulator asks it at its deadlines and when the engine returns.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace mcusim {

enum class StopReason { Exited, Fault, InstructionLimit, CycleLimit, Timeout, Stuck, OutputLimit };

struct FaultInfo {
  std::string kind;         // "BusFault (precise data access)", "lockup", "stack overflow", ...
  uint32_t pc = 0;          // the faulting instruction
  std::optional<uint32_t> address;  // data address involved
  std::string detail;       // one line saying what happened
  std::string report;       // full multi-line report (registers, disassembly, backtrace)
};

struct RunLimits {
  uint64_t instructions = 0;  // 0: none
  uint64_t cycles = 0;        // 0: none
  double host_seconds = 0;    // 0: none (wall clock; not deterministic)
  uint64_t output_bytes = 0;  // 0: none
};

class RunControl {
 public:
  explicit RunControl(RunLimits limits);

  // The host clock starts now.
  void start();
  double host_seconds() const;

  const RunLimits& limits() const { return limits_; }
  // The instruction and cycle counts at which the simulator must look at the limits.
  uint64_t instruction_limit() const { return instruction_limit_; }
  uint64_t cycle_limit() const { return cycle_limit_; }
  // Reading the host clock is slow: it is looked at every kHostClockInterval
  // cycles; the simulator's deadline includes this cycle.
  uint64_t next_host_clock_check() const { return limits_.host_seconds > 0 ? next_host_check_ : ~0ull; }
  // True when the host time limit has passed (looked at only when `now`
  // reaches next_host_clock_check()).
  bool host_time_up(uint64_t now);

  // Firmware output: how many of `bytes` more may be written; request_stop
  // follows when it is fewer than asked.
  uint64_t output_room(uint64_t bytes);
  uint64_t output_bytes() const { return output_bytes_; }

  // The first reason given wins; later ones (a fault while stopping) are dropped.
  void request_stop(StopReason reason, std::string message);
  void record_fault(FaultInfo fault);  // the first fault's report is kept
  bool stopping() const { return reason_.has_value(); }
  const std::optional<StopReason>& reason() const { return reason_; }
  const std::string& message() const { return message_; }
  const std::optional<FaultInfo>& fault() const { return fault_; }

  // The simulator stopped the engine itself, to run a block again from
  // `address` (the engine's PC is stale inside a block hook).
  void rerun_from(uint32_t address) {
    own_stop_ = true;
    resume_at_ = address;
  }
  bool own_stop() const { return own_stop_; }
  // Where to start the engine next: the block to re-run, or `pc`.
  uint32_t resume_address(uint32_t pc) const { return resume_at_.value_or(pc); }
  void engine_started() {
    own_stop_ = false;
    resume_at_.reset();
  }

 private:
  static constexpr uint64_t kHostClockInterval = 1ull << 24;
  RunLimits limits_;
  uint64_t instruction_limit_, cycle_limit_;
  uint64_t next_host_check_ = kHostClockInterval;
  uint64_t output_bytes_ = 0;
  std::chrono::steady_clock::time_point started_;
  std::optional<StopReason> reason_;
  std::string message_;
  std::optional<FaultInfo> fault_;
  bool own_stop_ = false;
  std::optional<uint32_t> resume_at_;
};

}  // namespace mcusim

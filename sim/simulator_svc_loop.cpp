// Stuck detection for SVC in a loop (sim/svc_loop.h), called at every SVC the
// thread executes.
#include <fmt/format.h>

#include <functional>
#include <string_view>

#include "sim/simulator.h"

namespace mcusim {

// One hash over every writable RAM region (aliases once): equal fingerprints
// at two calls mean the memory a handler or the thread could read is equal.
uint64_t Simulator::ram_fingerprint() const {
  uint64_t h = 0;
  for (const MemoryRegion& r : board_.regions) {
    if (!r.writable || !r.alias_of.empty() || r.kind == RegionKind::Peripheral) continue;
    const uint8_t* bytes = memory_.host(r.base, r.size);
    if (!bytes) continue;
    uint64_t region = std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(bytes), r.size));
    h = h * 0x100000001b3ull ^ region;
  }
  return h;
}

bool Simulator::svc_loops_forever(uint32_t pc) {
  SvcCall call;
  call.pc = pc;
  std::array<uint32_t, 15> core = read_core_registers();
  std::copy(core.begin(), core.end(), call.regs.begin());
  call.regs[15] = cpu_->reg(Reg::XPSR);
  call.output_bytes = output_bytes_;
  double now = simulated_seconds();
  svc_watch_.on_svc(call, now);
  if (!svc_watch_.repeats()) return false;

  if (svc_watch_.fingerprint_due()) {
    // Nothing from outside can change the next call: no timer runs and no
    // interrupt is enabled. With RAM and registers equal it repeats forever.
    uint64_t next = kNever;
    for (const auto& d : devices_) next = std::min(next, d->next_event_cycle());
    bool quiet = next == kNever && !interrupt_can_arrive(exception_unit_->execution_priority());
    if (svc_watch_.fingerprint_repeats(ram_fingerprint()) && quiet) {
      request_stop(StopReason::Stuck,
                   fmt::format("the firmware is stuck calling SVC in a loop at {}: the call repeated {} times with the "
                               "same registers and memory, only the SVC handler ran in between, and no interrupt can "
                               "arrive",
                               where(pc), svc_watch_.repeats() + 1));
      cpu_->stop();
      return true;
    }
  }
  if (options_.idle_limit_seconds > 0 && svc_watch_.repeating_for(now) >= options_.idle_limit_seconds) {
    request_stop(StopReason::Stuck,
                 fmt::format("the firmware idles: it calls SVC in a loop at {} with the same registers, and for {:g} s "
                             "of simulated time nothing but exception handlers ran between the calls (--idle-limit "
                             "SECONDS changes this, 0 never stops)",
                             where(pc), options_.idle_limit_seconds));
    cpu_->stop();
    return true;
  }
  return false;
}

}  // namespace mcusim

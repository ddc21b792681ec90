// StuckDetector's SVC-loop rule (sim/svc_loop.h), called at every SVC the
// thread executes. Kept apart from the other rules in stuck_detector.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <string_view>

#include "sim/stuck_detector.h"

namespace mcusim {

// One hash over every writable RAM region (aliases once): equal fingerprints
// at two calls mean the memory a handler or the thread could read is equal.
uint64_t StuckDetector::ram_fingerprint() const {
  uint64_t h = 0;
  for (const MemoryRegion& r : m_.board.regions) {
    if (!r.writable || !r.alias_of.empty() || r.kind == RegionKind::Peripheral) continue;
    const uint8_t* bytes = m_.memory.host(r.base, r.size);
    if (!bytes) continue;
    uint64_t region = std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(bytes), r.size));
    h = h * 0x100000001b3ull ^ region;
  }
  return h;
}

std::optional<std::string> StuckDetector::svc_call(uint32_t pc, uint64_t output_bytes, double seconds) {
  SvcCall call;
  call.pc = pc;
  std::array<uint32_t, 15> core = core_registers();
  std::copy(core.begin(), core.end(), call.regs.begin());
  call.regs[15] = m_.cpu.reg(Reg::XPSR);
  call.output_bytes = output_bytes;
  svc_.on_svc(call, seconds);
  if (!svc_.repeats()) return std::nullopt;

  if (svc_.fingerprint_due()) {
    // Nothing from outside can change the next call: no timer runs and no
    // interrupt is enabled. With RAM and registers equal it repeats forever.
    bool quiet = m_.bus.next_event_cycle() == kNever && !interrupt_can_arrive(m_.exception_unit.execution_priority());
    if (svc_.fingerprint_repeats(ram_fingerprint()) && quiet)
      return fmt::format("the firmware is stuck calling SVC in a loop at {}: the call repeated {} times with the same "
                         "registers and memory, only the SVC handler ran in between, and no interrupt can arrive",
                         m_.symbolizer.where(pc), svc_.repeats() + 1);
  }
  if (idle_limit_ > 0 && svc_.repeating_for(seconds) >= idle_limit_)
    return fmt::format("the firmware idles: it calls SVC in a loop at {} with the same registers, and for {:g} s of "
                       "simulated time nothing but exception handlers ran between the calls (--idle-limit SECONDS "
                       "changes this, 0 never stops)",
                       m_.symbolizer.where(pc), idle_limit_);
  return std::nullopt;
}

}  // namespace mcusim

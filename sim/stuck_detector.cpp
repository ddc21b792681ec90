#include "sim/stuck_detector.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/spin_loop.h"

namespace mcusim {

StuckDetector::StuckDetector(Machine machine, double idle_limit_seconds) : m_(machine), idle_limit_(idle_limit_seconds) {}

std::array<uint32_t, 15> StuckDetector::core_registers() const {
  std::array<uint32_t, 15> r{};
  for (int i = 0; i < 15; ++i) r[static_cast<size_t>(i)] = m_.cpu.reg(static_cast<Reg>(i));
  return r;
}

std::optional<std::string> StuckDetector::idle(uint32_t pc, const char* what, double seconds) {
  if (idle_limit_ <= 0) return std::nullopt;
  std::array<uint32_t, 15> regs = core_registers();
  if (idle_.since < 0 || idle_.pc != pc || idle_.regs != regs || !idle_.memory.empty()) {
    idle_ = IdleState{pc, regs, {}, seconds};
    return std::nullopt;
  }
  if (seconds - idle_.since < idle_limit_) return std::nullopt;
  return fmt::format("the firmware idles: it {} at {} and for {:g} s of simulated time nothing but interrupt handlers "
                     "ran (the firmware looks finished; --idle-limit SECONDS changes this, 0 never stops)",
                     what, m_.symbolizer.where(pc), idle_limit_);
}

bool StuckDetector::interrupt_can_arrive(int threshold) const {
  if (m_.bus.next_event_cycle() == kNever) return false;
  for (int e = kSysTick; e < m_.exceptions.exception_count; ++e)
    if (m_.exceptions.enabled[e] && m_.exceptions.priority_of(e) < threshold) return true;
  return false;
}

// The loop's entry is sampled every 1024th visit and the one right after:
// when both saw the same registers and nothing ran in between, the loop
// depends only on what it loads.
std::optional<std::string> StuckDetector::polling_loop(uint32_t block, uint32_t address, uint32_t size,
                                                       uint32_t instructions, uint32_t visit, uint64_t instret,
                                                       double seconds) {
  if (!looks_at_visit(visit)) return std::nullopt;
  if ((visit & 1023) == 1) {
    poll_sample_ = Sample{block, visit, instret, core_registers()};
    return std::nullopt;
  }
  if ((visit & 1023) != 2 || poll_sample_.block != block || poll_sample_.visit + 1 != visit ||
      poll_sample_.instret + instructions != instret)
    return std::nullopt;
  std::array<uint32_t, 15> regs = core_registers();
  if (regs != poll_sample_.regs) return std::nullopt;
  const uint8_t* code = m_.memory.host(address, size);
  if (!code) return std::nullopt;
  std::vector<DecodedInsn> insns = m_.disassembler.decode(address, code, size);
  uint32_t all[16];
  std::copy(regs.begin(), regs.end(), all);
  all[15] = address;
  auto loads = spin_loads(insns, all);
  if (!loads) return std::nullopt;
  std::vector<uint32_t> ram_values;
  std::string polled;
  for (const SpinLoad& l : *loads) {
    uint32_t offset = 0;
    if (Device* d = m_.bus.device_at(l.address, &offset)) {
      if (d->changes_on_its_own(offset)) return std::nullopt;  // a timer, a counter: it will move
      if (!polled.empty()) continue;
      size_t i = 0;
      while (i < insns.size() && insns[i].address != l.pc) ++i;
      std::vector<std::string> text;
      for (const DecodedInsn& insn : insns) text.push_back(m_.disassembler.text(insn.address, code + (insn.address - address), insn.size));
      uint32_t mask = tested_bits(text, i, l.dest);
      uint32_t value = d->read(offset, 4);
      std::string name = d->register_name(offset);
      if (name.empty()) name = fmt::format("{}+0x{:x}", d->name(), offset);
      std::string bits = mask ? d->describe_bits(offset, mask) : "";
      if (mask && bits.empty()) bits = fmt::format("mask 0x{:08x}", mask);
      polled = fmt::format("{} (0x{:08x}, reads 0x{:08x}){}", name, l.address, value,
                           bits.empty() ? "" : fmt::format(", waiting for {} to change", bits));
      continue;
    }
    const MemoryRegion* r = m_.board.region_at(l.address);
    if (r && r->writable) {
      uint32_t v = 0;
      m_.memory.read(l.address, &v, 4);
      ram_values.push_back(l.address);
      ram_values.push_back(v);
    }
  }
  if (!polled.empty() && ram_values.empty())
    return fmt::format("the firmware waits forever at {}: it polls {}, and no simulated device ever changes it "
                       "on its own (docs/peripherals.md lists what is modelled)", m_.symbolizer.where(address), polled);
  if (ram_values.empty()) return std::nullopt;
  // The loop waits on memory: only an interrupt handler can change it.
  if (!interrupt_can_arrive(m_.exception_unit.execution_priority()))
    return fmt::format("the firmware waits forever at {}: it spins reading memory at 0x{:08x} that only an "
                       "interrupt could change, and no enabled interrupt can arrive", m_.symbolizer.where(address), ram_values[0]);
  if (idle_.since < 0 || idle_.pc != address || idle_.regs != regs || idle_.memory != ram_values) {
    idle_ = IdleState{address, regs, ram_values, seconds};
    return std::nullopt;
  }
  if (idle_limit_ > 0 && seconds - idle_.since >= idle_limit_)
    return fmt::format("the firmware idles: it spins at {} reading memory at 0x{:08x}, which did not change for "
                       "{:g} s of simulated time while interrupt handlers ran (--idle-limit SECONDS changes this, "
                       "0 never stops)", m_.symbolizer.where(address), ram_values[0], idle_limit_);
  return std::nullopt;
}

}  // namespace mcusim

#include "sim/alignment_checker.h"

#include <array>
#include <bit>

namespace mcusim {

namespace {
constexpr uint32_t kCcrUnalignTrap = 1u << 3;
}

AlignmentChecker::AlignmentChecker(Cpu& cpu, const MemoryMap& memory, const uint32_t& ccr, FaultFn on_fault)
    : cpu_(cpu), memory_(memory), ccr_(ccr), on_fault_(std::move(on_fault)) {}

bool AlignmentChecker::describe_block(uint32_t index, uint32_t address, const std::vector<DecodedInsn>& insns) {
  auto read_word = [this](uint32_t at) -> std::optional<uint32_t> {
    uint32_t word = 0;
    return memory_.read(at, &word, 4) ? std::optional<uint32_t>(word) : std::nullopt;
  };
  AlignmentPlan plan = plan_alignment_checks(insns, (ccr_ & kCcrUnalignTrap) != 0, read_word);
  if (blocks_.size() <= index) blocks_.resize(index + 1);
  Block& b = blocks_[index];
  uint32_t end = insns.empty() ? address : insns.back().address + insns.back().size;
  b = Block{static_cast<uint32_t>(entry_.size()), 0, address, end, plan.loop,
            plan.loop.step_multiple_of_4 == 0 && plan.loop.step_even == 0, false};
  bool new_hooks = false;
  for (const PlannedCheck& check : plan.checks) {
    if (hooked_.count(check.access.pc)) continue;
    if (check.at == CheckAt::Instruction) {
      hook_site(check.access);
      new_hooks = true;
    } else {
      entry_.push_back(check.entry);
      direct_.push_back(check.access);
      ++b.count;
    }
  }
  return new_hooks;
}

bool AlignmentChecker::misaligned(const CheckedAccess& a, uint32_t& address) const {
  if (a.only_when_trapping && !(ccr_ & kCcrUnalignTrap)) return false;
  // As evaluate_address, without its callbacks: this runs at block entries.
  uint32_t at = static_cast<uint32_t>(a.disp);
  if (a.loaded) {
    uint32_t word = 0;
    // A base from memory the map does not hold (a peripheral): check on the instruction.
    if (!memory_.read(cpu_.reg(static_cast<Reg>(a.terms[0].reg)) + static_cast<uint32_t>(a.load_disp), &word, 4)) return true;
    at += word;
  } else {
    for (const AddressTerm& t : a.terms) {
      if (t.reg < 0) continue;
      uint32_t v = cpu_.reg(static_cast<Reg>(t.reg)) << t.shift;
      at = t.subtract ? at - v : at + v;
    }
  }
  address = at;
  // Sizes are 2 or 4: a mask, not a division (a divide per check was most
  // of this function's time at block entries).
  uint32_t mask = a.bytes - 1u;
  return (a.bytes & mask) == 0 ? (at & mask) != 0 : at % a.bytes != 0;
}

bool AlignmentChecker::check_entry(Block& b) {
  ++entry_checks_run_;
  bool hooked = false;
  for (uint32_t i = b.first; i < b.first + b.count; ++i) {
    uint32_t address = 0;
    if (!misaligned(entry_[i], address) || hooked_.count(direct_[i].pc)) continue;
    hook_site(direct_[i]);
    hooked = true;
  }
  // Aligned now: the next runs of the block straight after itself stay so
  // when the registers it steps by are multiples of 4 (2, shifted by one).
  bool steps_qualify = b.loop.holds;
  uint32_t steps = (b.loop.step_multiple_of_4 | b.loop.step_even) & 0x7FFFu;
  for (; steps && steps_qualify; steps &= steps - 1) {  // the step registers only
    int r = std::countr_zero(steps);
    uint32_t bit = 1u << r;
    uint32_t v = cpu_.reg(static_cast<Reg>(r));
    if ((b.loop.step_multiple_of_4 & bit) && v % 4 != 0) steps_qualify = false;
    if ((b.loop.step_even & bit) && v % 2 != 0) steps_qualify = false;
  }
  b.loop_keeps_alignment = steps_qualify && !hooked;
  return hooked;
}

void AlignmentChecker::hook_site(const CheckedAccess& direct) {
  hooked_.insert(direct.pc);
  sites_.push_back({this, direct});
  cpu_.add_code_hook(&AlignmentChecker::on_hook, &sites_.back(), direct.pc, direct.pc);
}

void AlignmentChecker::on_hook(uc_struct*, uint64_t pc, uint32_t, void* site_ptr) {
  const Site& site = *static_cast<const Site*>(site_ptr);
  uint32_t address = 0;
  if (site.checker->misaligned(site.access, address))
    site.checker->on_fault_(static_cast<uint32_t>(pc), address, site.access);
}

}  // namespace mcusim

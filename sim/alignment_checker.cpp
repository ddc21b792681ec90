#include "sim/alignment_checker.h"

#include <array>
#include <algorithm>
#include <bit>

namespace mcusim {

namespace {
constexpr uint32_t kCcrUnalignTrap = 1u << 3;
}  // namespace

AlignmentChecker::EntryCheck AlignmentChecker::compile(const CheckedAccess& a) {
  EntryCheck e;
  e.disp = static_cast<uint32_t>(a.disp);
  e.mask = static_cast<uint8_t>(a.bytes - 1u);
  e.general = a.loaded || a.only_when_trapping || (a.bytes & e.mask) != 0;
  auto term = [](const AddressTerm& t, uint8_t& reg, uint32_t& mul) {
    if (t.reg < 0) return;
    reg = static_cast<uint8_t>(t.reg);
    mul = (t.subtract ? ~0u : 1u) << t.shift;  // -1 is ~0 modulo 2^32
  };
  term(a.terms[0], e.a, e.mul_a);
  term(a.terms[1], e.b, e.mul_b);
  return e;
}

AlignmentChecker::AlignmentChecker(Cpu& cpu, const MemoryMap& memory, const uint32_t& ccr, FaultFn on_fault)
    : cpu_(cpu), memory_(memory), ccr_(ccr), on_fault_(std::move(on_fault)) {
  for (size_t i = 0; i < slots_.size(); ++i) slot_ptrs_[i] = &slots_[i];
}

bool AlignmentChecker::describe_block(uint32_t index, uint32_t address, const std::vector<DecodedInsn>& insns) {
  auto read_word = [this](uint32_t at) -> std::optional<uint32_t> {
    uint32_t word = 0;
    return memory_.read(at, &word, 4) ? std::optional<uint32_t>(word) : std::nullopt;
  };
  AlignmentPlan plan = plan_alignment_checks(insns, (ccr_ & kCcrUnalignTrap) != 0, read_word);
  if (blocks_.size() <= index) {
    blocks_.resize(index + 1);
    skips_.resize(index + 1);
    plain_.resize(index + 1);
  } else {
    unlink_prefixes(index);  // described before, then dropped for new hooks: the index may now be other code
  }
  skips_[index] = Skip{};
  Block& b = blocks_[index];
  uint32_t end = insns.empty() ? address : insns.back().address + insns.back().size;
  b = Block{};
  b.first = static_cast<uint32_t>(entry_.size());
  b.address = address;
  b.end = end;
  b.loop = plan.loop;
  b.constant_steps = plan.loop.step_multiple_of_4 == 0 && plan.loop.step_even == 0;
  bool new_hooks = false;
  uint16_t reads = 0;
  for (const PlannedCheck& check : plan.checks) {
    if (hooked_.count(check.access.pc)) continue;
    if (check.at == CheckAt::Instruction) {
      hook_site(check.access);
      new_hooks = true;
    } else {
      entry_.push_back(check.entry);
      compiled_.push_back(compile(check.entry));
      direct_.push_back(check.access);
      ++b.count;
      for (const AddressTerm& t : check.entry.terms)
        if (t.reg >= 0) reads |= static_cast<uint16_t>(1u << t.reg);
    }
  }
  if (b.loop.holds) reads |= (b.loop.step_multiple_of_4 | b.loop.step_even);
  b.reads_first = static_cast<uint32_t>(read_ids_.size());
  for (unsigned r = 0; r < 15; ++r) {
    if (!(reads & (1u << r))) continue;
    read_ids_.push_back(Cpu::engine_reg_id(static_cast<Reg>(r)));
    read_values_.push_back(&regs_[r]);
    ++b.reads_count;
  }
  plain_[index] = Plain{};
  make_plain(index, b);
  // Only blocks with checks can be, or have, a prefix that matters.
  if (!plan.checks.empty()) link_prefixes(index);
  return new_hooks;
}

void AlignmentChecker::make_plain(uint32_t index, const Block& b) {
  // A loop whose steps depend on registers needs them tested on each pass.
  if (b.count == 0 || (b.loop.holds && !b.constant_steps)) return;
  struct Term {
    int reg;
    PlainTerm t;
  };
  std::vector<Term> terms;
  for (uint32_t i = b.first; i < b.first + b.count; ++i) {
    const EntryCheck& e = compiled_[i];
    // One register, added or subtracted unshifted: (disp +- r) & mask is 0
    // exactly when (r +- disp) & mask is.
    if (e.general || e.b != 15 || e.a == 15 || (e.mul_a != 1u && e.mul_a != ~0u)) return;
    PlainTerm t{e.mul_a == 1u ? e.disp : 0u - e.disp, e.mask, e.a};
    auto same = std::find_if(terms.begin(), terms.end(), [&](const Term& o) { return o.reg == e.a; });
    if (same == terms.end()) {
      terms.push_back({e.a, t});
      continue;
    }
    // Two accesses from one register: one record when their displacements
    // agree modulo the smaller mask (the larger mask then decides both).
    if (((same->t.disp - t.disp) & std::min(same->t.mask, t.mask)) != 0) return;
    if (t.mask > same->t.mask) same->t = t;
  }
  plain_[index] = {static_cast<uint32_t>(plain_ids_.size()), static_cast<uint16_t>(terms.size()), b.loop.holds};
  for (const Term& t : terms) {
    plain_ids_.push_back(Cpu::engine_reg_id(static_cast<Reg>(t.reg)));
    plain_terms_.push_back(t.t);
  }
}

void AlignmentChecker::unlink_prefixes(uint32_t index) {
  auto found = blocks_ending_at_.find(blocks_[index].end);
  if (found == blocks_ending_at_.end()) return;
  std::vector<uint32_t>& same_end = found->second;
  std::erase(same_end, index);
  for (uint32_t other : same_end) {
    if (blocks_[other].prefix != index) continue;
    blocks_[other].prefix = kNoBlock;
    update_skip(other);
  }
}

void AlignmentChecker::link_prefixes(uint32_t index) {
  std::vector<uint32_t>& same_end = blocks_ending_at_[blocks_[index].end];
  for (uint32_t other : same_end) {
    Block& o = blocks_[other];
    Block& b = blocks_[index];
    if (o.address < b.address) b.prefix = other;
    if (b.address < o.address) {
      o.prefix = index;
      update_skip(other);
    }
  }
  same_end.push_back(index);
  update_skip(index);
}

// As evaluate_address, without its std::function callbacks: this runs at
// block entries. `reg` gives a core register's value.
template <class RegFn>
bool AlignmentChecker::misaligned_with(const CheckedAccess& a, RegFn reg, uint32_t& address) const {
  if (a.only_when_trapping && !(ccr_ & kCcrUnalignTrap)) return false;
  uint32_t at = static_cast<uint32_t>(a.disp);
  if (a.loaded) {
    uint32_t word = 0;
    // A base from memory the map does not hold (a peripheral): check on the instruction.
    if (!memory_.read(reg(a.terms[0].reg) + static_cast<uint32_t>(a.load_disp), &word, 4)) return true;
    at += word;
  } else {
    for (const AddressTerm& t : a.terms) {
      if (t.reg < 0) continue;
      uint32_t v = reg(t.reg) << t.shift;
      at = t.subtract ? at - v : at + v;
    }
  }
  address = at;
  // Sizes are 2 or 4: a mask, not a division (a divide per check was most
  // of this function's time at block entries).
  uint32_t mask = a.bytes - 1u;
  return (a.bytes & mask) == 0 ? (at & mask) != 0 : at % a.bytes != 0;
}

bool AlignmentChecker::misaligned(const CheckedAccess& a, uint32_t& address) const {
  return misaligned_with(a, [this](int r) { return cpu_.reg(static_cast<Reg>(r)); }, address);
}

bool AlignmentChecker::misaligned_at_entry(const CheckedAccess& a) const {
  uint32_t address = 0;
  return misaligned_with(a, [this](int r) { return regs_[static_cast<size_t>(r)]; }, address);
}

void AlignmentChecker::update_skip(uint32_t index) {
  const Block& b = blocks_[index];
  skips_[index] = {b.loop_keeps_alignment ? index : kNoBlock,
                   b.loop_keeps_alignment && b.constant_steps ? b.prefix : kNoBlock};
}

bool AlignmentChecker::check_entry(uint32_t index) {
  ++entry_checks_run_;
  const Plain p = plain_[index];
  if (p.count != 0) {
    const PlainTerm* terms = plain_terms_.data() + p.first;
    uint32_t bad = 0;
    if (const uint32_t* live = cpu_.live_regs()) {
      for (uint32_t i = 0; i < p.count; ++i) bad |= (live[terms[i].reg] + terms[i].disp) & terms[i].mask;
    } else {
      cpu_.read_regs(plain_ids_.data() + p.first, slot_ptrs_.data(), static_cast<int>(p.count));
      for (uint32_t i = 0; i < p.count; ++i) bad |= (slots_[i] + terms[i].disp) & terms[i].mask;
    }
    if (bad == 0) {
      // What check_general decides on a pass: a constant-step loop keeps alignment.
      if (p.loop_holds != blocks_[index].loop_keeps_alignment) {
        blocks_[index].loop_keeps_alignment = p.loop_holds;
        update_skip(index);
      }
      return false;
    }
  }
  return check_general(index);
}

bool AlignmentChecker::check_general(uint32_t index) {
  Block& b = blocks_[index];
  if (const uint32_t* live = cpu_.live_regs())
    std::copy(live, live + 15, regs_.begin());  // r0-r14; regs_[15] stays 0
  else
    cpu_.read_regs(read_ids_.data() + b.reads_first, read_values_.data() + b.reads_first, b.reads_count);
  uint32_t bad = 0;  // no branch per access on the (usual) pass path
  for (uint32_t i = b.first, end = b.first + b.count; i < end; ++i) {
    const EntryCheck& e = compiled_[i];
    bad |= e.general ? misaligned_at_entry(entry_[i]) : (e.disp + regs_[e.a] * e.mul_a + regs_[e.b] * e.mul_b) & e.mask;
  }
  bool hooked = bad && hook_misaligned(b);
  // Aligned now: the next runs of the block straight after itself stay so
  // when the registers it steps by are multiples of 4 (2, shifted by one).
  bool keeps = b.loop.holds && !hooked && (b.constant_steps || steps_qualify(b));
  if (keeps != b.loop_keeps_alignment) {
    b.loop_keeps_alignment = keeps;
    update_skip(index);
  }
  return hooked;
}

bool AlignmentChecker::steps_qualify(const Block& b) const {
  for (uint32_t steps = b.loop.step_multiple_of_4 & 0x7FFFu; steps; steps &= steps - 1)
    if (regs_[std::countr_zero(steps)] % 4 != 0) return false;
  for (uint32_t steps = b.loop.step_even & 0x7FFFu; steps; steps &= steps - 1)
    if (regs_[std::countr_zero(steps)] % 2 != 0) return false;
  return true;
}

bool AlignmentChecker::hook_misaligned(const Block& b) {
  bool hooked = false;
  for (uint32_t i = b.first; i < b.first + b.count; ++i) {
    if (!misaligned_at_entry(entry_[i]) || hooked_.count(direct_[i].pc)) continue;
    hook_site(direct_[i]);
    hooked = true;
  }
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

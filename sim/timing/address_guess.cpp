#include "sim/timing/address_guess.h"

#include <capstone/capstone.h>

#include <array>
#include <bit>

namespace mcusim {
namespace {

constexpr RegMask kCore = 0x7FFF;  // R0..R14

bool single_core_register(RegMask m) { return m != 0 && (m & ~kCore) == 0 && (m & (m - 1)) == 0; }

// `adds r2, #20` / `add r2, r2, #20`: a pointer stepping by a constant stays
// in the memory it points into.
bool steps_in_place(const DecodedInsn& d) {
  const bool add_or_sub = d.id == ARM_INS_ADD || d.id == ARM_INS_SUB || d.id == ARM_INS_ADDW || d.id == ARM_INS_SUBW;
  return add_or_sub && single_core_register(d.writes) && d.writes == d.reads;
}

// The signed step of an in-place ADD/SUB by a constant (`adds r2, #20`);
// none for any other instruction, a step by a register among them.
std::optional<int64_t> constant_step(const DecodedInsn& d) {
  if (!steps_in_place(d) || d.arith.rm >= 0) return std::nullopt;
  if (d.arith.op == ArithOp::Add) return int64_t{d.arith.imm};
  if (d.arith.op == ArithOp::Sub) return -int64_t{d.arith.imm};
  return std::nullopt;
}

// Bytes by which the block's ADD/SUB #imm move register r in one execution
// (0 when they cancel or r is not stepped that way).
uint32_t in_place_step(const std::vector<DecodedInsn>& insns, unsigned r) {
  int64_t step = 0;
  for (const DecodedInsn& d : insns)
    if (const std::optional<int64_t> c = constant_step(d); c && d.writes == (RegMask{1} << r)) step += *c;
  return static_cast<uint32_t>(step < 0 ? -step : step);
}

// How far each core register's value moves from one execution of the block
// to the next, where the block shows it: 0 for one it never writes, the net
// step of one it only steps by constants (ADD/SUB #imm in place, writebacks
// of a known step); unknown (nullopt) for any other. Registers the block
// computes from these by ADD/SUB/MOV get theirs as it runs (below).
std::array<std::optional<int64_t>, 15> self_steps(const std::vector<DecodedInsn>& insns) {
  std::array<std::optional<int64_t>, 15> step;
  for (auto& s : step) s = 0;
  for (const DecodedInsn& d : insns) {
    const std::optional<int64_t> constant = constant_step(d);
    for (unsigned r = 0; r < 15; ++r) {
      const RegMask bit = RegMask{1} << r;
      if (!step[r]) continue;
      if ((d.writeback & bit) && !(d.writes & bit)) {
        if (d.writeback_known) *step[r] += d.writeback_step;
        else step[r] = std::nullopt;
      } else if (d.writes & bit) {
        if (constant) *step[r] += *constant;
        else step[r] = std::nullopt;
      }
    }
  }
  return step;
}

}  // namespace

void guess_data_addresses(std::vector<DecodedInsn>& insns, const std::function<uint32_t(unsigned)>& reg_at_entry,
                          const std::function<std::optional<uint32_t>(uint32_t)>& read_word) {
  // Pointers the block walks: stepped by a writeback or by ADD/SUB #imm.
  RegMask stepped_in_block = 0, stepped_in_place = 0;
  for (const DecodedInsn& d : insns) {
    stepped_in_block |= (d.writeback | (steps_in_place(d) ? d.writes : 0)) & kCore;
    stepped_in_place |= (steps_in_place(d) ? d.writes : 0) & kCore;
  }
  // An index register stepped by ADD/SUB #imm walks its access too
  // (`ldrsb r4, [ip, r2]; adds r2, #16`): by the step, shifted as the access
  // shifts the index, shared by the accesses from the same base (each base
  // is a table of its own).
  const auto accesses_like = [&insns](const DecodedInsn& a) {
    uint32_t n = 0;
    for (const DecodedInsn& d : insns) n += d.mem_base == a.mem_base && d.mem_index == a.mem_index && !d.literal;
    return n;
  };

  // What is known of each core register: its value at entry plus the
  // writeback steps since, a word loaded from a literal pool, or a copy.
  std::array<std::optional<uint32_t>, 15> value;
  for (unsigned r = 0; r < 15; ++r) value[r] = reg_at_entry(r);
  // How each register moves per execution; a register the block computes
  // (`add.w r1, r2, #4608; add r1, sl` with r2 stepped by `adds r2, #64`)
  // walks as its sources do: a table read through an index the loop steps,
  // as GCC compiles `w[(ky * 3 + kx) * C + c]`.
  std::array<std::optional<int64_t>, 15> walk = self_steps(insns);
  RegMask computed_here = 0;  // registers whose value (and walk) an ADD/SUB/MOV of the block computed
  RegMask from_memory = 0;    // registers whose value comes from a pointer the block loaded (or from one)
  // Stores the block made so far, by guessed address: a pointer reloaded
  // from memory they may have written is not followed.
  std::vector<std::pair<uint32_t, uint32_t>> stored;  // [address, end)
  bool unknown_store = false;
  const auto may_have_stored = [&](uint32_t at) {
    if (unknown_store) return true;
    for (const auto& [begin, end] : stored)
      if (at + 4 > begin && at < end) return true;
    return false;
  };
  for (DecodedInsn& d : insns) {
    const bool has_base = d.mem_base >= 0 && d.mem_base < 15 && !d.literal;
    if (has_base && value[d.mem_base] && d.writeback_known) {
      // Pre-indexed and offset forms access base + displacement;
      // post-indexed forms carry their step as the writeback. The index
      // register is not added: the guess is the base's object.
      int64_t address = *value[d.mem_base];
      const bool post_indexed = d.writeback != 0 && d.mem_disp == 0;
      if (!post_indexed) address += d.mem_disp;
      if (d.mem_descending) address -= d.mem_bytes;
      d.address_guessed = true;
      d.guessed_address = static_cast<uint32_t>(address);
      const RegMask base = RegMask{1} << d.mem_base;
      d.guess_through_memory = (from_memory & base) != 0;
      const bool index_walks = d.mem_index >= 0 && d.mem_index < 15 && d.mem_index != d.mem_base &&
                               (stepped_in_place & (RegMask{1} << d.mem_index)) != 0;
      // A base the block computes from stepped registers walks by their steps.
      const int64_t computed = (computed_here & base) ? walk[d.mem_base].value_or(0) : 0;
      const bool computed_walks = (stepped_in_block & base) == 0 && !index_walks && computed != 0;
      d.address_advances = (stepped_in_block & base) != 0 || index_walks || computed_walks;
      // Writeback walks carry their step per access (writeback_step); a
      // step by ADD/SUB is shared by the accesses through the register.
      d.walk_through_index = computed_walks;
      if (computed_walks) {
        d.walk_step = static_cast<uint32_t>(computed < 0 ? -computed : computed);
      } else if (index_walks && (stepped_in_block & base) == 0) {
        const auto index = static_cast<unsigned>(d.mem_index);
        d.walk_step = (in_place_step(insns, index) << d.mem_shift) / accesses_like(d);
      } else if (d.writeback != 0) {
        d.walk_step = static_cast<uint32_t>(d.writeback_step < 0 ? -d.writeback_step : d.writeback_step);
      }
    }
    if (is_data_store(d.cls)) {
      if (d.address_guessed) stored.emplace_back(d.guessed_address, d.guessed_address + std::max<uint32_t>(d.mem_bytes, d.words * 4u));
      else unknown_store = true;
    }
    if (has_base && value[d.mem_base])
      value[d.mem_base] = d.writeback_known ? std::optional<uint32_t>(*value[d.mem_base] + static_cast<uint32_t>(d.writeback_step))
                                            : std::nullopt;
    const RegMask results = d.writes & ~d.writeback & kCore;
    if (steps_in_place(d)) {
      // Followed when the step is a constant, so that a guess stays in the
      // object the pointer walks (fast timing looks its size up).
      const auto r = static_cast<unsigned>(std::countr_zero(results));
      if (const std::optional<int64_t> constant = constant_step(d); value[r] && constant)
        *value[r] += static_cast<uint32_t>(*constant);
      continue;
    }
    if (results == 0) continue;
    const unsigned target = static_cast<unsigned>(std::countr_zero(results));
    const RegArith& a = d.arith;
    const bool sum = (a.op == ArithOp::Add || a.op == ArithOp::Sub) && single_core_register(results) &&
                     a.rd == static_cast<int8_t>(target) && a.rn >= 0 && a.rn < 15 && a.rm < 15;
    if (d.literal && d.cls == InsnClass::Load && single_core_register(results) && read_word) {
      value[target] = read_word(d.literal_address);  // a pointer from the literal pool
      walk[target] = std::nullopt;
      computed_here &= ~results;
      from_memory &= ~results;
    } else if (d.cls == InsnClass::Load && d.mem_bytes == 4 && d.address_guessed && single_core_register(results) &&
               read_word && !may_have_stored(d.guessed_address)) {
      // A pointer kept in memory (`ldr r3, [sp, #12]; ldrd r1, r2, [r3]`:
      // a bias pointer spilled to the stack, a tensor's data pointer in its
      // struct): the word there now, which the load is about to read. Where
      // it points, not how it moves: no walk, and no bank (the next
      // execution may find another pointer there).
      value[target] = read_word(d.guessed_address);
      walk[target] = std::nullopt;
      computed_here &= ~results;
      from_memory |= results;
    } else if (d.arith.op == ArithOp::Move && d.arith.rm < 0 && single_core_register(results) &&
               d.arith.rd == static_cast<int8_t>(target)) {
      // `movs r2, #0` starting a loop's index: the same value at every
      // execution, so what the block computes from it does not walk.
      value[target] = static_cast<uint32_t>(d.arith.imm);
      walk[target] = 0;
      computed_here |= results;
      from_memory &= ~results;
    } else if (d.id == ARM_INS_MOV && single_core_register(results) && single_core_register(d.reads & kCore)) {
      const auto source = static_cast<unsigned>(std::countr_zero(d.reads & kCore));
      value[target] = value[source];
      walk[target] = walk[source];
      computed_here |= results;
      from_memory = (from_memory & ~results) | ((from_memory >> source) & 1u ? results : 0);
    } else if (sum) {
      // rd = rn +/- (rm << shift) or rd = rn +/- imm: value and walk alike.
      const bool add = a.op == ArithOp::Add;
      std::optional<uint32_t> v = value[a.rn];
      std::optional<int64_t> w = walk[a.rn];
      if (a.rm >= 0) {
        const std::optional<uint32_t> vm = value[a.rm];
        const std::optional<int64_t> wm = walk[a.rm];
        v = v && vm ? std::optional<uint32_t>(add ? *v + (*vm << a.shift) : *v - (*vm << a.shift)) : std::nullopt;
        w = w && wm ? std::optional<int64_t>(add ? *w + (*wm << a.shift) : *w - (*wm << a.shift)) : std::nullopt;
      } else if (v) {
        v = add ? *v + static_cast<uint32_t>(a.imm) : *v - static_cast<uint32_t>(a.imm);
      }
      value[target] = v;
      walk[target] = w;
      computed_here |= results;
      const RegMask sources = (RegMask{1} << a.rn) | (a.rm >= 0 ? RegMask{1} << a.rm : 0);
      from_memory = (from_memory & ~results) | ((from_memory & sources) ? results : 0);
    } else {
      for (unsigned r = 0; r < 15; ++r)
        if (results & (RegMask{1} << r)) value[r] = std::nullopt, walk[r] = std::nullopt;
      computed_here &= ~results;
      from_memory &= ~results;
    }
  }
}

}  // namespace mcusim

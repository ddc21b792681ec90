#include "profiler/cycle_model/address_guess.h"

#include <capstone/capstone.h>

namespace mcusim {
namespace {

// `adds r2, #20` / `add r2, r2, #20`: a pointer stepping by a constant stays
// in the memory it points into.
bool steps_in_place(const DecodedInsn& d) {
  const bool add_or_sub = d.id == ARM_INS_ADD || d.id == ARM_INS_SUB || d.id == ARM_INS_ADDW || d.id == ARM_INS_SUBW;
  return add_or_sub && d.writes != 0 && d.writes == d.reads && (d.writes & (d.writes - 1)) == 0;
}

}  // namespace

void guess_data_addresses(std::vector<DecodedInsn>& insns, const std::function<uint32_t(unsigned)>& reg_at_entry) {
  constexpr RegMask kCore = 0x7FFF;  // R0..R14
  RegMask changed_in_block = 0;
  for (const DecodedInsn& d : insns) changed_in_block |= (d.writes | d.writeback) & kCore;

  RegMask reloaded = 0;           // written by an instruction before, other than by writeback
  int64_t advanced[15] = {};      // writeback steps applied so far
  for (DecodedInsn& d : insns) {
    const bool has_base = d.mem_base >= 0 && d.mem_base < 15 && !d.literal;
    const RegMask base_bit = has_base ? RegMask{1} << d.mem_base : 0;
    if (has_base && (reloaded & base_bit) == 0 && d.writeback_known) {
      // Steps by ADD/SUB are not followed: the guess may be off by them, but
      // stays in the same memory.
      int64_t address = int64_t{reg_at_entry(static_cast<unsigned>(d.mem_base))} + advanced[d.mem_base];
      // Pre-indexed and offset forms access base + displacement; post-indexed
      // forms carry their step as the writeback and access the base itself.
      const bool post_indexed = d.writeback != 0 && d.mem_disp == 0;
      if (!post_indexed) address += d.mem_disp;
      if (d.mem_descending) address -= d.mem_bytes;
      d.address_guessed = true;
      d.guessed_address = static_cast<uint32_t>(address);
      d.base_advances = (changed_in_block & base_bit) != 0;
    }
    if (has_base && d.writeback_known) advanced[d.mem_base] += d.writeback_step;
    if (!steps_in_place(d)) reloaded |= d.writes & ~d.writeback & kCore;
    if (has_base && !d.writeback_known) reloaded |= base_bit;
  }
}

}  // namespace mcusim

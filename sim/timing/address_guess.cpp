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

}  // namespace

void guess_data_addresses(std::vector<DecodedInsn>& insns, const std::function<uint32_t(unsigned)>& reg_at_entry,
                          const std::function<std::optional<uint32_t>(uint32_t)>& read_word) {
  // Pointers the block walks: stepped by a writeback or by ADD/SUB #imm.
  RegMask stepped_in_block = 0;
  for (const DecodedInsn& d : insns) stepped_in_block |= (d.writeback | (steps_in_place(d) ? d.writes : 0)) & kCore;

  // What is known of each core register: its value at entry plus the
  // writeback steps since, a word loaded from a literal pool, or a copy.
  std::array<std::optional<uint32_t>, 15> value;
  for (unsigned r = 0; r < 15; ++r) value[r] = reg_at_entry(r);
  for (DecodedInsn& d : insns) {
    const bool has_base = d.mem_base >= 0 && d.mem_base < 15 && !d.literal;
    if (has_base && value[d.mem_base] && d.writeback_known) {
      // Steps by ADD/SUB are not followed: the guess may be off by them, but
      // stays in the same memory. Pre-indexed and offset forms access base +
      // displacement; post-indexed forms carry their step as the writeback.
      int64_t address = *value[d.mem_base];
      const bool post_indexed = d.writeback != 0 && d.mem_disp == 0;
      if (!post_indexed) address += d.mem_disp;
      if (d.mem_descending) address -= d.mem_bytes;
      d.address_guessed = true;
      d.guessed_address = static_cast<uint32_t>(address);
      d.base_advances = (stepped_in_block & (RegMask{1} << d.mem_base)) != 0;
    }
    if (has_base && value[d.mem_base])
      value[d.mem_base] = d.writeback_known ? std::optional<uint32_t>(*value[d.mem_base] + static_cast<uint32_t>(d.writeback_step))
                                            : std::nullopt;
    const RegMask results = d.writes & ~d.writeback & kCore;
    if (results == 0 || steps_in_place(d)) continue;
    const unsigned target = static_cast<unsigned>(std::countr_zero(results));
    if (d.literal && d.cls == InsnClass::Load && single_core_register(results) && read_word) {
      value[target] = read_word(d.literal_address);  // a pointer from the literal pool
    } else if (d.id == ARM_INS_MOV && single_core_register(results) && single_core_register(d.reads & kCore)) {
      value[target] = value[std::countr_zero(d.reads & kCore)];
    } else {
      for (unsigned r = 0; r < 15; ++r)
        if (results & (RegMask{1} << r)) value[r] = std::nullopt;
    }
  }
}

}  // namespace mcusim

#include "sim/alignment.h"

#include <array>
#include <bit>

namespace mcusim {

AlignmentCheck alignment_check(const DecodedInsn& d) {
  if (d.mem_base < 0 || d.mem_base == 15) return {};  // no data access, or a literal (aligned by the toolchain)
  AlignmentCheck check;
  switch (d.cls) {
    case InsnClass::LoadMultiple: case InsnClass::StoreMultiple:
    case InsnClass::LoadDual: case InsnClass::StoreDual:
    case InsnClass::FpLoad: case InsnClass::FpStore:
    case InsnClass::FpLoadMultiple: case InsnClass::FpStoreMultiple:
      check = {AlignmentRule::Always, 4};
      break;
    case InsnClass::LoadExclusive: case InsnClass::StoreExclusive:
      check = {AlignmentRule::Always, static_cast<uint8_t>(d.mem_bytes)};
      break;
    case InsnClass::Load: case InsnClass::LoadNarrow: case InsnClass::Store:
      check = {AlignmentRule::WhenTrapping, static_cast<uint8_t>(d.mem_bytes)};
      break;
    default:
      return {};
  }
  if (check.bytes < 2) return {};
  bool sp_at_word_offset = d.mem_base == 13 && d.mem_index < 0 && d.mem_disp % 4 == 0;
  if (sp_at_word_offset) return {};
  return check;
}

std::vector<PlannedCheck> plan_alignment_checks(const std::vector<DecodedInsn>& block, bool trapping,
                                                const std::function<std::optional<uint32_t>(uint32_t)>& read_word) {
  std::vector<PlannedCheck> plan;
  RegMask changed = 0;                      // registers changed so far, other than by constant writebacks
  std::array<int32_t, 16> stepped{};        // constant writeback steps so far, per base register
  std::array<std::optional<uint32_t>, 16> constant;  // registers loaded from a literal pool in this block
  for (const DecodedInsn& d : block) {
    AlignmentCheck check = alignment_check(d);
    if (check.rule == AlignmentRule::Always || (check.rule == AlignmentRule::WhenTrapping && trapping)) {
      CheckedAccess a{d.address, d.mem_base, d.mem_index, d.mem_shift, d.mem_subtract, d.mem_disp, check.bytes,
                      check.rule == AlignmentRule::WhenTrapping};
      RegMask operands = (RegMask{1} << d.mem_base) | (d.mem_index >= 0 ? RegMask{1} << d.mem_index : 0);
      if (constant[d.mem_base] && d.mem_index < 0) {
        // Known address: only a misaligned one needs the (faulting) hook.
        if ((*constant[d.mem_base] + static_cast<uint32_t>(d.mem_disp)) % check.bytes != 0)
          plan.push_back({a, CheckAt::Instruction});
      } else if (operands & changed) {
        plan.push_back({a, CheckAt::Instruction});
      } else {
        a.disp += stepped[d.mem_base];
        plan.push_back({a, CheckAt::BlockEntry});
      }
    }
    // A conditional instruction may not run: its effect is unknown.
    bool known_step = d.writeback_known && !d.conditional;
    RegMask arbitrary = d.writes & ~(known_step ? d.writeback : 0);
    if (!known_step) arbitrary |= d.writeback;
    if (known_step && d.mem_base >= 0 && d.mem_base < 16 && (d.writeback & (RegMask{1} << d.mem_base))) {
      stepped[d.mem_base] += d.writeback_step;
      if (constant[d.mem_base]) *constant[d.mem_base] += static_cast<uint32_t>(d.writeback_step);
    }
    for (unsigned r = 0; r < 16; ++r)
      if (arbitrary & (RegMask{1} << r)) constant[r].reset();
    changed |= arbitrary;
    bool literal_word = d.literal && d.cls == InsnClass::Load && d.mem_bytes == 4 && !d.conditional;
    if (literal_word && std::popcount(d.writes & 0xFFFF) == 1) {
      unsigned r = static_cast<unsigned>(std::countr_zero(d.writes & 0xFFFF));
      if (r < 13) constant[r] = read_word(d.literal_address);
    }
  }
  return plan;
}

}  // namespace mcusim

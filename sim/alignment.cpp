#include "sim/alignment.h"

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

}  // namespace mcusim

// Which accesses the core requires to be aligned (Armv7-M ARM A3.2.1): LDM,
// STM, LDRD, STRD, the exclusives and every FP load/store always; word and
// halfword LDR/STR only while CCR.UNALIGN_TRP is set. Unicorn performs them
// all, so the simulator checks the ones that can be misaligned itself.
#pragma once

#include <cstdint>

#include "sim/decoded_insn.h"

namespace mcusim {

enum class AlignmentRule : uint8_t { None, Always, WhenTrapping };

struct AlignmentCheck {
  AlignmentRule rule = AlignmentRule::None;
  uint8_t bytes = 0;  // the address must be a multiple of this
};

// What `insn` needs checked at run time. None when it cannot fault for
// alignment: byte accesses, and SP-based word accesses at a word offset (SP
// is always word aligned).
AlignmentCheck alignment_check(const DecodedInsn& insn);

}  // namespace mcusim

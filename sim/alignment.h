// Which accesses the core requires to be aligned (Armv7-M ARM A3.2.1): LDM,
// STM, LDRD, STRD, the exclusives and every FP load/store always; word and
// halfword LDR/STR only while CCR.UNALIGN_TRP is set. Unicorn performs them
// all, so the simulator checks the ones that can be misaligned itself.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

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

// An access to check: address = reg[base] + disp (+/- reg[index] << shift).
struct CheckedAccess {
  uint32_t pc = 0;  // the accessing instruction
  int8_t base = 0, index = -1;
  uint8_t shift = 0;
  bool subtract = false;
  int32_t disp = 0;
  uint8_t bytes = 4;
  bool only_when_trapping = false;  // word/halfword LDR/STR: only with CCR.UNALIGN_TRP
};

// Where a check can run. A code hook on the instruction is exact but costly
// (Unicorn walks every code hook on each call), so an access whose address
// registers nothing earlier in the block changes (constant base writebacks
// are followed, and folded into disp) is checked at block entry instead.
enum class CheckAt : uint8_t { BlockEntry, Instruction };

struct PlannedCheck {
  CheckedAccess access;
  CheckAt at;
};

// The checks one translated block needs. `trapping`: CCR.UNALIGN_TRP now.
// `read_word` reads a literal pool word: a base loaded from one is a
// constant, so an aligned access from it needs no check at all.
std::vector<PlannedCheck> plan_alignment_checks(const std::vector<DecodedInsn>& block, bool trapping,
                                                const std::function<std::optional<uint32_t>(uint32_t)>& read_word);

}  // namespace mcusim

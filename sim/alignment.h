// Which accesses the core requires to be aligned (Armv7-M ARM A3.2.1): LDM,
// STM, LDRD, STRD, the exclusives and every FP load/store always; word and
// halfword LDR/STR only while CCR.UNALIGN_TRP is set. Unicorn performs them
// all, so the simulator checks the ones that can be misaligned itself.
#pragma once

#include <array>
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

// One register term of an address: +/- (reg << shift).
struct AddressTerm {
  int8_t reg = -1;  // -1: no term
  uint8_t shift = 0;
  bool subtract = false;
};

// An access to check, its address as a function of the registers at block
// entry (or, for a check on the instruction itself, at that instruction):
//   address = sum of terms + disp, or with `loaded`:
//   address = word at (reg[terms[0].reg] + load_disp) + disp.
// Alignment needs only the address modulo 4, so terms shifted left by 2 or
// more are dropped: the value is exact modulo 4, not in full.
struct CheckedAccess {
  uint32_t pc = 0;  // the accessing instruction
  std::array<AddressTerm, 2> terms{};
  int32_t disp = 0;
  bool loaded = false;
  int32_t load_disp = 0;
  uint8_t bytes = 4;
  bool only_when_trapping = false;  // word/halfword LDR/STR: only with CCR.UNALIGN_TRP
};

// Where a check can run. A code hook on the instruction is exact but costly
// (Unicorn walks every code hook on each call), so an access whose address
// the planner can express in the registers at block entry is checked there.
enum class CheckAt : uint8_t { BlockEntry, Instruction };

struct PlannedCheck {
  CheckedAccess access;  // in the registers at the instruction (exact): what its hook checks
  CheckAt at;
  CheckedAccess entry;   // BlockEntry: in the registers at block entry (modulo 4)
};

// The address of `a` from register values (`reg`) and, for a loaded base,
// memory (`read_word`; nullopt when the word cannot be read).
std::optional<uint32_t> evaluate_address(const CheckedAccess& a, const std::function<uint32_t(int)>& reg,
                                         const std::function<std::optional<uint32_t>(uint32_t)>& read_word);

// When a block that loops to itself keeps its entry checks' addresses
// aligned: each register they use ends the block equal to itself plus a
// multiple of 4, given that the registers in `step_multiple_of_4` (and
// `step_even`, which the block adds shifted left by one) hold such values.
struct LoopProof {
  bool holds = false;
  uint16_t step_multiple_of_4 = 0, step_even = 0;
};

struct AlignmentPlan {
  std::vector<PlannedCheck> checks;
  LoopProof loop;
};

// The checks one translated block needs. `trapping`: CCR.UNALIGN_TRP now.
// `read_word` reads a literal pool word: a base loaded from one is a
// constant, so an aligned access from it needs no check at all.
AlignmentPlan plan_alignment_checks(const std::vector<DecodedInsn>& block, bool trapping,
                                    const std::function<std::optional<uint32_t>(uint32_t)>& read_word);

}  // namespace mcusim

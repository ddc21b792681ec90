// The facts the cycle model schedules with, read from one Capstone instruction:
// its class, the registers it reads as data or as an address and writes, the
// words it moves and its kind of branch. Part of Disassembler::decode.
#pragma once

#include <capstone/capstone.h>

#include "sim/decoded_insn.h"

namespace mcusim {

// Fills the cycle-model fields of `d` (cls .. branch_target); d.address and
// d.id must already be set. Works around Capstone 4.0.2 quirks (see .cpp).
void describe_scheduling(const cs_insn& insn, DecodedInsn& d);

}  // namespace mcusim

// What a spinning loop reads: a block that branches back to its own start
// and was entered twice in a row with the same registers can only leave
// when something it loads changes. These helpers find those loads and the
// bits the loop tests, so the run can stop with "waits for RCC.CR.PLLRDY"
// instead of running to the instruction limit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/decoded_insn.h"

namespace mcusim {

struct SpinLoad {
  uint32_t pc = 0;
  uint32_t address = 0;
  int dest = -1;  // register the value lands in (R0..R12, LR), -1 unknown
};

// True for a block that may be a polling loop: it ends in a branch to its own
// start, loads, and stores nothing (a copy or fill loop stores).
bool is_polling_candidate(const std::vector<DecodedInsn>& insns, uint32_t block_address);

// The loads of the block with the registers it was entered with; nullopt when
// an address depends on a register the block changes before that load.
std::optional<std::vector<SpinLoad>> spin_loads(const std::vector<DecodedInsn>& insns, const uint32_t regs[16]);

// The bits of register `reg` (loaded by insn `index`) that later instructions
// of the block test, from their disassembly ("tst r2, #0x20000",
// "lsls r3, r3, #6", "ands r3, r3, #4", "ubfx r3, r2, #3, #2"); 0 if unknown.
uint32_t tested_bits(const std::vector<std::string>& disassembly, size_t index, int reg);

}  // namespace mcusim

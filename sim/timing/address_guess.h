// Static guesses of the data addresses of a block's loads and stores, taken
// when the simulator first sees the block: the base register's value at that
// moment, plus the writeback and ADD/SUB #imm steps the block applies to it
// before the access; a register the block loads from a literal pool holds
// the pool's word, a MOV copies what is known. Each load also says whether
// the block walks its address (base or index register stepped) and by how
// much per execution (DecodedInsn::address_advances, walk_step).
// Timing rules that depend on the memory an access goes to (Flash data
// stalls in fast timing, "loads only pipeline within the same memory") use
// them. A block whose base registers are reloaded by earlier instructions of
// the same block in any other way get no guess for those accesses. docs/timing-model.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "sim/decoded_insn.h"

namespace mcusim {

// reg_at_entry(r) = core register r (0..14) as the block starts; read_word
// reads a literal pool word (may be empty).
void guess_data_addresses(std::vector<DecodedInsn>& insns, const std::function<uint32_t(unsigned)>& reg_at_entry,
                          const std::function<std::optional<uint32_t>(uint32_t)>& read_word = {});

}  // namespace mcusim

// Static per-block cycle model for Cortex-M4 / Cortex-M7.
//
// The simulator calls time_block() once, at the first sight of a translated
// block, with the instructions it has decoded for itself (one Capstone pass
// serves both), and afterwards only adds the precomputed numbers:
//
//   cycles += entered_by_taken_branch ? t.cycles_branch_entry : 0;
//   cycles += taken ? t.cycles_taken : t.cycles_not_taken;
//   cycles += (t.ends_in_conditional && mispredicted) ? t.cycles_mispredict : 0;
//   for each SDIV/UDIV executed: cycles += model.division_cycles(signed, n, d);
//
// "entered by a taken branch" = the block does not start where the previous
// block ended (branch, call, return, exception entry/return); "taken" = the
// next block does not start at address + size. Rules and sources:
// docs/timing-model.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "sim/decoded_insn.h"
#include "sim/timing/core_timing.h"

namespace mcusim {

// What fast timing expects a run of sequential data reads at an address to
// cost: `wait` stall cycles once every `bytes_per_wait` bytes (the Flash read
// width behind an accelerator's data cache, a D-cache line), or on every
// access when bytes_per_wait is 0 (no cache in the way).
struct StreamingReadCost {
  uint32_t wait = 0;
  uint32_t bytes_per_wait = 0;
};

struct MemoryTiming {  // from the board: wait states of the region an address falls in
  // Extra cycles for an instruction fetch / a data read at 'address' (0 for
  // SRAM/TCM). Called only at block first sight. An empty function means 0.
  std::function<uint32_t(uint32_t address)> fetch_wait;
  std::function<uint32_t(uint32_t address)> data_wait;  // used for literal-pool loads only
  // Loads from a pointer the block walks forward (DecodedInsn::base_advances)
  // at a guessed address: fast timing's estimate of their stalls. Empty in
  // accurate timing, which times every access at run time.
  std::function<StreamingReadCost(uint32_t address)> streaming_read;
  // Which memory (bus slave) an address is in, 0 when unknown: two loads
  // from different memories do not pipeline on the Cortex-M4.
  std::function<uint32_t(uint32_t address)> memory_of;
};

struct BlockTiming {
  uint32_t instructions = 0;      // instructions in the block
  uint32_t cycles_not_taken = 0;  // whole block when its final instruction does not branch (or falls through)
  uint32_t cycles_taken = 0;      // whole block when its final instruction is a taken branch (== not_taken if none)
  uint32_t cycles_mispredict = 0; // M7: extra when the taken/not-taken outcome was mispredicted; M4: 0
  // Extra when the block is entered by a taken branch rather than by falling
  // through: fetch wait of the target line, and (M4) +1 refill when the first
  // instruction is 32-bit and not word aligned.
  uint32_t cycles_branch_entry = 0;
  bool ends_in_conditional = false;    // last instruction is B<cc>/CBZ/CBNZ or an IT-conditional branch
  std::vector<uint32_t> div_addresses; // SDIV/UDIV whose data-dependent part is added at run time (M4 only)
  std::vector<uint16_t> cycles_before; // cumulative cycles before each instruction (index = instruction)
  std::vector<uint32_t> insn_addresses;// address of each instruction
};

class CycleModel {
 public:
  static std::unique_ptr<CycleModel> create(CoreKind core, MemoryTiming mem);
  // Any table, e.g. a new core or a test variant. The table must outlive the model.
  static std::unique_ptr<CycleModel> create(const CoreTiming& timing, MemoryTiming mem);

  // Schedules a block already decoded by Disassembler::decode from `address`.
  // Thread-safe.
  BlockTiming time_block(uint32_t address, const std::vector<DecodedInsn>& insns) const;
  // Decodes the bytes first, for tests and tools that hold no decode of their
  // own (a Capstone handle per call keeps it thread-safe).
  BlockTiming time_block(uint32_t address, const uint8_t* code, size_t size) const;

  // Data-dependent part of one SDIV/UDIV: its total minus what time_block
  // already counted. 0 on cores without early termination (M7).
  uint32_t division_cycles(bool is_signed, uint32_t dividend, uint32_t divisor) const;

  const CoreTiming& timing() const { return timing_; }

  CycleModel(const CoreTiming& timing, MemoryTiming mem);

 private:
  const CoreTiming& timing_;
  MemoryTiming mem_;
};

}  // namespace mcusim

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

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "sim/decoded_insn.h"
#include "sim/timing/core_timing.h"
#include "sim/timing/flash_line_estimate.h"

namespace mcusim {

// What fast timing expects a run of sequential data reads at an address to
// cost: `wait` stall cycles once every `bytes_per_wait` bytes (the Flash read
// width behind an accelerator's data cache, a D-cache line), or on every
// access when bytes_per_wait is 0 (no cache in the way).
struct StreamingReadCost {
  uint32_t wait = 0;
  uint32_t bytes_per_wait = 0;
  // Lines of the cache serving the read (D-cache, accelerator data lines);
  // 0: none. A table read through a stepped index is taken to stay in a
  // cache of 64 lines or more (Scheduler::streaming_stall).
  uint32_t cache_lines = 0;
  uint32_t line_bytes = 0;  // of those lines (0: not known)
};

struct MemoryTiming {  // from the board: wait states of the region an address falls in
  // Extra cycles for an instruction fetch / a data read at 'address' (0 for
  // SRAM/TCM). Called only at block first sight. An empty function means 0.
  std::function<uint32_t(uint32_t address)> fetch_wait;
  std::function<uint32_t(uint32_t address)> data_wait;  // used for literal-pool loads only
  // Loads from a pointer the block walks forward (DecodedInsn::address_advances)
  // at a guessed address: fast timing's estimate of their stalls. Empty in
  // accurate timing, which times every access at run time.
  std::function<StreamingReadCost(uint32_t address)> streaming_read;
  // Loads the block does not walk, at a known address (a literal, a
  // per-channel bias): what a miss in an accelerator's few data lines costs
  // (MemorySystem::accelerator_read). Empty in accurate timing.
  std::function<StreamingReadCost(uint32_t address)> accelerator_read;
  // Which memory (bus slave) an address is in, 0 when unknown: two loads
  // from different memories do not pipeline on the Cortex-M4.
  std::function<uint32_t(uint32_t address)> memory_of;
};

// How a block meets the blocks before and after it on a dual-issue core
// (docs/timing-model.md, "Block boundaries"), for the timing engine's hot
// path: a few masks compared at each block entry. All zero on single-issue
// cores, where it changes nothing. Cycles are counted from the block's start
// (entry) and from its end E (exit).
struct BlockLink {
  // Entry. The first instruction may join a free slot of the previous
  // block's last issue group (cycle -1): it saves `join_saving` (0 or 1),
  // provided the slot is free, `first_resources` are not taken in that group,
  // no register of `join_reads` arrives after cycle -1 and none of
  // `join_early` (read in cycles -1..1 of that schedule) after cycle 0.
  RegMask join_reads = 0;
  RegMask join_early = 0;
  // Registers read by instructions that issue at cycle 0 / cycle 1: a result
  // of the previous block still in flight stalls them (load-use).
  RegMask reads_at0 = 0;
  RegMask reads_at1 = 0;
  // Exit. late[k]: registers whose result is not ready until cycle E - 1 + k
  // or later (late[0]: not usable in the last cycle, so not by an instruction
  // joining the last group; late[1]: a reader at the next block's cycle 0
  // waits 1; late[2]: it waits 2 — longer latencies are counted as 2).
  std::array<RegMask, 3> late{};
  uint8_t join_saving = 0;
  uint8_t first_resources = 0;
  uint8_t last_resources = 0;  // issue resources taken in the last group
  bool slot_free = false;      // the last group has a slot a next instruction may take
  // The same when the first instruction joined the group before the block:
  // the joined schedule may pair the block's instructions differently.
  bool slot_free_when_joined = false;
  // The block ends in a direct branch whose free slot the first instruction
  // at its target may take when the branch is taken and correctly predicted
  // (CoreTiming::taken_branch_pair_narrow_before); otherwise only a
  // fall-through's first instruction may.
  bool taken_may_pair = false;
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
  BlockLink link;                      // dual issue across block boundaries (zero on the M4)
  // The FP unit across the block boundary (CoreTiming::fp_unit_carries_over;
  // 0 and kNoFpInstruction otherwise). The costs above end with the block's
  // integer work; the FP unit stays busy fp_tail cycles after
  // cycles_not_taken (which holds an unconditional branch's refill). The block's
  // first FP instruction (any that needs the FP unit: arithmetic, VMOV,
  // VLDR...) issues fp_first cycles after its start. The next block waits
  // max(0, previous fp_tail - its fp_first), less any refill or fetch stall
  // at its entry (the pipeline waits then anyway).
  static constexpr uint8_t kNoFpInstruction = 15;
  uint8_t fp_tail = 0;                    // 0..kNoFpInstruction - 2 (VDIV: 13)
  uint8_t fp_first = kNoFpInstruction;    // capped: a later one never waits for a tail
  // Fast timing: the streaming stalls of the block beyond the whole cycles
  // in its costs, in 1/256 cycles; the simulator adds them up over the
  // block's executions (a 4-byte walk over 8-byte Flash reads costs 2.5
  // cycles per execution: 2, plus 1 every other time).
  uint8_t stall_fraction = 0;
  // Fast timing, a Flash accelerator's few data lines (FlashLineEstimate):
  // bytes of Flash the block's walks stream through them per execution, and
  // the reads of its other Flash loads, which the simulator charges as the
  // estimate says.
  uint32_t stream_bytes = 0;
  FlashReads flash_reads;
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

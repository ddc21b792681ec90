// Per-core timing as data: one row per instruction class plus a few named rules.
//
// Adding a core means adding a CoreTiming table in core_timing.cpp and a
// CoreKind value; the scheduler in cycle_model.cpp is shared. Every number is
// explained, with its source, in docs/timing-model.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "sim/board.h"
#include "sim/timing/instruction_class.h"

namespace mcusim {

// CoreKind comes from the board description (sim/board.h).

// Issue resources (M7 pairing): two instructions issue in the same cycle only
// if their resource sets are disjoint (and neither is single-issue, and the
// second does not depend on the first).
enum Resource : uint8_t {
  kResNone = 0,
  kResMem = 1 << 0,     // load/store unit: at most one load/store per cycle (M7: loads)
  kResMac = 1 << 1,     // multiplier / MAC pipe
  kResDsp = 1 << 2,     // SIMD unit (DSP SIMD, extend/pack, bitfield): never pair with each other
  kResFp = 1 << 3,      // FPU arithmetic pipe
  kResBranch = 1 << 4,  // branch unit
  kResStore = 1 << 5,   // M7 store port of single STR/STRB/STRH: beside a load, never two
};

struct ClassTiming {
  // Cycles the instruction holds the issue stage: the next instruction issues
  // this many cycles later (M7: 1 still allows a partner in the same cycle).
  uint8_t occupancy;
  // Cycles from issue until the result registers can be read by a later
  // instruction without stalling.
  uint8_t latency;
  // Variable-length transfers (LDM/STM/PUSH/POP/VLDM/VSTM/VLDR/VSTR):
  // occupancy and latency both grow by ceil(N / words_per_cycle), N = 32-bit
  // words transferred. 0 = fixed-length class.
  uint8_t words_per_cycle;
  uint8_t resources;  // Resource bits (ignored by single-issue cores)
  bool single_issue;  // never pairs with a neighbour (ignored by single-issue cores)
  // Cycles the FP unit stays busy after issue when it outlasts `occupancy`
  // (cores with fp_unit_blocks: integer instructions go on, FP ones wait).
  // 0 = the same as occupancy.
  uint8_t fp_unit_busy = 0;
  // Dual issue: may only be the first instruction of an issue group (LLVM
  // "BeginGroup"): a partner may join it, it cannot join a partner.
  bool first_slot_only = false;
};

// FP result latency by what reads the result (Cortex-M7: jnk0le/random
// cortex_m7.md, STM32H743, "fpu (single precision)"). The producer is what
// wrote an FP register; the reader is how the next instruction uses it.
enum class FpProducer : uint8_t {
  None,      // the class latency applies (integer results, VDIV, VMOV #imm, ...)
  FusedMac,  // VFMA, VFMS, VFNMA, VFNMS
  SplitMac,  // VMLA, VMLS, VNMLA, VNMLS (multiply, round, add)
  Arith,     // VADD, VSUB, VMUL, VNMUL and the other FP data-processing instructions
  Load,      // VLDR, VLDM, VPOP (the last registers of a multiple)
  FromCore,  // VMOV Sd, Rt
  Move,      // VMOV Sd, Sm
  Count
};
enum class FpReader : uint8_t {
  Operand,           // VADD/VMUL/VCVT/... sources and MAC multiplicands
  FusedAccumulator,  // the addend of VFMA and its variants
  SplitAccumulator,  // the addend of VMLA and its variants
  StoreData,         // VSTR, VSTM, VPUSH
  ToCore,            // VMOV Rt, Sn (and two-register moves to core registers)
  Move,              // VMOV Sd, Sm
  Count
};
inline constexpr size_t kFpProducers = static_cast<size_t>(FpProducer::Count);
inline constexpr size_t kFpReaders = static_cast<size_t>(FpReader::Count);
// cycles[producer][reader]: cycles from the producer's issue (a load
// multiple: from its last transfer cycle) until the reader may issue.
// Rows of FpProducer::None are unused. `enabled` false: class latencies.
struct FpResultLatency {
  bool enabled = false;
  std::array<std::array<uint8_t, kFpReaders>, kFpProducers> cycles{};
  uint8_t of(FpProducer p, FpReader r) const { return cycles[static_cast<size_t>(p)][static_cast<size_t>(r)]; }
};

struct CoreTiming {
  const char* name;
  uint8_t issue_width;  // 1 = Cortex-M4, 2 = Cortex-M7 dual issue
  std::array<ClassTiming, kInsnClassCount> classes;

  // --- named rules -------------------------------------------------------
  // The FP unit is a resource of its own (Cortex-M4): an FP instruction
  // (arithmetic, VMOV, VLDR/VSTR...) waits until the unit is free, integer
  // instructions after a multi-cycle FP instruction do not (they "complete
  // out of order").
  bool fp_unit_blocks;
  // The FP unit's busy cycles after a block's integer work carry into the
  // next block instead of being charged to the block (Cortex-M4): only an
  // FP instruction of the next block waits for them, and a taken branch's
  // refill runs meanwhile (BlockTiming::fp_tail, fp_first).
  bool fp_unit_carries_over = false;
  // Cycles after issue at which an FP multiply-accumulate reads its addend
  // (the accumulator): a producer's result may arrive this much later than
  // for the multiplicands. 0: read at issue like any operand.
  uint8_t fp_mac_addend_late;
  // Address-generation interlock: extra cycles when a load/store's base or
  // index register is the result of the immediately preceding instruction.
  uint8_t agu_interlock;
  // Cycles after a multiply-accumulate issues before its result can be the
  // accumulator of the next one (M7: MAC chains run one per cycle although
  // the result is two cycles away for any other use). 0: no special path.
  uint8_t mac_accumulator_latency;
  // M4 load/store pipelining: a single LDR/STR right after a single LDR whose
  // destination it does not use for its address costs one cycle less.
  // VLDR.32/VSTR.32 count as single loads/stores when fp_single_pipelines.
  bool load_store_pipelining;
  bool fp_single_pipelines;
  // Extra cycles of a register-offset STR (M4: 2 instead of the write-buffered 1).
  uint8_t store_register_offset_extra;
  // Extra cycles of a single load right after a single store (M4 measured).
  uint8_t store_then_load_extra;
  // IT costs 0 after a 16-bit instruction (M4 IT folding).
  bool it_folding;
  // Pipeline refill P of a taken branch whose target is in the encoding
  // (B, BL, CBZ, CBNZ; speculatively fetched) / comes from a register or
  // memory (BX, BLX, POP {pc}, LDR pc, MOV pc, TBB, TBH).
  uint8_t refill_direct;
  uint8_t refill_indirect;
  // Extra refill when a branch target is a 32-bit instruction at an address
  // that is not word aligned (charged to the block entered).
  uint8_t unaligned_wide_target_extra;
  // Extra cycles of a mispredicted conditional branch (0: no predictor).
  uint8_t mispredict_penalty;
  // Cheaper mispredict when the branch's condition (the flags; CBZ/CBNZ: the
  // register) was settled at least `early_condition_cycles` before the branch
  // issued, or before its block (0: no such case).
  uint8_t mispredict_penalty_early;
  uint8_t early_condition_cycles;
  // Entries of the direct-mapped branch target cache that holds the
  // predictor's per-branch state (power of two; unused without a predictor).
  uint16_t branch_target_cache_entries;
  // Instruction fetch line for wait-state accounting (bytes).
  uint8_t fetch_line_bytes;
  // SDIV/UDIV terminate early depending on the operands (run-time part).
  bool division_early_termination;
  // Dual issue: two single loads may share a cycle when they read different
  // 32-bit banks (bit 2 of the address: even/odd word), as far as the
  // addresses are known at the block's first sight (literal loads, guesses).
  bool loads_pair_across_banks = false;
  // Cycles after issue at which a store reads the register it stores (its
  // address registers are read at issue): the value may arrive that much
  // later. 0: read at issue like any operand.
  uint8_t store_data_late = 0;
  // Cycles a single load's result (LDR, LDRB/H/SB/SH, LDRD) reaches a
  // late-ALU reader (DecodedInsn::late_alu_reads) and a store's data ahead
  // of its latency. Addresses, multiplies, shifted operands and the
  // bitfield/DSP classes still wait the full latency. 0: no such path.
  uint8_t load_to_late_alu = 0;
  // Dual issue across a taken branch: a correctly predicted taken direct
  // branch (B, BL, B<cc>, CBZ/CBNZ) that issues alone in its cycle shares
  // that cycle with the first instruction at its target, provided at least
  // this many 16-bit instructions of its block come before it (the fetch
  // queue is then ahead of issue). 0: never (a taken branch ends the cycle).
  uint8_t taken_branch_pair_narrow_before = 0;

  // Dual issue: the result of an instruction that executes in the early
  // ALU (DecodedInsn::early_alu_forwarding) and issued first in its group
  // reaches a late-ALU reader (and a store's data) in the same cycle, so the
  // two may share it.
  bool early_to_late_alu_forwarding = false;
  // Dual issue: two instructions with a shifted operand2 (inline-shifted
  // register, shifted constant) never share a cycle, nor one of them and a
  // BFI/UBFX/REV/SXTAB/PKH-like instruction (DecodedInsn::shifted_operand2).
  // false: any two may pair as the resources allow.
  bool shifted_operand2_limits = false;
  // Cortex-M7 FP pipeline (jnk0le/random cortex_m7.md, STM32H743):
  // result latency by reader instead of the class latency for FP registers.
  FpResultLatency fp_result_latency{};
  // Cycles after a multiply-accumulate issues during which VADD/VSUB,
  // VLDM/VSTM/VPUSH/VPOP, VLDR.64/VSTR.64 and VMOV Sd, #imm cannot issue
  // (the MAC holds the FP adder). 0: no such rule.
  uint8_t fp_mac_holds_adder = 0;
  // Cycles after a multiply-accumulate issues during which VLDR, VSTR and
  // VMOV cannot take the second slot of an issue group and a MAC cannot
  // join a group holding one (the first MAC of a run may). 0: no such rule.
  uint8_t fp_mac_transfers_first_slot = 0;
  // VLDR.64 and VSTR.64 share a cycle with nothing.
  bool fp_double_transfers_single_issue = false;

  const ClassTiming& of(InsnClass c) const { return classes[static_cast<size_t>(c)]; }
};

const CoreTiming& core_timing(CoreKind core);

// "cortex-m4" / "cortex-m4f" / "cortex-m7" (case-insensitive), as in board files.
std::optional<CoreKind> core_kind_from_name(std::string_view name);

// Data-dependent total of an early-terminating SDIV/UDIV (the model, not the
// silicon): 2 cycles when the quotient is 0 or the divisor is 0, otherwise
// 2 + ceil(10 * q / 32) where q = clz(|divisor|) - clz(|dividend|) + 1 is the
// number of quotient bits (1..32). Range 2..12.
uint32_t early_termination_division_cycles(bool is_signed, uint32_t dividend, uint32_t divisor);

}  // namespace mcusim

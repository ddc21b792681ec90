// The per-core tables. Sources for every row: docs/timing-model.md, which
// cites ../shared/reference/cortex-m-timing.md (Cortex-M4 TRM DDI 0439 tables,
// LLVM ARMScheduleM7.td, STM32F407/STM32H743 measurements).
#include "sim/timing/core_timing.h"

#include <bit>

namespace mcusim {
namespace {

using C = InsnClass;

constexpr ClassTiming row(uint8_t occupancy, uint8_t latency, uint8_t words_per_cycle = 0,
                          uint8_t resources = kResNone, bool single_issue = false) {
  return ClassTiming{occupancy, latency, words_per_cycle, resources, single_issue};
}

// An FP instruction that issues in `occupancy` cycles but holds the FP unit
// for `fp_unit_busy` (cores with fp_unit_blocks).
constexpr ClassTiming fp_row(uint8_t occupancy, uint8_t latency, uint8_t fp_unit_busy) {
  return ClassTiming{occupancy, latency, 0, kResNone, false, fp_unit_busy};
}

// Dual issue: the row's instruction can only start an issue group.
constexpr ClassTiming first_slot(ClassTiming t) {
  t.first_slot_only = true;
  return t;
}

struct Row {
  InsnClass cls;
  ClassTiming timing;
};

template <size_t N>
constexpr std::array<ClassTiming, kInsnClassCount> table(const Row (&rows)[N]) {
  static_assert(N == kInsnClassCount, "a core table needs exactly one row per InsnClass");
  std::array<ClassTiming, kInsnClassCount> out{};
  for (size_t i = 0; i < N; ++i) out[static_cast<size_t>(rows[i].cls)] = rows[i].timing;
  return out;
}

// clang-format off
// Cortex-M4 (TRM DDI 0439 "Processor instruction timings" + FPU table).
// occupancy = cycles in the TRM table; latency = when the result can be used
// (FP arithmetic: +1, "an FP arithmetic result used by the very next
// instruction costs one more cycle"). Variable rows: 1 + N words.
// VMLA/VFMA and VDIV/VSQRT issue in one cycle and keep the FP unit busy for
// the TRM's 3 / 14 (GCC config/arm/cortex-m4-fpu.md reservations; REF:
// integer instructions after them complete out of order).
constexpr Row kM4Rows[] = {
  {C::Alu,             row(1, 1)},
  {C::Bitfield,        row(1, 1)},
  {C::Mul,             row(1, 1)},
  {C::DspMul,          row(1, 1)},
  {C::Dsp,             row(1, 1)},
  {C::Div,             row(2, 2)},        // 2..12: the minimum here, the rest at run time
  {C::Load,            row(2, 2)},
  {C::LoadNarrow,      row(2, 2)},
  {C::Store,           row(1, 1)},        // write buffer; register offset: +store_register_offset_extra
  {C::LoadExclusive,   row(2, 2)},
  {C::StoreExclusive,  row(2, 2)},
  {C::LoadDual,        row(3, 3)},        // 1+N, N=2; never pipelined
  {C::StoreDual,       row(3, 3)},
  {C::LoadMultiple,    row(1, 1, 1)},     // 1+N
  {C::StoreMultiple,   row(1, 1, 1)},     // 1+N
  {C::Preload,         row(1, 1)},        // assumption (not in the table)
  {C::Branch,          row(1, 1)},        // 1 (+P when taken)
  {C::BranchIndirect,  row(1, 1)},        // 1 (+P)
  {C::CompareBranch,   row(1, 1)},        // 1 not taken, 1+P taken
  {C::TableBranch,     row(2, 2)},        // 2+P
  {C::It,              row(1, 1)},        // 0 when folded (it_folding)
  {C::System,          row(1, 1)},        // MRS, CPS: "1 or 2" -> 1
  {C::SystemWrite,     row(2, 2)},        // MSR: "1 or 2" -> 2
  {C::Barrier,         row(2, 2)},        // 1+B, B assumed 1
  {C::Hint,            row(1, 1)},
  {C::FpAddSub,        row(1, 2)},
  {C::FpMul,           row(1, 2)},
  {C::FpMac,           fp_row(1, 4, 3)},
  {C::FpMisc,          row(1, 2)},
  {C::FpDiv,           fp_row(1, 15, 14)},
  {C::FpDivDouble,     fp_row(1, 15, 14)}, // no double-precision FPU on M4F; never executes
  {C::FpMove,          row(1, 1)},
  {C::FpMoveDouble,    row(2, 2)},
  {C::FpLoad,          row(1, 1, 1)},     // VLDR.32 2 (pipelines like LDR: fp_single_pipelines), .64 3
  {C::FpStore,         row(1, 1, 1)},
  {C::FpLoadMultiple,  row(1, 1, 1)},     // 1+N (32-bit regs), 1+2N (64-bit regs)
  {C::FpStoreMultiple, row(1, 1, 1)},
  {C::Unknown,         row(1, 1)},
};

// Cortex-M7 (LLVM ARMScheduleM7.td latencies, STM32H743 measurements).
// occupancy 1 = can pair; latency = result latency. LLVM puts the SIMD,
// extend/pack and bitfield instructions on its one SIMD unit and lets them
// only begin an issue group ("BeginGroup"); the multiplying DSP
// instructions (SMLAD, SMLABB, ...) go to the MAC unit alone, so a SIMD
// instruction followed by an independent SMLAD issue together.
constexpr Row kM7Rows[] = {
  {C::Alu,             row(1, 1)},
  {C::Bitfield,        first_slot(row(1, 1, 0, kResDsp))},
  {C::Mul,             row(1, 2, 0, kResMac)},
  {C::DspMul,          row(1, 2, 0, kResMac)},
  {C::Dsp,             first_slot(row(1, 1, 0, kResDsp))},
  {C::Div,             row(7, 7, 0, kResNone, true)},
  {C::Load,            row(1, 2, 0, kResMem)},
  {C::LoadNarrow,      row(1, 3, 0, kResMem)},
  // jnk0le/random cortex_m7.md (H743), stores: "cannot dual issue two
  // stores", "can be dual issued with load"; multiplication, MAC: "can't
  // dual issue with stores". LLVM and SLOTHY: a store unit apart from the
  // two load units.
  {C::Store,           row(1, 1, 0, kResStore | kResMac)},
  {C::LoadExclusive,   row(1, 2, 0, kResMem)},
  {C::StoreExclusive,  row(1, 2, 0, kResMem)},
  {C::LoadDual,        row(1, 2, 0, kResMem, true)},
  {C::StoreDual,       row(1, 1, 0, kResMem, true)},
  {C::LoadMultiple,    row(0, 1, 2, kResMem, true)},   // ceil(N/2), never dual-issued
  {C::StoreMultiple,   row(0, 0, 2, kResMem, true)},
  {C::Preload,         row(1, 1, 0, kResMem)},
  {C::Branch,          row(1, 1, 0, kResBranch)},
  {C::BranchIndirect,  row(1, 1, 0, kResBranch)},
  {C::CompareBranch,   row(1, 1, 0, kResBranch)},
  {C::TableBranch,     row(2, 2, 0, kResMem | kResBranch, true)},
  {C::It,              row(1, 1)},
  {C::System,          row(1, 1, 0, kResNone, true)},
  {C::SystemWrite,     row(2, 2, 0, kResNone, true)},
  {C::Barrier,         row(2, 2, 0, kResNone, true)},
  {C::Hint,            row(1, 1)},
  {C::FpAddSub,        row(1, 3, 0, kResFp)},
  {C::FpMul,           row(1, 3, 0, kResFp)},
  {C::FpMac,           row(1, 6, 0, kResFp)},
  {C::FpMisc,          row(1, 3, 0, kResFp)},
  {C::FpDiv,           row(1, 16, 0, kResFp)},
  {C::FpDivDouble,     row(1, 30, 0, kResFp)},
  {C::FpMove,          row(1, 1)},
  {C::FpMoveDouble,    row(1, 2, 0, kResNone, true)},
  {C::FpLoad,          row(0, 1, 2, kResMem)},          // 64-bit port: .32 and .64 both 1 cycle, latency 2
  {C::FpStore,         row(0, 0, 2, kResMem)},
  {C::FpLoadMultiple,  row(0, 1, 2, kResMem, true)},
  {C::FpStoreMultiple, row(0, 0, 2, kResMem, true)},
  {C::Unknown,         row(1, 1)},
};
// clang-format on

template <size_t N>
constexpr bool one_row_per_class(const Row (&rows)[N]) {
  std::array<int, kInsnClassCount> seen{};
  for (size_t i = 0; i < N; ++i) ++seen[static_cast<size_t>(rows[i].cls)];
  for (int n : seen) {
    if (n != 1) return false;
  }
  return true;
}
static_assert(one_row_per_class(kM4Rows), "Cortex-M4 table: each InsnClass exactly once");
static_assert(one_row_per_class(kM7Rows), "Cortex-M7 table: each InsnClass exactly once");

// Cortex-M7 FP result latencies by reader: jnk0le/random "pipeline cycle
// test" doc/cortex_m7.md (STM32H743 rev Y, DWT CYCCNT), "fpu (single
// precision)": its result-latency table for vfma.f / vmla.f / vadd.f /
// vmul.f, "vldr.f has 1 cycle of result latency, except as the vfma.f
// accumulate (!) dependency where it is 3 cycles (2 for vmla.f)", and the
// VMOV paragraphs (to a core register: input latency 3 from the FP ALU, 2
// from vldr, 5 from vfma; from a core register or another S register: 3 to
// anything). Cells the measurement leaves open (marked "x" there, or not
// measured) are model choices, listed in docs/timing-model.md.
constexpr FpResultLatency m7_fp_result_latency() {
  FpResultLatency t;
  t.enabled = true;
  using P = FpProducer;
  auto set = [&t](P p, uint8_t operand, uint8_t fused_acc, uint8_t split_acc, uint8_t store, uint8_t to_core,
                  uint8_t move) {
    t.cycles[static_cast<size_t>(p)] = {operand, fused_acc, split_acc, store, to_core, move};
  };
  //           operand fused-acc split-acc vstr to-core vmov
  set(P::FusedMac, 5,  3,        2,        3,   5,      5);
  set(P::SplitMac, 6,  3,        3,        4,   6,      6);  // fused-acc, to-core, vmov: model choices
  set(P::Arith,    3,  3,        2,        1,   3,      3);
  set(P::Load,     1,  3,        2,        1,   2,      1);  // vstr: model choice
  set(P::FromCore, 3,  3,        3,        3,   3,      3);
  set(P::Move,     3,  3,        3,        3,   3,      3);
  return t;
}

constexpr CoreTiming kCortexM4{
    .name = "cortex-m4",
    .issue_width = 1,
    .classes = table(kM4Rows),
    .fp_unit_blocks = true,     // GCC cortex-m4-fpu.md; REF: integer work after VDIV completes out of order
    .fp_unit_carries_over = true,  // the same, across a branch (docs/timing-model.md)
    .fp_mac_addend_late = 1,    // GCC cortex-m4-fpu.md: "MAC instructions consume their addend one cycle later"
    .agu_interlock = 1,
    .mac_accumulator_latency = 0,
    .load_store_pipelining = true,
    .fp_single_pipelines = true,  // GCC cortex-m4-fpu.md: VLDR.32 reserves the integer load's two stages
    .store_register_offset_extra = 1,
    .store_then_load_extra = 1,
    .it_folding = true,
    .refill_direct = 1,
    .refill_indirect = 2,
    .unaligned_wide_target_extra = 1,
    .mispredict_penalty = 0,
    .mispredict_penalty_early = 0,
    .early_condition_cycles = 0,
    .branch_target_cache_entries = 0,  // no predictor
    .fetch_line_bytes = 16,
    .division_early_termination = true,
};

constexpr CoreTiming kCortexM7{
    .name = "cortex-m7",
    .issue_width = 2,
    .classes = table(kM7Rows),
    .fp_unit_blocks = false,
    .fp_mac_addend_late = 0,
    .agu_interlock = 0,
    .mac_accumulator_latency = 1,  // REF (H743): "accumulator chains at one per cycle"
    .load_store_pipelining = false,
    .fp_single_pipelines = false,
    .store_register_offset_extra = 0,
    .store_then_load_extra = 0,
    .it_folding = false,
    .refill_direct = 0,
    .refill_indirect = 4,
    .unaligned_wide_target_extra = 0,
    .mispredict_penalty = 8,
    .mispredict_penalty_early = 6,  // REF (H743): "6 if flags were set 3+ cycles earlier"
    .early_condition_cycles = 3,
    .branch_target_cache_entries = 64,  // model choice: REF gives no size
    .fetch_line_bytes = 8,
    .division_early_termination = false,
    .loads_pair_across_banks = true,  // REF (H743): "two loads dual-issue only on different banks (even/odd word)"
    .store_data_late = 1,             // LLVM ARMScheduleM7.td: store data read at EX2 (M7Read_EX2), address at issue
    // jnk0le/random cortex_m7.md (STM32H743): "word loads can be consumed
    // by late ALU in next cycle, except instructions that consume one of the
    // operands in early ALU"; "byte/half loads can be consumed in second
    // cycle by late ALU ... or third in early ALU". LLVM: WriteLd 1,
    // M7SlowLoad 2; shifted operands read a cycle early.
    .load_to_late_alu = 1,
    // jnk0le/random "pipeline cycle test" doc/cortex_m7.md (STM32H743):
    // "Predicted (any direction and length) taken branch is capable of dual
    // issuing with one instruction at destination address ... requires at
    // least 2 .n instructions executed prior to branch"
    .taken_branch_pair_narrow_before = 2,
    // jnk0le/random cortex_m7.md (STM32H743): "result of early alu can be
    // forwarded to late alu in 0 cycles"; "`add`, `sub` and non shifting
    // `mov` can enter early alu from older op only".
    .early_to_late_alu_forwarding = true,
    // jnk0le/random cortex_m7.md, "operand2 dual issuing matrix": shifted
    // constant and inline shifted reg never pair with each other; "bfi ...
    // pkh{bt,tb} instructions can't be dual issued with operand2
    // inline_shifted_reg/shifted_constant instruction".
    .shifted_operand2_limits = true,
    .fp_result_latency = m7_fp_result_latency(),
    // jnk0le/random cortex_m7.md (STM32H743): "after executing multiply
    // accumulate instructions vadd.f, vldm, vstm, vldr.d, vstr.d, vmov sd,
    // #fimm instructions cannot be executed for 3 next cycles"; "vldr.f,
    // vstr.f, vmov instructions cannot be executed from younger opcode slot
    // for 3 next cycles"; "multiply accumulate instructions cannot be dual
    // issued with vldr, vstr or any vmov, with the exception of first mac
    // instruction"; "vstr.d, vldr.d can't dual issue with anything".
    .fp_mac_holds_adder = 3,
    .fp_mac_transfers_first_slot = 3,
    .fp_double_transfers_single_issue = true,
};

}  // namespace

const CoreTiming& core_timing(CoreKind core) {
  switch (core) {
    case CoreKind::CortexM4: return kCortexM4;
    case CoreKind::CortexM7: return kCortexM7;
  }
  return kCortexM4;
}

std::optional<CoreKind> core_kind_from_name(std::string_view name) {
  auto equals = [&](std::string_view want) {
    if (name.size() != want.size()) return false;
    for (size_t i = 0; i < name.size(); ++i) {
      char c = name[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != want[i]) return false;
    }
    return true;
  };
  if (equals("cortex-m4") || equals("cortex-m4f")) return CoreKind::CortexM4;
  if (equals("cortex-m7") || equals("cortex-m7f")) return CoreKind::CortexM7;
  return std::nullopt;
}

uint32_t early_termination_division_cycles(bool is_signed, uint32_t dividend, uint32_t divisor) {
  constexpr uint32_t kMin = 2;
  constexpr uint32_t kMaxExtra = 10;
  auto magnitude = [&](uint32_t v) {
    // |INT32_MIN| = 2^31 fits in uint32_t.
    return is_signed && static_cast<int32_t>(v) < 0 ? 0u - v : v;
  };
  const uint32_t n = magnitude(dividend);
  const uint32_t d = magnitude(divisor);
  if (d == 0 || n < d) return kMin;
  const uint32_t quotient_bits =
      static_cast<uint32_t>(std::countl_zero(d) - std::countl_zero(n)) + 1;  // 1..32
  return kMin + (kMaxExtra * quotient_bits + 31) / 32;
}

}  // namespace mcusim

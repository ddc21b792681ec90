// Instruction classes of the cycle model.
//
// Every Thumb instruction that Capstone decodes is mapped, by its Capstone id
// (ARM_INS_*), to one timing class. The mapping is a table (instruction_class.cpp);
// the cycles of a class are per-core data (core_timing.cpp). A few classes are
// refined by the decoder from the operands (double-precision divides,
// two-register VMOV), see sim/scheduling_facts.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace mcusim {

enum class InsnClass : uint8_t {
  Alu,              // data processing, shifts, CMP, CLZ, REV, RBIT, extend, SSAT/USAT, ADR, MOVW/MOVT
  Bitfield,         // BFI, BFC, UBFX, SBFX (M7: shares the DSP pairing restriction)
  Mul,              // MUL, MLA, MLS, SMULL, UMULL, SMLAL, UMLAL
  DspMul,           // multiplying DSP: SMLAD/X, SMUAD/X, SMLSD, SMLALD, SMLAxy, SMULxy, SMULWx, SMMLA/R, UMAAL, USADA8...
  Dsp,              // non-multiplying DSP: SIMD add/sub, saturating, halving, SEL, PKH, SXTB16, USAD8, SSAT16/USAT16
  Div,              // SDIV, UDIV
  Load,             // LDR, LDRT (word), LDR literal
  LoadNarrow,       // LDRB, LDRH, LDRSB, LDRSH (+T forms); refined from Load for latency on M7
  Store,            // STR, STRB, STRH (+T forms)
  LoadExclusive,    // LDREX, LDREXB, LDREXH
  StoreExclusive,   // STREX, STREXB, STREXH
  LoadDual,         // LDRD
  StoreDual,        // STRD
  LoadMultiple,     // LDM, LDMDB, POP (N = registers)
  StoreMultiple,    // STM, STMDB, PUSH (N = registers)
  Preload,          // PLD, PLI
  Branch,           // B, BL (direct: target in the encoding)
  BranchIndirect,   // BX, BLX <reg>
  CompareBranch,    // CBZ, CBNZ
  TableBranch,      // TBB, TBH
  It,               // IT
  System,           // MRS, CPS
  SystemWrite,      // MSR
  Barrier,          // DMB, DSB, ISB
  Hint,             // NOP, YIELD, WFE, WFI, SEV, SVC, BKPT, UDF, DBG, CLREX
  FpAddSub,         // VADD, VSUB
  FpMul,            // VMUL, VNMUL
  FpMac,            // VMLA, VMLS, VNMLA, VNMLS, VFMA, VFMS, VFNMA, VFNMS
  FpMisc,           // VABS, VNEG, VCMP(E), VCVT*, VRINT*, VMAXNM/VMINNM, VSEL*
  FpDiv,            // VDIV, VSQRT single precision
  FpDivDouble,      // VDIV, VSQRT double precision (refined by the decoder)
  FpMove,           // VMOV (one register), VMRS, VMSR
  FpMoveDouble,     // VMOV of two core registers or of a double (refined by the decoder)
  FpLoad,           // VLDR (N = 32-bit words: 1 or 2)
  FpStore,          // VSTR (N = 32-bit words)
  FpLoadMultiple,   // VLDM, VPOP (N = 32-bit words)
  FpStoreMultiple,  // VSTM, VPUSH (N = 32-bit words)
  Unknown,          // anything else (coprocessor, Neon, ...): charged as Alu
  Count_
};

inline constexpr size_t kInsnClassCount = static_cast<size_t>(InsnClass::Count_);

// Class of a Capstone ARM instruction id (ARM_INS_*), before operand refinement.
InsnClass classify_instruction(unsigned capstone_id);

std::string_view insn_class_name(InsnClass cls);

// Single (non-multiple, non-dual) integer load / store: the accesses that the
// Cortex-M4 load/store pipelining rule is about.
constexpr bool is_single_load(InsnClass c) {
  return c == InsnClass::Load || c == InsnClass::LoadNarrow;
}
constexpr bool is_single_store(InsnClass c) { return c == InsnClass::Store; }

// Any class that reads data memory into registers.
constexpr bool is_data_load(InsnClass c) {
  return is_single_load(c) || c == InsnClass::LoadDual || c == InsnClass::LoadMultiple ||
         c == InsnClass::LoadExclusive || c == InsnClass::FpLoad || c == InsnClass::FpLoadMultiple;
}

// Any class that writes data memory.
constexpr bool is_data_store(InsnClass c) {
  return c == InsnClass::Store || c == InsnClass::StoreDual || c == InsnClass::StoreMultiple ||
         c == InsnClass::StoreExclusive || c == InsnClass::FpStore || c == InsnClass::FpStoreMultiple;
}

// Any instruction executed by the FP unit (arithmetic, moves, loads, stores).
constexpr bool uses_fp_unit(InsnClass c) {
  return c >= InsnClass::FpAddSub && c <= InsnClass::FpStoreMultiple;
}

constexpr bool is_fp_arithmetic(InsnClass c) {
  return c == InsnClass::FpAddSub || c == InsnClass::FpMul || c == InsnClass::FpMac ||
         c == InsnClass::FpMisc || c == InsnClass::FpDiv || c == InsnClass::FpDivDouble;
}

}  // namespace mcusim

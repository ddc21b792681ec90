// Capstone instruction id -> timing class. One row per instruction; anything
// not listed is InsnClass::Unknown (charged like a data-processing instruction).
#include "sim/timing/instruction_class.h"

#include <array>
#include <capstone/capstone.h>
#include <utility>

namespace mcusim {
namespace {

using C = InsnClass;

// clang-format off
constexpr std::pair<arm_insn, InsnClass> kClassTable[] = {
  // Data processing (Cortex-M4 TRM table: 1 cycle)
  {ARM_INS_ADC, C::Alu}, {ARM_INS_ADD, C::Alu}, {ARM_INS_ADDW, C::Alu}, {ARM_INS_ADR, C::Alu},
  {ARM_INS_AND, C::Alu}, {ARM_INS_ASR, C::Alu}, {ARM_INS_BIC, C::Alu}, {ARM_INS_CLZ, C::Alu},
  {ARM_INS_CMN, C::Alu}, {ARM_INS_CMP, C::Alu}, {ARM_INS_EOR, C::Alu}, {ARM_INS_LSL, C::Alu},
  {ARM_INS_LSR, C::Alu}, {ARM_INS_MOV, C::Alu}, {ARM_INS_MOVT, C::Alu}, {ARM_INS_MOVW, C::Alu},
  {ARM_INS_MVN, C::Alu}, {ARM_INS_ORN, C::Alu}, {ARM_INS_ORR, C::Alu}, {ARM_INS_RBIT, C::Alu},
  {ARM_INS_REV, C::Alu}, {ARM_INS_REV16, C::Alu}, {ARM_INS_REVSH, C::Alu}, {ARM_INS_ROR, C::Alu},
  {ARM_INS_RRX, C::Alu}, {ARM_INS_RSB, C::Alu}, {ARM_INS_SBC, C::Alu}, {ARM_INS_SUB, C::Alu},
  {ARM_INS_SUBW, C::Alu}, {ARM_INS_TEQ, C::Alu}, {ARM_INS_TST, C::Alu}, {ARM_INS_SXTB, C::Alu},
  {ARM_INS_SXTH, C::Alu}, {ARM_INS_UXTB, C::Alu}, {ARM_INS_UXTH, C::Alu}, {ARM_INS_SXTAB, C::Alu},
  {ARM_INS_SXTAH, C::Alu}, {ARM_INS_UXTAB, C::Alu}, {ARM_INS_UXTAH, C::Alu}, {ARM_INS_SSAT, C::Alu},
  {ARM_INS_USAT, C::Alu},
  {ARM_INS_BFC, C::Bitfield}, {ARM_INS_BFI, C::Bitfield}, {ARM_INS_SBFX, C::Bitfield},
  {ARM_INS_UBFX, C::Bitfield},
  // Multiply
  {ARM_INS_MUL, C::Mul}, {ARM_INS_MLA, C::Mul}, {ARM_INS_MLS, C::Mul}, {ARM_INS_SMULL, C::Mul},
  {ARM_INS_UMULL, C::Mul}, {ARM_INS_SMLAL, C::Mul}, {ARM_INS_UMLAL, C::Mul},
  // Multiplying DSP
  {ARM_INS_SMLABB, C::DspMul}, {ARM_INS_SMLABT, C::DspMul}, {ARM_INS_SMLATB, C::DspMul},
  {ARM_INS_SMLATT, C::DspMul}, {ARM_INS_SMLAD, C::DspMul}, {ARM_INS_SMLADX, C::DspMul},
  {ARM_INS_SMLALBB, C::DspMul}, {ARM_INS_SMLALBT, C::DspMul}, {ARM_INS_SMLALTB, C::DspMul},
  {ARM_INS_SMLALTT, C::DspMul}, {ARM_INS_SMLALD, C::DspMul}, {ARM_INS_SMLALDX, C::DspMul},
  {ARM_INS_SMLAWB, C::DspMul}, {ARM_INS_SMLAWT, C::DspMul}, {ARM_INS_SMLSD, C::DspMul},
  {ARM_INS_SMLSDX, C::DspMul}, {ARM_INS_SMLSLD, C::DspMul}, {ARM_INS_SMLSLDX, C::DspMul},
  {ARM_INS_SMMLA, C::DspMul}, {ARM_INS_SMMLAR, C::DspMul}, {ARM_INS_SMMLS, C::DspMul},
  {ARM_INS_SMMLSR, C::DspMul}, {ARM_INS_SMMUL, C::DspMul}, {ARM_INS_SMMULR, C::DspMul},
  {ARM_INS_SMUAD, C::DspMul}, {ARM_INS_SMUADX, C::DspMul}, {ARM_INS_SMULBB, C::DspMul},
  {ARM_INS_SMULBT, C::DspMul}, {ARM_INS_SMULTB, C::DspMul}, {ARM_INS_SMULTT, C::DspMul},
  {ARM_INS_SMULWB, C::DspMul}, {ARM_INS_SMULWT, C::DspMul}, {ARM_INS_SMUSD, C::DspMul},
  {ARM_INS_SMUSDX, C::DspMul}, {ARM_INS_UMAAL, C::DspMul}, {ARM_INS_USADA8, C::DspMul},
  // Non-multiplying DSP (SIMD, saturating, halving, pack, select)
  {ARM_INS_QADD, C::Dsp}, {ARM_INS_QADD16, C::Dsp}, {ARM_INS_QADD8, C::Dsp}, {ARM_INS_QASX, C::Dsp},
  {ARM_INS_QDADD, C::Dsp}, {ARM_INS_QDSUB, C::Dsp}, {ARM_INS_QSAX, C::Dsp}, {ARM_INS_QSUB, C::Dsp},
  {ARM_INS_QSUB16, C::Dsp}, {ARM_INS_QSUB8, C::Dsp}, {ARM_INS_SADD16, C::Dsp}, {ARM_INS_SADD8, C::Dsp},
  {ARM_INS_SASX, C::Dsp}, {ARM_INS_SSAX, C::Dsp}, {ARM_INS_SSUB16, C::Dsp}, {ARM_INS_SSUB8, C::Dsp},
  {ARM_INS_SHADD16, C::Dsp}, {ARM_INS_SHADD8, C::Dsp}, {ARM_INS_SHASX, C::Dsp}, {ARM_INS_SHSAX, C::Dsp},
  {ARM_INS_SHSUB16, C::Dsp}, {ARM_INS_SHSUB8, C::Dsp}, {ARM_INS_UADD16, C::Dsp}, {ARM_INS_UADD8, C::Dsp},
  {ARM_INS_UASX, C::Dsp}, {ARM_INS_USAX, C::Dsp}, {ARM_INS_USUB16, C::Dsp}, {ARM_INS_USUB8, C::Dsp},
  {ARM_INS_UHADD16, C::Dsp}, {ARM_INS_UHADD8, C::Dsp}, {ARM_INS_UHASX, C::Dsp}, {ARM_INS_UHSAX, C::Dsp},
  {ARM_INS_UHSUB16, C::Dsp}, {ARM_INS_UHSUB8, C::Dsp}, {ARM_INS_UQADD16, C::Dsp}, {ARM_INS_UQADD8, C::Dsp},
  {ARM_INS_UQASX, C::Dsp}, {ARM_INS_UQSAX, C::Dsp}, {ARM_INS_UQSUB16, C::Dsp}, {ARM_INS_UQSUB8, C::Dsp},
  {ARM_INS_SEL, C::Dsp}, {ARM_INS_PKHBT, C::Dsp}, {ARM_INS_PKHTB, C::Dsp}, {ARM_INS_SXTB16, C::Dsp},
  {ARM_INS_SXTAB16, C::Dsp}, {ARM_INS_UXTB16, C::Dsp}, {ARM_INS_UXTAB16, C::Dsp}, {ARM_INS_USAD8, C::Dsp},
  {ARM_INS_SSAT16, C::Dsp}, {ARM_INS_USAT16, C::Dsp},
  // Divide
  {ARM_INS_SDIV, C::Div}, {ARM_INS_UDIV, C::Div},
  // Loads and stores
  {ARM_INS_LDR, C::Load}, {ARM_INS_LDRT, C::Load},
  {ARM_INS_LDRB, C::LoadNarrow}, {ARM_INS_LDRBT, C::LoadNarrow}, {ARM_INS_LDRH, C::LoadNarrow},
  {ARM_INS_LDRHT, C::LoadNarrow}, {ARM_INS_LDRSB, C::LoadNarrow}, {ARM_INS_LDRSBT, C::LoadNarrow},
  {ARM_INS_LDRSH, C::LoadNarrow}, {ARM_INS_LDRSHT, C::LoadNarrow},
  {ARM_INS_STR, C::Store}, {ARM_INS_STRT, C::Store}, {ARM_INS_STRB, C::Store}, {ARM_INS_STRBT, C::Store},
  {ARM_INS_STRH, C::Store}, {ARM_INS_STRHT, C::Store},
  {ARM_INS_LDREX, C::LoadExclusive}, {ARM_INS_LDREXB, C::LoadExclusive}, {ARM_INS_LDREXH, C::LoadExclusive},
  {ARM_INS_STREX, C::StoreExclusive}, {ARM_INS_STREXB, C::StoreExclusive}, {ARM_INS_STREXH, C::StoreExclusive},
  {ARM_INS_LDRD, C::LoadDual}, {ARM_INS_STRD, C::StoreDual},
  {ARM_INS_LDM, C::LoadMultiple}, {ARM_INS_LDMDB, C::LoadMultiple}, {ARM_INS_POP, C::LoadMultiple},
  {ARM_INS_STM, C::StoreMultiple}, {ARM_INS_STMDB, C::StoreMultiple}, {ARM_INS_PUSH, C::StoreMultiple},
  {ARM_INS_PLD, C::Preload}, {ARM_INS_PLDW, C::Preload}, {ARM_INS_PLI, C::Preload},
  // Branches
  {ARM_INS_B, C::Branch}, {ARM_INS_BL, C::Branch},
  {ARM_INS_BX, C::BranchIndirect}, {ARM_INS_BLX, C::BranchIndirect},
  {ARM_INS_CBZ, C::CompareBranch}, {ARM_INS_CBNZ, C::CompareBranch},
  {ARM_INS_TBB, C::TableBranch}, {ARM_INS_TBH, C::TableBranch},
  {ARM_INS_IT, C::It},
  // System
  {ARM_INS_MRS, C::System}, {ARM_INS_CPS, C::System}, {ARM_INS_MSR, C::SystemWrite},
  {ARM_INS_DMB, C::Barrier}, {ARM_INS_DSB, C::Barrier}, {ARM_INS_ISB, C::Barrier},
  {ARM_INS_NOP, C::Hint}, {ARM_INS_YIELD, C::Hint}, {ARM_INS_WFE, C::Hint}, {ARM_INS_WFI, C::Hint},
  {ARM_INS_SEV, C::Hint}, {ARM_INS_SVC, C::Hint}, {ARM_INS_BKPT, C::Hint}, {ARM_INS_UDF, C::Hint},
  {ARM_INS_DBG, C::Hint}, {ARM_INS_HINT, C::Hint}, {ARM_INS_CLREX, C::Hint},
  // FPU (FPv4-SP / FPv5)
  {ARM_INS_VADD, C::FpAddSub}, {ARM_INS_VSUB, C::FpAddSub},
  {ARM_INS_VMUL, C::FpMul}, {ARM_INS_VNMUL, C::FpMul},
  {ARM_INS_VMLA, C::FpMac}, {ARM_INS_VMLS, C::FpMac}, {ARM_INS_VNMLA, C::FpMac}, {ARM_INS_VNMLS, C::FpMac},
  {ARM_INS_VFMA, C::FpMac}, {ARM_INS_VFMS, C::FpMac}, {ARM_INS_VFNMA, C::FpMac}, {ARM_INS_VFNMS, C::FpMac},
  {ARM_INS_VABS, C::FpMisc}, {ARM_INS_VNEG, C::FpMisc}, {ARM_INS_VCMP, C::FpMisc}, {ARM_INS_VCMPE, C::FpMisc},
  {ARM_INS_VCVT, C::FpMisc}, {ARM_INS_VCVTA, C::FpMisc}, {ARM_INS_VCVTB, C::FpMisc}, {ARM_INS_VCVTM, C::FpMisc},
  {ARM_INS_VCVTN, C::FpMisc}, {ARM_INS_VCVTP, C::FpMisc}, {ARM_INS_VCVTT, C::FpMisc}, {ARM_INS_VCVTR, C::FpMisc},
  {ARM_INS_VRINTA, C::FpMisc}, {ARM_INS_VRINTM, C::FpMisc}, {ARM_INS_VRINTN, C::FpMisc},
  {ARM_INS_VRINTP, C::FpMisc}, {ARM_INS_VRINTR, C::FpMisc}, {ARM_INS_VRINTX, C::FpMisc},
  {ARM_INS_VRINTZ, C::FpMisc}, {ARM_INS_VMAXNM, C::FpMisc}, {ARM_INS_VMINNM, C::FpMisc},
  {ARM_INS_VSELEQ, C::FpMisc}, {ARM_INS_VSELGE, C::FpMisc}, {ARM_INS_VSELGT, C::FpMisc},
  {ARM_INS_VSELVS, C::FpMisc},
  {ARM_INS_VDIV, C::FpDiv}, {ARM_INS_VSQRT, C::FpDiv},
  {ARM_INS_VMOV, C::FpMove}, {ARM_INS_VMRS, C::FpMove}, {ARM_INS_VMSR, C::FpMove},
  {ARM_INS_VLDR, C::FpLoad}, {ARM_INS_VSTR, C::FpStore},
  {ARM_INS_VLDMIA, C::FpLoadMultiple}, {ARM_INS_VLDMDB, C::FpLoadMultiple}, {ARM_INS_VPOP, C::FpLoadMultiple},
  {ARM_INS_VSTMIA, C::FpStoreMultiple}, {ARM_INS_VSTMDB, C::FpStoreMultiple}, {ARM_INS_VPUSH, C::FpStoreMultiple},
};
// clang-format on

// No instruction id may appear twice (a later row would silently win).
constexpr bool ids_unique() {
  std::array<bool, ARM_INS_ENDING> seen{};
  for (const auto& row : kClassTable) {
    if (seen[row.first]) return false;
    seen[row.first] = true;
  }
  return true;
}
static_assert(ids_unique(), "an ARM_INS_* id is listed twice in kClassTable");

constexpr std::array<InsnClass, ARM_INS_ENDING> build_lookup() {
  std::array<InsnClass, ARM_INS_ENDING> lookup{};
  for (auto& c : lookup) c = InsnClass::Unknown;
  for (const auto& [id, cls] : kClassTable) lookup[id] = cls;
  return lookup;
}

constexpr std::array<InsnClass, ARM_INS_ENDING> kLookup = build_lookup();

constexpr std::string_view kClassNames[] = {
    "Alu",           "Bitfield",       "Mul",          "DspMul",        "Dsp",
    "Div",           "Load",           "LoadNarrow",   "Store",         "LoadExclusive",
    "StoreExclusive", "LoadDual",      "StoreDual",    "LoadMultiple",  "StoreMultiple",
    "Preload",       "Branch",         "BranchIndirect", "CompareBranch", "TableBranch",
    "It",            "System",         "SystemWrite",  "Barrier",       "Hint",
    "FpAddSub",      "FpMul",          "FpMac",        "FpMisc",        "FpDiv",
    "FpDivDouble",   "FpMove",         "FpMoveDouble", "FpLoad",        "FpStore",
    "FpLoadMultiple", "FpStoreMultiple", "Unknown",
};
static_assert(std::size(kClassNames) == kInsnClassCount, "one name per InsnClass");

}  // namespace

InsnClass classify_instruction(unsigned capstone_id) {
  return capstone_id < kLookup.size() ? kLookup[capstone_id] : InsnClass::Unknown;
}

std::string_view insn_class_name(InsnClass cls) {
  const auto i = static_cast<size_t>(cls);
  return i < kInsnClassCount ? kClassNames[i] : std::string_view("?");
}

}  // namespace mcusim

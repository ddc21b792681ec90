#include "sim/scheduling_facts.h"

namespace mcusim {
namespace {

bool is_load_multiple(InsnClass c) {
  return c == InsnClass::LoadMultiple || c == InsnClass::FpLoadMultiple;
}
bool is_store_multiple(InsnClass c) {
  return c == InsnClass::StoreMultiple || c == InsnClass::FpStoreMultiple;
}
bool is_d_register(unsigned reg) { return reg >= ARM_REG_D0 && reg <= ARM_REG_D31; }
bool is_core_register(unsigned reg) {
  return (reg >= ARM_REG_R0 && reg <= ARM_REG_R12) || reg == ARM_REG_SP || reg == ARM_REG_LR ||
         reg == ARM_REG_PC;
}

// Long multiply-accumulates read RdLo/RdHi as well; Capstone 4.0.2 marks
// them write-only.
bool accumulates_into_first_two(unsigned id) {
  switch (id) {
    case ARM_INS_SMLAL: case ARM_INS_UMLAL: case ARM_INS_UMAAL:
    case ARM_INS_SMLALD: case ARM_INS_SMLALDX: case ARM_INS_SMLSLD: case ARM_INS_SMLSLDX:
    case ARM_INS_SMLALBB: case ARM_INS_SMLALBT: case ARM_INS_SMLALTB: case ARM_INS_SMLALTT:
      return true;
    default:
      return false;
  }
}

// Multiply-accumulates whose fourth operand (Ra) is the accumulator.
bool accumulates_from_fourth(unsigned id) {
  switch (id) {
    case ARM_INS_MLA: case ARM_INS_MLS: case ARM_INS_SMLAD: case ARM_INS_SMLADX: case ARM_INS_SMLSD:
    case ARM_INS_SMLSDX: case ARM_INS_SMLABB: case ARM_INS_SMLABT: case ARM_INS_SMLATB: case ARM_INS_SMLATT:
    case ARM_INS_SMLAWB: case ARM_INS_SMLAWT: case ARM_INS_SMMLA: case ARM_INS_SMMLAR: case ARM_INS_SMMLS:
    case ARM_INS_SMMLSR: case ARM_INS_USADA8:
      return true;
    default:
      return false;
  }
}

// Register operands whose Capstone access field is 0 (Capstone 4.0.2 leaves it
// unset for e.g. SSAT/USAT16 and PKHBT sources): the first operand is the
// destination unless the instruction only reads its operands.
bool first_operand_is_read(InsnClass cls, unsigned id) {
  switch (cls) {
    case InsnClass::Store:
    case InsnClass::StoreDual:
    case InsnClass::FpStore:
    case InsnClass::CompareBranch:
    case InsnClass::BranchIndirect:
      return true;
    default:
      return id == ARM_INS_CMP || id == ARM_INS_CMN || id == ARM_INS_TST || id == ARM_INS_TEQ ||
             id == ARM_INS_VCMP || id == ARM_INS_VCMPE || id == ARM_INS_MSR;
  }
}

// ALU-class instructions that consume their sources in the M7's early ALU
// (jnk0le/random, pipeline cycle test, cortex_m7.md, STM32H743: "`sbfx`,
// `ubfx`, `rbit`, `rev`, `rev16`, `revsh`, execute in early alu"; "in `bfi`,
// `pkh{bt,tb}` and `{s,u}xta{b,h,b16}` instructions the \"extracted\" ...
// register consume its operand in early ALU"; LLVM ARMScheduleM7.td reads
// SSAT/USAT at EX1). The plain extends too: LLVM reads them late, but a
// reverse engineer's measurements (mastodawn.com, tag CortexM7) say "Sign and
// zero extension operations _also_ count as having shifted operands" and "The
// input for a shifted operand has to be available one cycle earlier". The
// bitfield and DSP classes are not ALU-class.
bool reads_in_early_alu(unsigned id) {
  switch (id) {
    case ARM_INS_SXTB: case ARM_INS_SXTH: case ARM_INS_UXTB: case ARM_INS_UXTH:
    case ARM_INS_REV: case ARM_INS_REV16: case ARM_INS_REVSH: case ARM_INS_RBIT:
    case ARM_INS_SXTAB: case ARM_INS_SXTAH: case ARM_INS_UXTAB: case ARM_INS_UXTAH:
    case ARM_INS_SSAT: case ARM_INS_USAT:
      return true;
    default:
      return false;
  }
}

// An immediate REF2 calls "simple" (8 bits, 12 in ADDW/SUBW, MOVW's 16) or
// "constructed" (0x00XY00XY, 0xXY00XY00, 0xXYXYXYXY), not a "shifted
// constant" (an 8-bit value rotated, e.g. #0x1fc0).
bool simple_or_constructed_immediate(unsigned id, uint32_t v) {
  if (v < 256 || id == ARM_INS_MOVW) return true;
  if ((id == ARM_INS_ADDW || id == ARM_INS_SUBW) && v < 4096) return true;
  const uint32_t low = v & 0xFF, second = (v >> 8) & 0xFF;
  return v == (low | low << 16) || v == (second << 8 | second << 24) || v == low * 0x01010101u;
}

// Instructions whose result the M7's early ALU forwards to the late ALU in
// the same cycle (jnk0le/random cortex_m7.md, STM32H743: "result of early
// alu can be forwarded to late alu in 0 cycles": "`add`, `sub`, reg-reg or
// simple and constructed constants (not shifted ones)", "`mov`, reg-reg or
// simple and constructed constants (not shifted ones) + simple shifts and
// rotations (aliased to mov) except rrx"). Shifts by a register are left
// out (the operand2 matrix puts them with the shifted forms).
bool forwards_from_early_alu(const cs_insn& insn, RegMask shifted) {
  const cs_arm& arm = insn.detail->arm;
  if (shifted != 0 || arm.op_count < 2 || arm.operands[0].type != ARM_OP_REG) return false;
  const cs_arm_op& last = arm.operands[arm.op_count - 1];
  switch (insn.id) {
    case ARM_INS_ADD: case ARM_INS_ADDW: case ARM_INS_SUB: case ARM_INS_SUBW:
    case ARM_INS_MOV: case ARM_INS_MOVW:
      for (int i = 1; i < arm.op_count; ++i)
        if (arm.operands[i].type != ARM_OP_REG && arm.operands[i].type != ARM_OP_IMM) return false;
      return last.type != ARM_OP_IMM || simple_or_constructed_immediate(insn.id, static_cast<uint32_t>(last.imm));
    case ARM_INS_LSL: case ARM_INS_LSR: case ARM_INS_ASR: case ARM_INS_ROR:
      return last.type == ARM_OP_IMM;  // by a constant
    default:
      return false;
  }
}

// REF2's operand2 classes that never share a cycle with each other: an
// inline-shifted register (`add.w r3, r4, r5, ror #24`) or a shifted
// constant (`eor r0, r1, #0x1fc0`).
bool shifted_operand2(const cs_insn& insn, RegMask shifted) {
  const cs_arm& arm = insn.detail->arm;
  if (shifted != 0) return true;
  if (arm.op_count < 2) return false;
  const cs_arm_op& last = arm.operands[arm.op_count - 1];
  return last.type == ARM_OP_IMM && !simple_or_constructed_immediate(insn.id, static_cast<uint32_t>(last.imm));
}

// REF2: "`bfi`, `bfc`, `sbfx`, `ubfx`, `rbit`, `rev`, `rev16`, `revsh`,
// `{s,u}xta{b,h,b16}`, `pkh{bt,tb}` instructions can't be dual issued with
// operand2 inline_shifted_reg/shifted_constant instruction".
bool excludes_shifted_operand2(unsigned id) {
  switch (id) {
    case ARM_INS_BFI: case ARM_INS_BFC: case ARM_INS_SBFX: case ARM_INS_UBFX:
    case ARM_INS_RBIT: case ARM_INS_REV: case ARM_INS_REV16: case ARM_INS_REVSH:
    case ARM_INS_SXTAB: case ARM_INS_SXTAH: case ARM_INS_SXTAB16:
    case ARM_INS_UXTAB: case ARM_INS_UXTAH: case ARM_INS_UXTAB16:
    case ARM_INS_PKHBT: case ARM_INS_PKHTB:
      return true;
    default:
      return false;
  }
}

}  // namespace

void describe_scheduling(const cs_insn& insn, DecodedInsn& d) {
  const cs_arm& arm = insn.detail->arm;
  d.cls = classify_instruction(insn.id);

  const bool pushpop = insn.id == ARM_INS_PUSH || insn.id == ARM_INS_POP ||
                       insn.id == ARM_INS_VPUSH || insn.id == ARM_INS_VPOP;
  const bool multiple = is_load_multiple(d.cls) || is_store_multiple(d.cls);
  int reg_operands = 0;
  bool any_d = false;
  bool any_core = false;
  unsigned words = 0;
  RegMask shifted = 0;  // register operands read through an inline shift

  for (int i = 0; i < arm.op_count; ++i) {
    const cs_arm_op& op = arm.operands[i];
    if (op.type == ARM_OP_REG) {
      ++reg_operands;
      any_d = any_d || is_d_register(static_cast<unsigned>(op.reg));
      any_core = any_core || is_core_register(static_cast<unsigned>(op.reg));
      const RegMask m = register_mask(static_cast<unsigned>(op.reg));
      if (multiple) {
        // LDM/STM/VLDM/VSTM: operand 0 is the base, the rest the list.
        // PUSH/POP/VPUSH/VPOP: all operands are the list (SP is implicit).
        // Capstone's access flags are unreliable here (VPUSH reports
        // read|write, VLDM reports none), so the class decides.
        if (i == 0 && !pushpop) {
          d.addr_reads |= m;
          if (arm.writeback || (op.access & CS_AC_WRITE)) d.writeback |= m;
          continue;
        }
        words += is_d_register(static_cast<unsigned>(op.reg)) ? 2 : 1;
        if (is_load_multiple(d.cls)) {
          d.writes |= m;
        } else {
          d.reads |= m;
        }
        continue;
      }
      uint8_t access = op.access;
      if (access == 0) {
        access = (i == 0 && !first_operand_is_read(d.cls, insn.id)) ? CS_AC_WRITE : CS_AC_READ;
      }
      if (i < 2 && accumulates_into_first_two(insn.id)) {
        access |= CS_AC_READ;
        d.accumulator |= m;
      }
      if (i == 3 && accumulates_from_fourth(insn.id)) d.accumulator |= m;
      if (i == 0 && d.cls == InsnClass::FpMac) {  // VMLA/VFMA Sd: the addend, read and written
        access |= CS_AC_READ;
        d.accumulator |= m;
      }
      if (access & CS_AC_READ) d.reads |= m;
      if (access & CS_AC_WRITE) d.writes |= m;
      const arm_shifter sh = op.shift.type;
      if (sh != ARM_SFT_INVALID && (op.shift.value != 0 || sh == ARM_SFT_RRX || sh >= ARM_SFT_ASR_REG)) shifted |= m;
      if (d.cls == InsnClass::FpLoad || d.cls == InsnClass::FpStore) {
        words += is_d_register(static_cast<unsigned>(op.reg)) ? 2 : 1;
      }
    } else if (op.type == ARM_OP_MEM) {
      // LDRD/STRD memory operands report no access in Capstone 4.0.2; the
      // base and index are address reads whatever the access field says.
      const RegMask base = register_mask(static_cast<unsigned>(op.mem.base));
      const RegMask index = register_mask(static_cast<unsigned>(op.mem.index));
      d.addr_reads |= base | index;
      d.register_offset = op.mem.index != ARM_REG_INVALID;
      if (arm.writeback) d.writeback |= base;
      if (op.mem.base == ARM_REG_PC && op.mem.index == ARM_REG_INVALID) {
        d.literal = true;
        int32_t disp = op.mem.disp;
        if (op.subtracted && disp > 0) disp = -disp;
        d.literal_address = ((d.address + 4u) & ~3u) + static_cast<uint32_t>(disp);
      }
    } else if (op.type == ARM_OP_IMM && (d.cls == InsnClass::Branch || d.cls == InsnClass::CompareBranch)) {
      d.branch_target = static_cast<uint32_t>(op.imm);
    }
  }

  if (pushpop) {
    d.addr_reads |= kSpMask;
    d.writeback |= kSpMask;
  }
  if (insn.id == ARM_INS_BL || insn.id == ARM_INS_BLX) d.writes |= kLrMask;
  // Literal loads only count as literal when they load (PLD [pc] etc. do not matter).
  if (d.literal && !(is_single_load(d.cls) || d.cls == InsnClass::FpLoad || d.cls == InsnClass::LoadDual)) {
    d.literal = false;
  }
  if (multiple || d.cls == InsnClass::FpLoad || d.cls == InsnClass::FpStore) {
    d.words = static_cast<uint8_t>(words);
  }
  d.writeback &= ~d.writes;  // a loaded base (LDM r0, {r0,...}) is a result, not a writeback

  d.fused_mac = insn.id == ARM_INS_VFMA || insn.id == ARM_INS_VFMS || insn.id == ARM_INS_VFNMA ||
                insn.id == ARM_INS_VFNMS;
  // Operand-dependent refinements of the class.
  if (d.cls == InsnClass::FpDiv && any_d) d.cls = InsnClass::FpDivDouble;
  // "VMOV two core registers or a double": r0,r1,d0 / d0,r0,r1 / r0,r1,s0,s1
  // or d0,d1; a lane move (vmov.32 d0[1], r0) is a single-register move.
  if (insn.id == ARM_INS_VMOV && (reg_operands >= 3 || (any_d && !any_core))) {
    d.cls = InsnClass::FpMoveDouble;
  }

  // Branches. Capstone 4.0.2 puts POP {pc} (and B.W) in no jump group, so a
  // change of flow is PC among the written registers: from the list of a
  // load multiple, a PC destination, or the branch classes below.
  const bool branch_class = d.cls == InsnClass::Branch || d.cls == InsnClass::BranchIndirect ||
                            d.cls == InsnClass::CompareBranch || d.cls == InsnClass::TableBranch;
  if (branch_class) d.writes |= kPcMask;
  d.direct_branch = d.cls == InsnClass::Branch || d.cls == InsnClass::CompareBranch;
  d.conditional = d.cls == InsnClass::CompareBranch ||
                  (d.cls != InsnClass::It && arm.cc != ARM_CC_AL && arm.cc != ARM_CC_INVALID);

  // Capstone sets update_flags for the S forms (not inside IT blocks), the
  // compares and VMRS APSR_nzcv; MSR to the APSR it leaves out.
  d.sets_flags = arm.update_flags || insn.id == ARM_INS_MSR;

  d.reads &= ~kPcMask;
  d.addr_reads &= ~kPcMask;
  if (d.cls == InsnClass::Alu && !reads_in_early_alu(insn.id)) d.late_alu_reads = d.reads & ~shifted;
  d.early_alu_forwarding = d.cls == InsnClass::Alu && !d.writes_pc() && forwards_from_early_alu(insn, shifted);
  const bool data_processing = d.cls == InsnClass::Alu || d.cls == InsnClass::Bitfield || d.cls == InsnClass::Dsp;
  d.excludes_shifted_operand2 = excludes_shifted_operand2(insn.id);
  d.shifted_operand2 = data_processing && !d.excludes_shifted_operand2 && shifted_operand2(insn, shifted);
}

RegMask register_mask(unsigned reg) {
  if (reg >= ARM_REG_R0 && reg <= ARM_REG_R12) return RegMask{1} << (reg - ARM_REG_R0);
  if (reg == ARM_REG_SP) return kSpMask;
  if (reg == ARM_REG_LR) return kLrMask;
  if (reg == ARM_REG_PC) return kPcMask;
  if (reg >= ARM_REG_S0 && reg <= ARM_REG_S31) return RegMask{1} << (16 + reg - ARM_REG_S0);
  if (reg >= ARM_REG_D0 && reg <= ARM_REG_D15) return RegMask{3} << (16 + 2 * (reg - ARM_REG_D0));
  if (reg >= ARM_REG_D16 && reg <= ARM_REG_D31) return RegMask{1} << (48 + reg - ARM_REG_D16);
  return 0;
}

}  // namespace mcusim

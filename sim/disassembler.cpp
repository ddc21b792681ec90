#include "sim/disassembler.h"

#include <capstone/capstone.h>
#include <fmt/format.h>

#include <memory>
#include <stdexcept>

#include "sim/scheduling_facts.h"

namespace mcusim {

namespace {

// Frees what cs_disasm allocated on every way out.
struct InsnDeleter {
  size_t count;
  void operator()(cs_insn* p) const {
    if (p != nullptr) cs_free(p, count);
  }
};
using InsnArray = std::unique_ptr<cs_insn, InsnDeleter>;

int reg_index(unsigned cs_reg) {
  if (cs_reg >= ARM_REG_R0 && cs_reg <= ARM_REG_R12) return static_cast<int>(cs_reg - ARM_REG_R0);
  if (cs_reg == ARM_REG_SP) return 13;
  if (cs_reg == ARM_REG_LR) return 14;
  if (cs_reg == ARM_REG_PC) return 15;
  return -1;
}
uint16_t access_bytes(unsigned id) {
  switch (id) {
    case ARM_INS_LDRB: case ARM_INS_STRB: case ARM_INS_LDRSB: case ARM_INS_LDREXB: case ARM_INS_STREXB:
    case ARM_INS_LDRBT: case ARM_INS_STRBT: case ARM_INS_LDRSBT: case ARM_INS_TBB:
      return 1;
    case ARM_INS_LDRH: case ARM_INS_STRH: case ARM_INS_LDRSH: case ARM_INS_LDREXH: case ARM_INS_STREXH:
    case ARM_INS_LDRHT: case ARM_INS_STRHT: case ARM_INS_LDRSHT: case ARM_INS_TBH:
      return 2;
    case ARM_INS_LDRD: case ARM_INS_STRD: case ARM_INS_VLDR: case ARM_INS_VSTR:
      return 8;
    default:
      return 4;
  }
}

void describe_memory_access(const cs_insn& in, DecodedInsn& d) {
  const cs_arm& arm = in.detail->arm;
  int reg_list = 0;
  for (uint8_t k = 0; k < arm.op_count; ++k)
    if (arm.operands[k].type == ARM_OP_REG) ++reg_list;
  switch (in.id) {
    case ARM_INS_PUSH: case ARM_INS_VPUSH:
      d.mem_base = 13, d.mem_descending = true;
      d.mem_bytes = static_cast<uint16_t>(reg_list * (in.id == ARM_INS_VPUSH ? 8 : 4));
      d.writeback_step = -static_cast<int32_t>(d.mem_bytes);
      return;
    case ARM_INS_POP: case ARM_INS_VPOP:
      d.mem_base = 13;
      d.mem_bytes = static_cast<uint16_t>(reg_list * (in.id == ARM_INS_VPOP ? 8 : 4));
      d.writeback_step = d.mem_bytes;
      return;
    case ARM_INS_LDM: case ARM_INS_STM: case ARM_INS_STMDB: case ARM_INS_LDMDB:
    case ARM_INS_VLDMIA: case ARM_INS_VSTMIA: case ARM_INS_VSTMDB: case ARM_INS_VLDMDB:
      if (arm.op_count > 0 && arm.operands[0].type == ARM_OP_REG) {
        d.mem_base = static_cast<int8_t>(reg_index(arm.operands[0].reg));
        d.mem_bytes = static_cast<uint16_t>((reg_list - 1) * 4);
        d.mem_descending = in.id == ARM_INS_STMDB || in.id == ARM_INS_LDMDB || in.id == ARM_INS_VSTMDB || in.id == ARM_INS_VLDMDB;
        if (arm.writeback) d.writeback_step = d.mem_descending ? -static_cast<int32_t>(d.mem_bytes) : d.mem_bytes;
      }
      return;
    default:
      break;
  }
  for (uint8_t k = 0; k < arm.op_count; ++k) {
    const cs_arm_op& op = arm.operands[k];
    if (op.type != ARM_OP_MEM) continue;
    d.mem_base = static_cast<int8_t>(reg_index(op.mem.base));
    d.mem_index = op.mem.index == ARM_REG_INVALID ? -1 : static_cast<int8_t>(reg_index(op.mem.index));
    d.mem_subtract = op.subtracted || op.mem.scale < 0;
    d.mem_shift = op.shift.type == ARM_SFT_LSL ? static_cast<uint8_t>(op.shift.value) : 0;
    d.mem_disp = op.mem.disp;
    d.mem_bytes = access_bytes(in.id);
    if (arm.writeback) {
      if (k + 1 < arm.op_count) {  // post-indexed: [rn], #imm / [rn], rm
        const cs_arm_op& step = arm.operands[k + 1];
        d.writeback_known = step.type == ARM_OP_IMM;
        d.writeback_step = step.type == ARM_OP_IMM ? (step.subtracted ? -step.imm : step.imm) : 0;
      } else {  // pre-indexed: [rn, #imm]!
        d.writeback_step = op.mem.disp;
      }
    }
    return;
  }
}

// The register arithmetic that address computations use (DecodedInsn::arith).
void describe_arith(const cs_insn& in, DecodedInsn& d) {
  const cs_arm& arm = in.detail->arm;
  auto is_reg = [&](int k) { return k < arm.op_count && arm.operands[k].type == ARM_OP_REG; };
  auto is_imm = [&](int k) { return k < arm.op_count && arm.operands[k].type == ARM_OP_IMM; };
  auto reg = [&](int k) { return static_cast<int8_t>(reg_index(arm.operands[k].reg)); };
  auto plain_or_lsl = [&](int k) {
    arm_shifter t = arm.operands[k].shift.type;
    return t == ARM_SFT_INVALID || (t == ARM_SFT_LSL && arm.operands[k].shift.value < 32);
  };
  RegArith a;
  // The second source: a register (maybe LSL-shifted) or an immediate.
  auto source = [&](int k) {
    if (is_imm(k)) { a.imm = arm.operands[k].imm; return true; }
    if (!is_reg(k) || !plain_or_lsl(k) || reg(k) < 0 || reg(k) == 15) return false;
    a.rm = reg(k);
    a.shift = arm.operands[k].shift.type == ARM_SFT_LSL ? static_cast<uint8_t>(arm.operands[k].shift.value) : 0;
    return true;
  };
  if (!is_reg(0) || reg(0) < 0 || reg(0) == 15) return;
  a.rd = reg(0);
  switch (in.id) {
    case ARM_INS_MOV: case ARM_INS_MOVW:
      if (arm.op_count == 2 && source(1)) a.op = ArithOp::Move;
      break;
    case ARM_INS_MOVT:
      a.op = ArithOp::KeepLow16;
      break;
    case ARM_INS_ADD: case ARM_INS_ADDW: case ARM_INS_SUB: case ARM_INS_SUBW: {
      int first = arm.op_count == 2 ? 0 : 1;  // two operands: rd is also the first source
      if (arm.op_count < 2 || arm.op_count > 3 || !is_reg(first) || reg(first) < 0 || reg(first) == 15) break;
      a.rn = reg(first);
      if (source(first + 1))
        a.op = in.id == ARM_INS_ADD || in.id == ARM_INS_ADDW ? ArithOp::Add : ArithOp::Sub;
      break;
    }
    case ARM_INS_LSL:
      if (arm.op_count == 3 && is_reg(1) && is_imm(2) && reg(1) >= 0 && reg(1) != 15) {
        a.rm = reg(1), a.shift = static_cast<uint8_t>(arm.operands[2].imm), a.op = ArithOp::ShiftLeft;
      } else if (arm.op_count == 2 && is_imm(1)) {
        a.rm = a.rd, a.shift = static_cast<uint8_t>(arm.operands[1].imm), a.op = ArithOp::ShiftLeft;
      }
      break;
    case ARM_INS_LDR: case ARM_INS_LDRD: {
      int m = in.id == ARM_INS_LDR ? 1 : 2;
      if (arm.op_count != m + 1 || arm.writeback || arm.operands[m].type != ARM_OP_MEM) break;
      const arm_op_mem& mem = arm.operands[m].mem;
      if (mem.index != ARM_REG_INVALID || reg_index(mem.base) < 0 || reg_index(mem.base) == 15) break;
      if (m == 2) {
        if (!is_reg(1) || reg(1) < 0 || reg(1) == 15) break;
        a.rd2 = reg(1);
      }
      a.rn = static_cast<int8_t>(reg_index(mem.base)), a.imm = mem.disp, a.op = ArithOp::LoadWord;
      break;
    }
    default:
      break;
  }
  if (a.op != ArithOp::None) d.arith = a;
}

// SP writes that can only move SP up: pops, ADD SP, #imm, post-indexed or
// incrementing loads from SP. They can never overflow the stack.
bool raises_sp(const cs_insn& in) {
  const cs_arm& arm = in.detail->arm;
  switch (in.id) {
    case ARM_INS_POP: case ARM_INS_VPOP:
      return true;
    case ARM_INS_ADD: {  // add sp, #imm / add.w sp, sp, #imm
      const cs_arm_op& last = arm.operands[arm.op_count - 1];
      bool sp_operands = arm.op_count >= 2 && arm.operands[0].type == ARM_OP_REG && arm.operands[0].reg == ARM_REG_SP &&
                         (arm.op_count == 2 || (arm.operands[1].type == ARM_OP_REG && arm.operands[1].reg == ARM_REG_SP));
      return sp_operands && arm.op_count <= 3 && last.type == ARM_OP_IMM && last.imm >= 0;
    }
    case ARM_INS_LDR: {  // ldr rX, [sp], #imm (post-indexed pop of one register)
      const cs_arm_op& last = arm.operands[arm.op_count - 1];
      return arm.op_count == 3 && arm.operands[1].type == ARM_OP_MEM && arm.operands[1].mem.base == ARM_REG_SP &&
             arm.operands[0].reg != ARM_REG_SP && last.type == ARM_OP_IMM && last.imm > 0 && !last.subtracted;
    }
    case ARM_INS_LDM:  // LDMIA SP!: SP only grows (a load into SP itself is not this form)
      return arm.op_count > 0 && arm.operands[0].type == ARM_OP_REG && arm.operands[0].reg == ARM_REG_SP;
    default:
      return false;
  }
}

// Calls, returns, other branches, division, WFI and FP use, SP writes.
void describe_flow(const cs_insn& in, bool in_jump_group, DecodedInsn& d) {
  const cs_arm& arm = in.detail->arm;
  bool writes_pc = false;
  bool pops_from_sp = false;
  for (uint8_t r = 0; r < in.detail->regs_write_count; ++r) {
    if (in.detail->regs_write[r] == ARM_REG_SP) d.writes_sp = true;
    if (in.detail->regs_write[r] == ARM_REG_PC) writes_pc = true;
  }
  for (uint8_t k = 0; k < arm.op_count; ++k) {
    const cs_arm_op& op = arm.operands[k];
    if (op.type == ARM_OP_REG && op.reg == ARM_REG_SP && (op.access & CS_AC_WRITE)) d.writes_sp = true;
    if (op.type == ARM_OP_REG && op.reg == ARM_REG_PC && (op.access & CS_AC_WRITE)) writes_pc = true;
    if (op.type == ARM_OP_MEM && op.mem.base == ARM_REG_SP) {
      pops_from_sp = true;
      if (arm.writeback) d.writes_sp = true;  // [sp, #imm]! / [sp], #imm: Capstone lists no SP write
    }
  }
  switch (in.id) {
    case ARM_INS_PUSH: case ARM_INS_POP: case ARM_INS_VPUSH: case ARM_INS_VPOP:
      d.writes_sp = true;
      // POP {..,pc} is in no jump group (Capstone 4.0.2): found by its list.
      if (in.id == ARM_INS_POP) {
        for (uint8_t k = 0; k < arm.op_count; ++k)
          if (arm.operands[k].type == ARM_OP_REG && arm.operands[k].reg == ARM_REG_PC) d.is_return = true;
      }
      break;
    case ARM_INS_BL: case ARM_INS_BLX:
      d.is_call = true;
      break;
    case ARM_INS_BX:
      if (arm.op_count == 1 && arm.operands[0].reg == ARM_REG_LR) d.is_return = true;
      else d.is_branch = true;
      break;
    case ARM_INS_SDIV: case ARM_INS_UDIV:
      d.is_division = true;
      d.div_signed = in.id == ARM_INS_SDIV;
      if (arm.op_count == 3) {
        d.div_dividend_reg = static_cast<uint8_t>(reg_index(arm.operands[1].reg));
        d.div_divisor_reg = static_cast<uint8_t>(reg_index(arm.operands[2].reg));
      }
      break;
    case ARM_INS_WFI: case ARM_INS_WFE:
      d.is_wfi = true;
      break;
    case ARM_INS_MSR: {  // the special register is the first operand: MSR PSP, r0
      const unsigned sysreg = arm.op_count >= 1 && arm.operands[0].type == ARM_OP_SYSREG ? arm.operands[0].reg : 0;
      d.selects_thread_stack = sysreg == ARM_SYSREG_PSP || sysreg == ARM_SYSREG_CONTROL;
      if (sysreg == ARM_SYSREG_MSP && arm.op_count == 2 && arm.operands[1].type == ARM_OP_REG &&
          reg_index(arm.operands[1].reg) >= 0) {
        d.sets_msp = true;
        d.msp_source_reg = static_cast<uint8_t>(reg_index(arm.operands[1].reg));
      }
      break;
    }
    case ARM_INS_LDR: case ARM_INS_LDM:
      if (writes_pc) d.is_return = pops_from_sp;
      break;
    default:
      break;
  }
  d.is_fp = in.mnemonic[0] == 'v';  // every FPv4/FPv5 instruction is a V-mnemonic
  d.may_lower_sp = d.writes_sp && !raises_sp(in);
  if (writes_pc && !d.is_return && !d.is_call) d.is_branch = true;
  if (in_jump_group && !d.is_call && !d.is_return) d.is_branch = true;
}

}  // namespace

Disassembler::Disassembler() {
  csh h = 0;
  cs_err err = cs_open(CS_ARCH_ARM, static_cast<cs_mode>(CS_MODE_THUMB | CS_MODE_MCLASS), &h);
  if (err != CS_ERR_OK) throw std::runtime_error(fmt::format("capstone: cs_open failed: {}", cs_strerror(err)));
  err = cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
  if (err != CS_ERR_OK) {
    cs_close(&h);
    throw std::runtime_error(fmt::format("capstone: enabling instruction details failed: {}", cs_strerror(err)));
  }
  handle_ = h;
}

Disassembler::~Disassembler() {
  csh h = handle_;
  cs_close(&h);
}

std::string Disassembler::text(uint32_t address, const uint8_t* code, size_t size) const {
  cs_insn* raw = nullptr;
  const size_t n = cs_disasm(handle_, code, size, address, 1, &raw);
  const InsnArray insn(raw, InsnDeleter{n});
  if (n == 0) {
    if (size >= 2) return fmt::format("<undecodable: 0x{:02x}{:02x}>", code[1], code[0]);
    return "<undecodable>";
  }
  return fmt::format("{} {}", insn->mnemonic, insn->op_str);
}

std::vector<DecodedInsn> Disassembler::decode(uint32_t address, const uint8_t* code, size_t size) const {
  std::vector<DecodedInsn> out;
  if (code == nullptr || size == 0) return out;
  cs_insn* raw = nullptr;
  const size_t n = cs_disasm(handle_, code, size, address, 0, &raw);
  const InsnArray insns(raw, InsnDeleter{n});
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const cs_insn& in = insns.get()[i];
    DecodedInsn& d = out.emplace_back();
    d.address = static_cast<uint32_t>(in.address);
    d.size = static_cast<uint8_t>(in.size);
    d.id = in.id;
    describe_flow(in, cs_insn_group(handle_, &in, ARM_GRP_JUMP), d);
    describe_memory_access(in, d);
    describe_arith(in, d);
    describe_scheduling(in, d);
  }
  return out;
}

}  // namespace mcusim

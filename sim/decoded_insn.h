// One decoded Thumb instruction: everything the simulator and the cycle model
// need to know about it, worked out in the one Capstone pass of
// Disassembler::decode when a block is first seen.
#pragma once

#include <cstdint>
#include <optional>

#include "sim/timing/instruction_class.h"

namespace mcusim {

// Register units, one bit each: R0..R15 -> 0..15 (SP 13, LR 14, PC 15),
// S0..S31 -> 16..47 (D0..D15 = pairs of them), D16..D31 -> 48..63.
// Flags (APSR, FPSCR) are not tracked.
using RegMask = uint64_t;
inline constexpr RegMask kPcMask = RegMask{1} << 15;
inline constexpr RegMask kSpMask = RegMask{1} << 13;
inline constexpr RegMask kLrMask = RegMask{1} << 14;

// Units of a Capstone register (ARM_REG_*); 0 for one that is not tracked.
RegMask register_mask(unsigned capstone_reg);

// Register arithmetic the alignment planner follows through a block
// (sim/alignment.cpp): rd = rn +/- (rm << shift) or rd = rn +/- imm
// (rm < 0), moves, left shifts, MOVT (keeps the low half) and word loads
// from [rn, #imm] (LDRD: rd and rd2). None for everything else.
enum class ArithOp : uint8_t { None, Move, Add, Sub, ShiftLeft, KeepLow16, LoadWord };
struct RegArith {
  ArithOp op = ArithOp::None;
  int8_t rd = -1, rd2 = -1, rn = -1, rm = -1;
  uint8_t shift = 0;
  int32_t imm = 0;
};

struct DecodedInsn {
  uint32_t address = 0;
  uint8_t size = 0;  // 2 or 4 bytes
  unsigned id = 0;   // Capstone ARM_INS_*

  // For the simulator: kind of change of flow, hooks, stack tracking.
  bool writes_sp = false;
  bool may_lower_sp = false;  // writes SP and is not a pop / ADD SP, #imm / LDMIA SP! (those only raise it)
  // MSR MSP, Rn: the main stack may move to another place (not an
  // adjustment); its source register, R0..R12/LR index.
  bool sets_msp = false;
  uint8_t msp_source_reg = 0;
  bool is_division = false;   // SDIV/UDIV
  bool is_call = false;       // BL/BLX
  bool is_return = false;     // BX LR, POP {..,PC}, LDR PC,[SP],#4, LDM SP!,{..,PC}
  bool is_branch = false;     // any other change of flow
  bool is_wfi = false;
  // MSR PSP / MSR CONTROL: thread mode may run on another stack after it
  // (an RTOS entering a thread by a jump, as Zephyr starts its main thread).
  bool selects_thread_stack = false;
  bool is_fp = false;         // uses the FPU (needs CPACR CP10/CP11 access)
  uint8_t div_dividend_reg = 0, div_divisor_reg = 0;  // R0..R12, SP, LR index
  bool div_signed = false;
  // The data access, for locating a faulting instruction: address =
  // reg[base] (+/-) (reg[index] << shift) + displacement, `bytes` long;
  // base 15 means the aligned PC + 4. base < 0: no data access.
  int8_t mem_base = -1, mem_index = -1;
  uint8_t mem_shift = 0;
  bool mem_subtract = false;
  int32_t mem_disp = 0;
  uint16_t mem_bytes = 0;
  bool mem_descending = false;  // PUSH/STMDB: the access ends at the base
  // Base writeback by a constant (LDM/STM, [rn, #imm]!, [rn], #imm): the
  // step; writeback_known false when the step comes from a register.
  int32_t writeback_step = 0;
  bool writeback_known = true;
  RegArith arith;

  // For the cycle model's scheduler.
  InsnClass cls = InsnClass::Unknown;  // refined by the operands (see scheduling_facts.cpp)
  RegMask reads = 0;       // registers read as data (PC excluded: always available)
  RegMask addr_reads = 0;  // base and index registers of a memory access (PC excluded)
  RegMask writes = 0;      // results, PC included for every change of flow (calls and returns too)
  RegMask writeback = 0;   // base registers updated by the addressing mode
  RegMask accumulator = 0; // multiply-accumulate: registers read as the accumulator
  // Registers read by the late ALU (M7 EX2): the sources of a plain ALU
  // instruction, not through an inline shift and not by an instruction
  // that works in the early ALU (REV, RBIT, extends, SSAT/USAT). A load's
  // result reaches these one cycle early (CoreTiming::load_to_late_alu).
  RegMask late_alu_reads = 0;
  // ADD/SUB/MOV and shifts by a constant without a shifted operand: issued
  // first in an M7 issue group, their result reaches a late-ALU reader in the
  // same cycle (CoreTiming::early_to_late_alu_forwarding).
  bool early_alu_forwarding = false;
  // REF2's operand2 pairing limits (CoreTiming::shifted_operand2_pairs):
  // a data-processing instruction with an inline-shifted register or a
  // shifted constant; BFI/UBFX/REV/SXTAB/PKH... which never pair with one.
  bool shifted_operand2 = false;
  bool excludes_shifted_operand2 = false;
  // VFMA/VFMS/VFNMA/VFNMS: a fused multiply-accumulate (no rounding
  // between multiply and add), whose results reach readers at other times
  // than VMLA's on the Cortex-M7 (CoreTiming::fp_result_latency).
  bool fused_mac = false;
  uint8_t words = 0;       // 32-bit words moved by LDM/STM/PUSH/POP/VLDR/VSTR/VLDM/VSTM
  bool register_offset = false;  // memory operand has an index register
  bool literal = false;          // PC-relative load
  uint32_t literal_address = 0;
  bool direct_branch = false;    // target in the encoding (B, BL, CBZ, CBNZ)
  bool conditional = false;      // condition code other than AL (incl. IT-conditional), CBZ/CBNZ
  bool sets_flags = false;       // writes APSR.NZCV (S suffix, compares, VMRS APSR_nzcv, MSR)
  std::optional<uint32_t> branch_target;  // direct branches
  // Where a load/store probably goes, from the registers at the block's first
  // sight (sim/timing/address_guess.h); the schedule uses it for
  // the memory-dependent rules. Not a guarantee: the next run of the block
  // may use other addresses.
  bool address_guessed = false;
  // The block steps the base or the index register (a walk through data):
  // the access moves by walk_step bytes from one execution of it to the next
  // (0: by what it reads, the step being unknown or spread over the accesses).
  bool address_advances = false;
  // The walk comes from a register the block computes from stepped ones
  // (`add r1, r2, #imm; add r1, sl; ldr [r1]`, r2 stepped): a table read
  // through an index, typically a kernel window re-read for every output.
  bool walk_through_index = false;
  uint32_t walk_step = 0;
  uint32_t guessed_address = 0;
  // The guess went through a pointer the block loaded from memory (its
  // value at first sight): which memory it points into, not which word of
  // it the next execution reads.
  bool guess_through_memory = false;

  // May change the flow (branch, call or return alike).
  bool writes_pc() const { return (writes & kPcMask) != 0; }
};

}  // namespace mcusim

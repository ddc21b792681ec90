/* Microbenchmarks for the cycle model (results and reasoning: docs/accuracy.md).
 *
 * Every benchmark is   uint32_t bm_<name>(volatile uint32_t *cyccnt, uint32_t *buf)
 * and has the same frame:
 *
 *   push {r4-r11, lr}; setup (plain ALU moves, plus per-benchmark setup)
 *   nop; nop
 *   ldr.w lr, [r12]      first DWT CYCCNT read
 *   nop                  separator: keeps the read's LDR from pipelining with the sequence
 *   <sequence under test>
 *   nop                  separator
 *   ldr.w r12, [r12]     second CYCCNT read
 *   sub r0, r12, lr; pop {r4-r11, pc}
 *
 * The driver subtracts bm_empty (the frame with no sequence: 2 + 1 + 1 = 4 on
 * the M4) from every result, so each printed number is the cost of the
 * sequence alone, as if it were surrounded by independent single-cycle
 * instructions. There is no branch between the two reads (both are in one
 * translated block) except in the branch and *_xblock benchmarks, which
 * measure a cost charged when the next block starts.
 *
 * Registers at the first read (after the common setup):
 *   r12 = &CYCCNT, r4 = buf (buf[i] = (uint32_t)buf for all i, so loads
 *   through loaded values chase the same address), r5 = buf + 256 bytes (store
 *   area), r6 = buf, r3 = 4 (register offset), r0 = 0, r1 = 3, r2 = 5,
 *   r7..r11 = 1, s0 = 1.0, s1 = 1.0, s2 = 1.0; flags: Z=1 (from movs r0,#0)
 *   unless a benchmark's setup changes them.
 */
  .syntax unified
  .thumb
  .text

  /* name, then optional setup lines go between BENCH_BEGIN and BENCH_START */
  .macro BENCH_BEGIN name
  .section .text.bm_\name, "ax", %progbits
  .global bm_\name
  .type bm_\name, %function
  .p2align 4
  .thumb_func
bm_\name:
  push {r4-r11, lr}
  mov r12, r0
  mov r4, r1
  mov r6, r1
  add r5, r1, #256
  movs r3, #4
  movs r1, #3
  movs r2, #5
  movs r7, #1
  mov r8, r7
  mov r9, r7
  mov r10, r7
  mov r11, r7
  vmov.f32 s0, #1.0
  vmov.f32 s1, #1.0
  vmov.f32 s2, #1.0
  movs r0, #0
  .endm

  .macro BENCH_START
  nop
  nop
  ldr.w lr, [r12]
  nop
  .endm

  .macro BENCH_END
  nop
  ldr.w r12, [r12]
  sub r0, r12, lr
  pop {r4-r11, pc}
  .ltorg
  .endm

/* ---------------------------------------------------------------- calibration */
  BENCH_BEGIN empty
  BENCH_START
  BENCH_END

/* ---------------------------------------------------------------- NOPs and ALU */
  BENCH_BEGIN nop1
  BENCH_START
  nop
  BENCH_END

  BENCH_BEGIN nop4
  BENCH_START
  nop
  nop
  nop
  nop
  BENCH_END

  BENCH_BEGIN alu_indep4
  BENCH_START
  adds r0, #1
  adds r1, #1
  adds r2, #1
  adds r7, #1
  BENCH_END

  BENCH_BEGIN alu_dep4
  BENCH_START
  adds r0, #1
  adds r0, #1
  adds r0, #1
  adds r0, #1
  BENCH_END

  /* 16 independent 32-bit ALU instructions = 64 bytes = 4 ART lines (fetch bound on Flash) */
  BENCH_BEGIN alu32x16
  BENCH_START
  add.w r0, r0, #1
  add.w r1, r1, #1
  add.w r2, r2, #1
  add.w r7, r7, #1
  add.w r0, r0, #1
  add.w r1, r1, #1
  add.w r2, r2, #1
  add.w r7, r7, #1
  add.w r0, r0, #1
  add.w r1, r1, #1
  add.w r2, r2, #1
  add.w r7, r7, #1
  add.w r0, r0, #1
  add.w r1, r1, #1
  add.w r2, r2, #1
  add.w r7, r7, #1
  BENCH_END

/* ---------------------------------------------------------------- loads and stores */
  BENCH_BEGIN ldr1
  BENCH_START
  ldr r0, [r4]
  BENCH_END

  BENCH_BEGIN ldr_indep3
  BENCH_START
  ldr r0, [r4]
  ldr r1, [r4, #4]
  ldr r2, [r4, #8]
  BENCH_END

  /* Eight independent loads from words 0..7: even and odd words alternate,
   * so on the M7 each pair shares a cycle (two banks). */
  BENCH_BEGIN ldr_bank_pairs8
  BENCH_START
  ldr r0, [r4]
  ldr r1, [r4, #4]
  ldr r2, [r4, #8]
  ldr r3, [r4, #12]
  ldr r0, [r4, #16]
  ldr r1, [r4, #20]
  ldr r2, [r4, #24]
  ldr r3, [r4, #28]
  BENCH_END

  /* Four independent loads from words 0, 2, 4, 6: all in the even bank. */
  BENCH_BEGIN ldr_same_bank4
  BENCH_START
  ldr r0, [r4]
  ldr r1, [r4, #8]
  ldr r2, [r4, #16]
  ldr r3, [r4, #24]
  BENCH_END

  /* A byte load and the store of the loaded byte (newlib's byte copy). */
  BENCH_BEGIN ldrb_strb
  BENCH_START
  ldrb r0, [r4]
  strb r0, [r5]
  BENCH_END

  BENCH_BEGIN ldr_dep3
  BENCH_START
  ldr r0, [r4]
  ldr r0, [r0]
  ldr r0, [r0]
  BENCH_END

  BENCH_BEGIN ldr_use
  BENCH_START
  ldr r0, [r4]
  adds r1, r0, #1
  BENCH_END

  BENCH_BEGIN ldrb_use
  BENCH_START
  ldrb r0, [r4]
  adds r1, r0, #1
  BENCH_END

  BENCH_BEGIN ldr_str
  BENCH_START
  ldr r0, [r4]
  str r1, [r5]
  BENCH_END

  BENCH_BEGIN str_ldr
  BENCH_START
  str r1, [r5]
  ldr r0, [r4]
  BENCH_END

  BENCH_BEGIN str_imm2
  BENCH_START
  str r1, [r5]
  str r2, [r5, #4]
  BENCH_END

  BENCH_BEGIN str_regoff2
  BENCH_START
  str r1, [r5, r3]
  str r2, [r5, r3]
  BENCH_END

  BENCH_BEGIN ldr_strreg_ldr
  BENCH_START
  ldr r0, [r4]
  str r1, [r5, r3]
  ldr r2, [r4, #4]
  BENCH_END

  BENCH_BEGIN ldrd1
  BENCH_START
  ldrd r0, r1, [r4]
  BENCH_END

  /* address-generation interlock: base written by the instruction just before */
  BENCH_BEGIN agu_interlock
  BENCH_START
  adds r6, r4, #0
  ldr r0, [r6]
  BENCH_END

  BENCH_BEGIN agu_hidden
  BENCH_START
  adds r6, r4, #0
  adds r7, #1
  ldr r0, [r6]
  BENCH_END

/* ---------------------------------------------------------------- LDM / STM */
  BENCH_BEGIN ldm2
  BENCH_START
  ldm r4, {r0, r1}
  BENCH_END

  BENCH_BEGIN ldm4
  BENCH_START
  ldm r4, {r0, r1, r2, r3}
  BENCH_END

  BENCH_BEGIN ldm8
  BENCH_START
  ldm r4, {r0-r3, r7-r10}
  BENCH_END

  BENCH_BEGIN ldm12
  BENCH_START
  ldm r4, {r0-r11}
  BENCH_END

  BENCH_BEGIN stm2
  BENCH_START
  stm r5, {r0, r1}
  BENCH_END

  BENCH_BEGIN stm4
  BENCH_START
  stm r5, {r0, r1, r2, r3}
  BENCH_END

  BENCH_BEGIN stm8
  BENCH_START
  stm r5, {r0-r3, r7-r10}
  BENCH_END

  BENCH_BEGIN stm12
  BENCH_START
  stm r5, {r0-r11}
  BENCH_END

/* ---------------------------------------------------------------- multiply, MAC, DSP */
  BENCH_BEGIN mul_chain4
  BENCH_START
  mul r0, r0, r1
  mul r0, r0, r1
  mul r0, r0, r1
  mul r0, r0, r1
  BENCH_END

  BENCH_BEGIN mul_indep4
  BENCH_START
  mul r0, r1, r2
  mul r7, r1, r2
  mul r8, r1, r2
  mul r9, r1, r2
  BENCH_END

  /* accumulator chain: each MLA reads the previous MLA's result as the addend */
  BENCH_BEGIN mla_chain4
  BENCH_START
  mla r0, r1, r2, r0
  mla r0, r1, r2, r0
  mla r0, r1, r2, r0
  mla r0, r1, r2, r0
  BENCH_END

  BENCH_BEGIN smlad_chain4
  BENCH_START
  smlad r0, r1, r2, r0
  smlad r0, r1, r2, r0
  smlad r0, r1, r2, r0
  smlad r0, r1, r2, r0
  BENCH_END

  BENCH_BEGIN umull_chain2
  BENCH_START
  umull r0, r7, r1, r2
  umull r0, r7, r0, r2
  BENCH_END

/* ---------------------------------------------------------------- division (fixed operands) */
  BENCH_BEGIN udiv_zero_quot        /* 5 / 100: quotient 0 */
  movs r1, #5
  movs r2, #100
  BENCH_START
  udiv r0, r1, r2
  BENCH_END

  BENCH_BEGIN udiv_1_1              /* 1 / 1: one quotient bit */
  movs r1, #1
  movs r2, #1
  BENCH_START
  udiv r0, r1, r2
  BENCH_END

  BENCH_BEGIN udiv_1000_10          /* 1000 / 10: 7 quotient bits */
  movw r1, #1000
  movs r2, #10
  BENCH_START
  udiv r0, r1, r2
  BENCH_END

  BENCH_BEGIN sdiv_neg_100000_7     /* -100000 / 7: 14 quotient bits */
  ldr r1, =-100000
  movs r2, #7
  BENCH_START
  sdiv r0, r1, r2
  BENCH_END

  BENCH_BEGIN udiv_max_1            /* 0xFFFFFFFF / 1: 32 quotient bits */
  mov r1, #0xFFFFFFFF
  movs r2, #1
  BENCH_START
  udiv r0, r1, r2
  BENCH_END

  /* Same division, but the second read is in the next block (after a taken
   * branch to an aligned 16-bit target): shows the data-dependent part. */
  BENCH_BEGIN udiv_max_1_xblock
  mov r1, #0xFFFFFFFF
  movs r2, #1
  BENCH_START
  udiv r0, r1, r2
  b.n 1f
  nop
  .p2align 2
1:
  BENCH_END

  BENCH_BEGIN udiv_1_1_xblock
  movs r1, #1
  movs r2, #1
  BENCH_START
  udiv r0, r1, r2
  b.n 1f
  nop
  .p2align 2
1:
  BENCH_END

/* ---------------------------------------------------------------- floating point (single precision) */
  BENCH_BEGIN vadd_chain4
  BENCH_START
  vadd.f32 s0, s0, s1
  vadd.f32 s0, s0, s1
  vadd.f32 s0, s0, s1
  vadd.f32 s0, s0, s1
  BENCH_END

  BENCH_BEGIN vadd_indep4
  BENCH_START
  vadd.f32 s3, s1, s2
  vadd.f32 s4, s1, s2
  vadd.f32 s5, s1, s2
  vadd.f32 s6, s1, s2
  BENCH_END

  BENCH_BEGIN vmul_chain4
  BENCH_START
  vmul.f32 s0, s0, s1
  vmul.f32 s0, s0, s1
  vmul.f32 s0, s0, s1
  vmul.f32 s0, s0, s1
  BENCH_END

  BENCH_BEGIN vmla_chain4
  BENCH_START
  vmla.f32 s0, s1, s2
  vmla.f32 s0, s1, s2
  vmla.f32 s0, s1, s2
  vmla.f32 s0, s1, s2
  BENCH_END

  BENCH_BEGIN vfma_chain4
  BENCH_START
  vfma.f32 s0, s1, s2
  vfma.f32 s0, s1, s2
  vfma.f32 s0, s1, s2
  vfma.f32 s0, s1, s2
  BENCH_END

  BENCH_BEGIN vdiv_chain2
  BENCH_START
  vdiv.f32 s0, s0, s1
  vdiv.f32 s0, s0, s1
  BENCH_END

  /* VDIV followed by independent integer work (TRM: completes out of order) */
  BENCH_BEGIN vdiv_then_alu4
  BENCH_START
  vdiv.f32 s3, s1, s2
  adds r0, #1
  adds r1, #1
  adds r2, #1
  adds r7, #1
  BENCH_END

  BENCH_BEGIN vldr1
  BENCH_START
  vldr s3, [r4]
  BENCH_END

/* FP loads and the FP unit (Cortex-M4: GCC config/arm/cortex-m4-fpu.md and
 * the TRM FPU table; docs/timing-model.md "Cortex-M4 FP rules") */
  BENCH_BEGIN vldr_indep3
  BENCH_START
  vldr s3, [r4]
  vldr s4, [r4, #4]
  vldr s5, [r4, #8]
  BENCH_END

  BENCH_BEGIN vldr64_2
  BENCH_START
  vldr d2, [r4]
  vldr d3, [r4, #8]
  BENCH_END

  BENCH_BEGIN ldr_vldr
  BENCH_START
  ldr r0, [r4]
  vldr s3, [r4, #4]
  BENCH_END

  BENCH_BEGIN vldr_use
  BENCH_START
  vldr s3, [r4]
  vadd.f32 s4, s3, s3
  BENCH_END

  BENCH_BEGIN vldm4
  BENCH_START
  vldm r4, {s3-s6}
  BENCH_END

  /* VFMA followed by independent integer work */
  BENCH_BEGIN vfma_then_alu4
  BENCH_START
  vfma.f32 s3, s1, s2
  adds r0, #1
  adds r1, #1
  adds r2, #1
  adds r7, #1
  BENCH_END

  /* VFMA, then an independent VLDR: the load waits for the FP unit */
  BENCH_BEGIN vfma_vldr
  BENCH_START
  vfma.f32 s3, s1, s2
  vldr s4, [r4]
  BENCH_END

  /* The FP unit across a block boundary (M4 rule fp_unit_carries_over):
   * a VFMA or VDIV right before a branch, as GCC schedules a loop's last MAC.
   * Integer instructions after them complete out of order (REF; GCC
   * cortex-m4-fpu.md), the branch and its refill included; only an FP
   * instruction waits for the FP unit. Flags: Z=1, so BNE is not taken. */
  BENCH_BEGIN vfma_b_alu
  BENCH_START
  vfma.f32 s3, s1, s2
  b.n 1f
  nop
  .p2align 2
1:
  adds r0, #1
  BENCH_END

  BENCH_BEGIN vfma_b_vadd
  BENCH_START
  vfma.f32 s3, s1, s2
  b.n 1f
  nop
  .p2align 2
1:
  vadd.f32 s4, s1, s2
  BENCH_END

  BENCH_BEGIN vfma_bne_alu
  BENCH_START
  vfma.f32 s3, s1, s2
  bne.n 1f
  adds r0, #1
1:
  BENCH_END

  BENCH_BEGIN vfma_bne_vadd
  BENCH_START
  vfma.f32 s3, s1, s2
  bne.n 1f
  vadd.f32 s4, s1, s2
1:
  BENCH_END

  BENCH_BEGIN vdiv_b_alu
  BENCH_START
  vdiv.f32 s3, s1, s2
  b.n 1f
  nop
  .p2align 2
1:
  adds r0, #1
  BENCH_END

  BENCH_BEGIN vdiv_b_vadd
  BENCH_START
  vdiv.f32 s3, s1, s2
  b.n 1f
  nop
  .p2align 2
1:
  vadd.f32 s4, s1, s2
  BENCH_END

  /* a VADD result as the next VFMA's addend (read one cycle late) */
  BENCH_BEGIN vadd_vfma_acc
  BENCH_START
  vadd.f32 s3, s1, s2
  vfma.f32 s3, s1, s2
  BENCH_END

  /* a VMUL result as the next VFMA's multiplicand (read at issue) */
  BENCH_BEGIN vmul_vfma_mul
  BENCH_START
  vmul.f32 s3, s1, s2
  vfma.f32 s4, s3, s2
  BENCH_END

/* M7 SIMD pairing (LLVM ARMScheduleM7.td): a SIMD/extend instruction only
 * begins an issue group; an independent SMLAD (MAC unit) or load may join it */
  BENCH_BEGIN sxtb16_smlad4
  BENCH_START
  sxtb16 r0, r7
  smlad r1, r8, r9, r10
  sxtb16 r2, r7
  smlad r3, r8, r9, r10
  sxtb16 r0, r8
  smlad r1, r9, r10, r11
  sxtb16 r2, r8
  smlad r3, r9, r10, r11
  BENCH_END

  BENCH_BEGIN ssub16_smlad4
  BENCH_START
  ssub16 r0, r7, r8
  smlad r1, r8, r9, r10
  ssub16 r2, r7, r8
  smlad r3, r8, r9, r10
  ssub16 r0, r9, r8
  smlad r1, r9, r10, r11
  ssub16 r2, r9, r8
  smlad r3, r9, r10, r11
  BENCH_END

  /* two SIMD instructions never pair: 4 x (UXTB16; SADD16) */
  BENCH_BEGIN uxtb16_sadd16_4
  BENCH_START
  uxtb16 r0, r7
  sadd16 r1, r8, r9
  uxtb16 r2, r7
  sadd16 r3, r8, r9
  uxtb16 r0, r8
  sadd16 r1, r9, r10
  uxtb16 r2, r8
  sadd16 r3, r9, r10
  BENCH_END

/* ---------------------------------------------------------------- IT blocks */
  /* IT after a 16-bit instruction: folded (0 cycles). r0 becomes 1: NE holds. */
  BENCH_BEGIN it_folded
  BENCH_START
  adds r0, #1
  it ne
  addne r1, #1
  BENCH_END

  /* IT after a 32-bit instruction: not folded (1 cycle). */
  BENCH_BEGIN it_unfolded
  BENCH_START
  adds.w r0, r0, #1
  it ne
  addne r1, #1
  BENCH_END

  BENCH_BEGIN it4_folded
  BENCH_START
  adds r0, #1
  itttt ne
  addne r1, #1
  addne r2, #1
  addne r7, #1
  addne r8, #1
  BENCH_END

/* ---------------------------------------------------------------- branches (cross a block boundary) */
  /* B to a word-aligned 16-bit target */
  BENCH_BEGIN b_aligned
  BENCH_START
  b.n 1f
  nop
  .p2align 2
1:
  BENCH_END

  /* B to a word-aligned 32-bit target (the target ADD.W is part of the sequence: +1) */
  BENCH_BEGIN b_aligned_wide
  BENCH_START
  b.n 1f
  nop
  .p2align 2
1:
  add.w r0, r0, #1
  BENCH_END

  /* B to a 32-bit target at address 2 mod 4 (+1 for the ADD.W) */
  BENCH_BEGIN b_unaligned_wide
  BENCH_START
  b.n 1f
  nop
  .p2align 2
  nop
1:
  add.w r0, r0, #1
  BENCH_END

  /* conditional branch taken (Z=1 from setup) */
  BENCH_BEGIN beq_taken
  BENCH_START
  beq.n 1f
  nop
  .p2align 2
1:
  BENCH_END

  /* conditional branch not taken (Z=1 from setup): falls through to the next block */
  BENCH_BEGIN bne_not_taken
  BENCH_START
  bne.n 2f
  BENCH_END
2:
  movs r0, #0
  pop {r4-r11, pc}

  /* Branch whose outcome alternates between calls (a word in .data toggles):
   * the driver reports the second call, not taken after a taken one, so a
   * 1-bit / BTAC predictor mispredicts it. Flags are set in the setup, 4+
   * cycles before the branch. The reported (not-taken) path also runs the
 * NOP after the branch. */
  BENCH_BEGIN bne_mispredict_early
  ldr r7, =branch_toggle_early
  ldr r0, [r7]
  eor r0, r0, #1
  str r0, [r7]
  cmp r0, #0
  nop                 /* four NOPs (two M7 cycles) keep the flags 3+ cycles */
  nop                 /* before the branch however the frame pairs (the M7 */
  nop                 /* STR reads its data late and joins the EOR) */
  nop
  BENCH_START
  bne.n 1f
  nop                 /* executed only when not taken: part of the measured sequence */
1:
  BENCH_END

  /* Same, with the flags set by the instruction right before the branch. */
  BENCH_BEGIN bne_mispredict_late
  ldr r7, =branch_toggle_late
  ldr r1, [r7]
  eor r1, r1, #1
  str r1, [r7]
  BENCH_START
  cmp r1, #0
  bne.n 1f
  nop                 /* executed only when not taken */
1:
  BENCH_END

  .data
  .p2align 2
branch_toggle_early:
  .word 0
branch_toggle_late:
  .word 0
  .text

/* ---------------------------------------------------------------- data from Flash (literal pool) */
  /* LDR literal: the literal sits in the .ltorg after the function (Flash) */
  BENCH_BEGIN lit_load
  BENCH_START
  ldr r0, =0x12345678
  BENCH_END

  /* LDR through a register pointing at a constant in .rodata (Flash) */
  BENCH_BEGIN flash_ptr_load
  ldr r6, =flash_const
  BENCH_START
  ldr r0, [r6]
  BENCH_END

  /* a load from Flash next to a load from SRAM (REF, STM32F407 measurement:
     loads only pipeline within the same memory) */
  BENCH_BEGIN ldr_flash_sram
  ldr r6, =flash_const
  BENCH_START
  ldr r0, [r6]
  ldr r1, [r4]
  BENCH_END

/* ---------------------------------------------------------------- across a block boundary */
  /* Load-use across a block boundary: the not-taken BNE (Z=1 from setup)
   * ends the block, the load's user starts the next one. */
  BENCH_BEGIN ldr_use_xblock
  BENCH_START
  ldr r0, [r4]
  bne.n 2f
  adds r1, r0, #1
  BENCH_END
2:
  movs r0, #0
  pop {r4-r11, pc}

  BENCH_BEGIN ldrb_use_xblock
  BENCH_START
  ldrb r0, [r4]
  bne.n 2f
  adds r1, r0, #1
  BENCH_END
2:
  movs r0, #0
  pop {r4-r11, pc}

  /* Four blocks joined by fall-throughs: ADDS, ADDS, CBZ on a nonzero
   * register (never taken) each. Twelve independent instructions. */
  BENCH_BEGIN cbz_not_taken_x4
  BENCH_START
  adds r1, r1, #1
  adds r3, r3, #1
  cbz r4, 2f
  adds r1, r1, #1
  adds r3, r3, #1
  cbz r4, 2f
  adds r1, r1, #1
  adds r3, r3, #1
  cbz r4, 2f
  adds r1, r1, #1
  adds r3, r3, #1
  cbz r4, 2f
  BENCH_END
2:
  movs r0, #0
  pop {r4-r11, pc}

  /* A counted loop (4 iterations) whose body is two blocks joined by a
   * fall-through: LDR, CBZ on the loaded word (never zero: never taken),
   * then ADDS, SUBS, BNE back. On the M7 the ADDS can issue with the CBZ. */
  BENCH_BEGIN loop_cbz_fallthrough4
  movs r0, #4
  BENCH_START
1:
  ldr r2, [r4]
  cbz r2, 2f
  adds r1, r1, #1
  subs r0, r0, #1
  bne.n 1b
  BENCH_END
2:
  movs r0, #0
  pop {r4-r11, pc}

  /* Eight blocks joined by taken, predicted branches: ADDS, ADDS (16-bit),
   * B.N over a NOP that never runs, each. 24 independent instructions. On
   * the M7 a predicted taken branch shares its cycle with the instruction at
   * its target when 16-bit instructions come before it (REF2: jnk0le,
   * "pipeline cycle test", doc/cortex_m7.md, STM32H743). */
  .macro TAKEN_PAIR
  adds r1, r1, #1
  adds r3, r3, #1
  b.n 3f
  nop
3:
  .endm
  BENCH_BEGIN b_taken_pair_x8
  BENCH_START
  .rept 8
  TAKEN_PAIR
  .endr
  BENCH_END

  /* The same with 32-bit instructions only: no 16-bit instruction before
   * the branches of blocks 2..8 (REF2: the pairing "requires at least 2 .n
   * instructions executed prior to branch"); the first block holds the
   * frame's NOPs. Each B.W skips a NOP.W that never runs. */
  .macro TAKEN_WIDE
  add.w r1, r1, #1
  add.w r3, r3, #1
  b.w 3f
  nop.w
3:
  .endm
  BENCH_BEGIN b_taken_wide_x8
  BENCH_START
  .rept 8
  TAKEN_WIDE
  .endr
  BENCH_END

  /* A counted loop (4 iterations) of ADDS, SUBS, BNE back: the backward
   * BNE is predicted taken; the exit is mispredicted (flags set right
   * before it). On the M7 the loop's ADDS can issue with the BNE. */
  BENCH_BEGIN loop_taken_pair4
  movs r0, #4
  BENCH_START
1:
  adds r1, r1, #1
  subs r0, r0, #1
  bne.n 1b
  BENCH_END

/* ---------------------------------------------------------------- inference loops (issue 11)
 * The inner loops of int8 inference kernels and of newlib's byte copy, each
 * run for 2 and for 6 iterations: the difference divided by 4 is the cost of
 * one iteration in a warm loop (frame, loop entry and the mispredicted exit
 * cancel out). The loops need r0-r12 and lr, so the frame's &CYCCNT and
 * first read are kept on the stack meanwhile (a fixed cost, it cancels too).
 */
  .macro LOOP_START iters
  str r12, [sp, #-8]!
  BENCH_START
  str lr, [sp, #4]
  mov r12, #\iters
  .endm

  .macro LOOP_END
  ldrd r12, lr, [sp], #8
  BENCH_END
  .endm

  /* CMSIS-NN arm_nn_mat_mult_kernel_s8_s16 inner loop (read_and_pad_reordered):
   * two rows of int8 weights (one word = 4 weights each), two columns of q15
   * activations (two words each), 8 SMLAD = 16 MACs per iteration. */
  .macro MAT_MULT_S8_S16 iters
  mov r0, r4            /* weights, row 0 */
  add r1, r4, #32       /* weights, row 1 */
  add r2, r4, #64       /* q15 column 0 */
  add r3, r4, #128      /* q15 column 1 */
  movs r4, #0
  movs r5, #0
  movs r6, #0
  movs r7, #0
  LOOP_START \iters
1:
  ldr r8, [r2], #4            /* b0: two q15 of column 0 */
  ldr r9, [r3], #4            /* b1: two q15 of column 1 */
  ldr r10, [r0], #4           /* four int8 weights of row 0 */
  sxtb16 r11, r10, ror #8     /* weights 1, 3 */
  sxtb16 r10, r10             /* weights 0, 2 */
  smlad r4, r10, r8, r4
  smlad r5, r10, r9, r5
  ldr r10, [r1], #4           /* four int8 weights of row 1 */
  sxtb16 lr, r10, ror #8
  sxtb16 r10, r10
  smlad r6, r10, r8, r6
  smlad r7, r10, r9, r7
  ldr r8, [r2], #4
  ldr r9, [r3], #4
  smlad r4, r11, r8, r4
  smlad r5, r11, r9, r5
  smlad r6, lr, r8, r6
  smlad r7, lr, r9, r7
  subs r12, r12, #1
  bne 1b
  LOOP_END
  .endm

  /* The inner loop of a dense/conv fp32 layer as GCC 12 -O2 emits it for
   * the M4 (fp32_dot in tests/kernels, fc and conv loops): loads, the loop
   * counter, the MAC right before the backward branch. */
  .macro FP32_MAC_LOOP iters
  LOOP_START \iters
  .p2align 2            /* an aligned 32-bit target (REF: unaligned +1); the padding NOP runs once */
1:
  vldr s4, [r4]
  vldr s5, [r4, #4]
  subs r12, r12, #1
  vfma.f32 s3, s4, s5
  bne 1b
  LOOP_END
  .endm

  BENCH_BEGIN fp32_mac_loop2
  FP32_MAC_LOOP 2
  BENCH_BEGIN fp32_mac_loop6
  FP32_MAC_LOOP 6

  BENCH_BEGIN mat_mult_s8_loop2
  MAT_MULT_S8_S16 2
  BENCH_BEGIN mat_mult_s8_loop6
  MAT_MULT_S8_S16 6

  /* The same kernel written as CMSIS-NN's C (read_and_pad with PKHBT/PKHTB)
   * and compiled by arm-none-eabi-gcc 12 -O2 -mcpu=cortex-m7: the compiler
   * runs out of registers and keeps two weight pointers, one accumulator and
   * the loop counter on the stack (4 reloads, 4 stores per iteration; 36
   * instructions). The instruction sequence is the compiler's. */
  .macro MAT_MULT_S8_GCC iters
  mov r0, r4
  add r1, r4, #32
  add r2, r4, #64
  add r3, r4, #128
  movs r4, #0
  movs r5, #0
  mov r8, r5
  LOOP_START \iters
  sub sp, sp, #64
  str r0, [sp, #8]
  str r1, [sp, #12]
  str r12, [sp, #56]
  str r5, [sp, #4]
1:
  ldr r1, [sp, #8]
  adds r2, r2, #8
  ldr fp, [r3]
  adds r3, r3, #8
  ldr r7, [r1], #4
  ldr ip, [r2, #-8]
  str r1, [sp, #8]
  ror r0, r7, #8
  ldr r1, [sp, #12]
  sxtb16 r7, r7
  ldr r10, [r2, #-4]
  sxtb16 r0, r0
  ldr r6, [r1], #4
  pkhbt lr, r7, r0, lsl #16
  ldr r9, [r3, #-4]
  smlad r8, lr, ip, r8
  pkhtb r0, r0, r7, asr #16
  smlad lr, lr, fp, r5
  ldr r7, [sp, #4]
  str r1, [sp, #12]
  ror r1, r6, #8
  smlad r8, r0, r10, r8
  smlad r5, r0, r9, lr
  sxtb16 r6, r6
  sxtb16 r1, r1
  pkhbt r0, r6, r1, lsl #16
  smlad ip, r0, ip, r7
  smlad r0, r0, fp, r4
  pkhtb r1, r1, r6, asr #16
  smlad r4, r1, r10, ip
  str r4, [sp, #4]
  smlad r4, r1, r9, r0
  ldr r1, [sp, #56]
  subs r1, r1, #1
  str r1, [sp, #56]
  bne 1b
  add sp, sp, #64
  LOOP_END
  .endm

  BENCH_BEGIN mat_mult_gcc_loop2
  MAT_MULT_S8_GCC 2
  BENCH_BEGIN mat_mult_gcc_loop6
  MAT_MULT_S8_GCC 6

  /* CMSIS-NN arm_depthwise_separable_conv_HWC_q7 inner loop (its inline
   * assembly for the DSP extension): two kernel positions of four channels,
   * PKHTB/PKHBT to pair them, SXTB16 of each half, 4 SMLAD = 8 MACs. lr is
   * the channel stride (8 bytes). */
  .macro DEPTHWISE_Q7 iters
  mov r10, r4           /* input column */
  add r11, r4, #128     /* weights */
  movs r6, #0
  movs r7, #0
  mov r8, r6
  mov r9, r6
  LOOP_START \iters
  mov lr, #8
1:
  ldr.w r2, [r10]
  add.w r10, r10, lr
  ldr.w r5, [r10]
  add.w r10, r10, lr
  pkhtb r3, r5, r2, asr #16
  pkhbt r2, r2, r5, lsl #16
  ldr.w r0, [r11]
  add.w r11, r11, lr
  ldr.w r5, [r11]
  add.w r11, r11, lr
  pkhtb r1, r5, r0, asr #16
  pkhbt r0, r0, r5, lsl #16
  sxtb16 r4, r0
  sxtb16 r5, r2
  smlad r6, r4, r5, r6
  mov.w r4, r0, ror #8
  mov.w r5, r2, ror #8
  sxtb16 r4, r4
  sxtb16 r5, r5
  smlad r7, r4, r5, r7
  sxtb16 r4, r1
  sxtb16 r5, r3
  smlad r8, r4, r5, r8
  mov.w r4, r1, ror #8
  mov.w r5, r3, ror #8
  sxtb16 r4, r4
  sxtb16 r5, r5
  smlad r9, r4, r5, r9
  subs r12, r12, #1
  bne 1b
  LOOP_END
  .endm

  BENCH_BEGIN depthwise_q7_loop2
  DEPTHWISE_Q7 2
  BENCH_BEGIN depthwise_q7_loop6
  DEPTHWISE_Q7 6

  /* newlib's memcpy (memcpy-armv7m), its byte loop for short copies, as the
   * project's firmware links it (arm-none-eabi-objdump of memcpy):
   * SUBS; LDRB post-increment; STRB post-increment; BCS. One byte per
   * iteration; the loop counter runs down from r12 = iterations - 1. */
  .macro MEMCPY_BYTES iters
  mov r1, r4
  mov r0, r5
  LOOP_START \iters
  sub r12, r12, #1
1:
  subs r12, #1
  ldrb.w r3, [r1], #1
  strb.w r3, [r0], #1
  bcs 1b
  LOOP_END
  .endm

  BENCH_BEGIN memcpy_bytes_loop2
  MEMCPY_BYTES 2
  BENCH_BEGIN memcpy_bytes_loop6
  MEMCPY_BYTES 6

  /* newlib's memset, its byte tail: STRB post-increment; CMP; BNE. */
  .macro MEMSET_BYTES iters
  mov r3, r5
  movs r1, #0
  LOOP_START \iters
  add r2, r3, #\iters
1:
  strb.w r1, [r3], #1
  cmp r2, r3
  bne 1b
  LOOP_END
  .endm

  BENCH_BEGIN memset_bytes_loop2
  MEMSET_BYTES 2
  BENCH_BEGIN memset_bytes_loop6
  MEMSET_BYTES 6

  .section .rodata.flash_const, "a", %progbits
  .p2align 2
flash_const:
  .word 0x12345678

/* ---------------------------------------------------------------- M7 load-use and store pairing (thirteenth session) */
  /* Four times a load and an ALU use of it: each load takes the slot beside
   * the previous use, so the span is set by the load-to-use latency. */
  BENCH_BEGIN ldr_alu_use4
  BENCH_START
  ldr r0, [r4]
  adds r1, r0, #1
  ldr r0, [r4, #4]
  adds r2, r0, #1
  ldr r0, [r4, #8]
  adds r1, r0, #1
  ldr r0, [r4, #12]
  adds r2, r0, #1
  BENCH_END

  BENCH_BEGIN ldrb_alu_use4
  BENCH_START
  ldrb r0, [r4]
  adds r1, r0, #1
  ldrb r0, [r4, #4]
  adds r2, r0, #1
  ldrb r0, [r4, #8]
  adds r1, r0, #1
  ldrb r0, [r4, #12]
  adds r2, r0, #1
  BENCH_END

  /* The same with the loaded value as an inline-shifted operand (read in
   * the early ALU: the full load latency). */
  BENCH_BEGIN ldr_shifted_use4
  BENCH_START
  ldr r0, [r4]
  add.w r1, r2, r0, lsl #2
  ldr r0, [r4, #4]
  add.w r1, r2, r0, lsl #2
  ldr r0, [r4, #8]
  add.w r1, r2, r0, lsl #2
  ldr r0, [r4, #12]
  add.w r1, r2, r0, lsl #2
  BENCH_END

  /* The loaded value as a multiplicand. */
  BENCH_BEGIN ldr_mul_use4
  BENCH_START
  ldr r0, [r4]
  mul r1, r0, r7
  ldr r0, [r4, #4]
  mul r2, r0, r7
  ldr r0, [r4, #8]
  mul r1, r0, r7
  ldr r0, [r4, #12]
  mul r2, r0, r7
  BENCH_END

  /* Independent loads and stores, alternating. */
  BENCH_BEGIN ldr_str_pairs4
  BENCH_START
  ldr r0, [r4]
  str r1, [r5]
  ldr r2, [r4, #4]
  str r1, [r5, #4]
  ldr r0, [r4, #8]
  str r1, [r5, #8]
  ldr r2, [r4, #12]
  str r1, [r5, #12]
  BENCH_END

  /* Independent multiplies and stores, alternating. */
  BENCH_BEGIN mul_str_pairs4
  BENCH_START
  mul r0, r7, r8
  str r1, [r5]
  mul r2, r7, r8
  str r1, [r5, #4]
  mul r0, r7, r8
  str r1, [r5, #8]
  mul r2, r7, r8
  str r1, [r5, #12]
  BENCH_END

/* Cortex-M7 FP results by reader and the MAC's hold on the FP pipe
 * (jnk0le/random "pipeline cycle test" doc/cortex_m7.md, STM32H743: its
 * single-precision result-latency table, "vldr.f has 1 cycle of result
 * latency, except as the vfma.f accumulate (!) dependency where it is 3
 * cycles", and the issue restrictions after a multiply-accumulate).
 * Appended here so that no earlier benchmark moves. */
  BENCH_BEGIN vldr_vadd_use4
  BENCH_START
  vldr s3, [r4]
  vadd.f32 s4, s3, s5
  vldr s6, [r4, #4]
  vadd.f32 s7, s6, s5
  vldr s8, [r4, #8]
  vadd.f32 s9, s8, s5
  vldr s10, [r4, #12]
  vadd.f32 s11, s10, s5
  BENCH_END

  BENCH_BEGIN vldr_vfma_acc4
  BENCH_START
  vldr s3, [r4]
  vfma.f32 s3, s1, s2
  vldr s6, [r4, #4]
  vfma.f32 s6, s1, s2
  vldr s8, [r4, #8]
  vfma.f32 s8, s1, s2
  vldr s10, [r4, #12]
  vfma.f32 s10, s1, s2
  BENCH_END

  BENCH_BEGIN vldr_vfma_mul4
  BENCH_START
  vldr s3, [r4]
  vfma.f32 s4, s3, s2
  vldr s6, [r4, #4]
  vfma.f32 s7, s6, s2
  vldr s8, [r4, #8]
  vfma.f32 s9, s8, s2
  vldr s10, [r4, #12]
  vfma.f32 s11, s10, s2
  BENCH_END

  /* an independent VADD after a VFMA: the MAC holds the adder */
  BENCH_BEGIN vfma_vadd_indep
  BENCH_START
  vfma.f32 s3, s1, s2
  vadd.f32 s5, s6, s7
  BENCH_END

  /* an independent VMUL after a VFMA: FP arithmetic never pairs */
  BENCH_BEGIN vfma_vmul_indep
  BENCH_START
  vfma.f32 s3, s1, s2
  vmul.f32 s5, s6, s7
  BENCH_END

  /* three interleaved accumulators: one MAC per cycle */
  BENCH_BEGIN vfma_acc3_x6
  BENCH_START
  vfma.f32 s3, s1, s2
  vfma.f32 s4, s1, s2
  vfma.f32 s5, s1, s2
  vfma.f32 s3, s1, s2
  vfma.f32 s4, s1, s2
  vfma.f32 s5, s1, s2
  BENCH_END

  BENCH_BEGIN vfma_vstr
  BENCH_START
  vfma.f32 s3, s1, s2
  vstr s3, [r5]
  BENCH_END

  BENCH_BEGIN vadd_vstr
  BENCH_START
  vadd.f32 s3, s1, s2
  vstr s3, [r5]
  BENCH_END

  BENCH_BEGIN vfma_vmov_core
  BENCH_START
  vfma.f32 s3, s1, s2
  vmov r0, s3
  BENCH_END

  BENCH_BEGIN vldr_vmov_core
  BENCH_START
  vldr s3, [r4]
  vmov r0, s3
  BENCH_END

  BENCH_BEGIN vmov_core_vadd
  BENCH_START
  vmov s3, r0
  vadd.f32 s4, s3, s3
  BENCH_END

  /* The inner loop of a dense/conv fp32 layer as GCC 12 -O2 emits it for
   * -mcpu=cortex-m7 (fp32_dense in tests/kernels): post-incremented
   * single-register VLDMs, the MAC right before the backward branch. */
  .macro FP32_VLDM_LOOP iters
  LOOP_START \iters
  .p2align 2
1:
  vldmia r4!, {s4}
  vldmia r6!, {s5}
  subs r12, r12, #1
  vfma.f32 s3, s4, s5
  bne 1b
  LOOP_END
  .endm

  BENCH_BEGIN fp32_vldm_loop2
  FP32_VLDM_LOOP 2
  BENCH_BEGIN fp32_vldm_loop6
  FP32_VLDM_LOOP 6

/* Dependent pairs on the M7 (REF2: "result of early alu can be forwarded to
 * late alu in 0 cycles" for ADD/SUB/MOV and shifts by a constant issued
 * first in their group; alu_dep4 above). EOR is not among them. */
  BENCH_BEGIN eor_dep4
  BENCH_START
  eor.w r0, r0, r1
  eor.w r0, r0, r1
  eor.w r0, r0, r1
  eor.w r0, r0, r1
  BENCH_END

/* REF2's operand2 matrix: two inline-shifted register operands never share
 * a cycle (independent instructions). */
  BENCH_BEGIN shifted_pairs4
  BENCH_START
  add.w r0, r1, r2, lsl #2
  add.w r3, r1, r2, lsl #2
  add.w r7, r1, r2, lsl #2
  add.w r8, r1, r2, lsl #2
  BENCH_END

/* REF2: "vstr.d, vldr.d can't dual issue with anything" (M7). */
  BENCH_BEGIN vldr64_alu
  BENCH_START
  vldr d2, [r4]
  adds r0, #1
  vldr d3, [r4, #8]
  adds r1, #1
  BENCH_END

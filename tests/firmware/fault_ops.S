/* Faulting instructions for fault_handler.c. Each fault_*_insn label marks
 * the exact instruction expected to fault, so the handler can print the
 * stacked PC relative to it. The labels are plain (not .thumb_func), so
 * their values carry no Thumb bit. All functions take their operands in
 * r0/r1 and return through lr, so a handler that skips the faulting
 * instruction resumes at the following one. */
  .syntax unified
  .thumb
  .text

  .global do_udf, fault_udf_insn
  .thumb_func
do_udf:
fault_udf_insn:
  udf #0
  bx lr

  .global do_load, fault_load_insn   /* r0 = address */
  .thumb_func
do_load:
fault_load_insn:
  ldr r0, [r0]
  bx lr

  .global do_sdiv, fault_sdiv_insn   /* r0 / r1 */
  .thumb_func
do_sdiv:
fault_sdiv_insn:
  sdiv r0, r0, r1
  bx lr

  .global do_ldm, fault_ldm_insn     /* r0 = (unaligned) address */
  .thumb_func
do_ldm:
  push {r4, r5}
fault_ldm_insn:
  ldm r0, {r4, r5}
  adds r0, r4, r5
  pop {r4, r5}
  bx lr

  .global do_ldm_below, fault_ldm_below_insn  /* LDM from r0 - 2: aligned when r0 is not */
  .thumb_func
do_ldm_below:
  push {r4, r5}
  subs r1, r0, #2
fault_ldm_below_insn:
  ldm r1, {r4, r5}
  adds r0, r4, r5
  pop {r4, r5}
  bx lr

  .global do_blx_arm                 /* r0 = even target: clears EPSR.T */
  .thumb_func
do_blx_arm:
  push {r4, lr}
  blx r0
  pop {r4, pc}

  .global arm_state_target           /* never executes: INVSTATE on fetch */
  .balign 4
arm_state_target:
  nop
  bx lr

  .global do_vfp, fault_vfp_insn     /* FP instruction with CPACR possibly off */
  .thumb_func
do_vfp:
fault_vfp_insn:
  vmov s0, r0
  vmov r0, s0
  bx lr

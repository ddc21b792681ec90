/* The kernel's exception entries in RTX5's Armv7-M shape (our own code;
 * the mechanism is RTX5's irq_armv7m.S):
 *
 * - SVC_Handler: a kernel call is `SVC 0` with the function's address in
 *   r12 and its arguments in r0-r3. The handler finds the caller's frame
 *   (MSP or PSP: EXC_RETURN bit 2), reloads r0-r3 and r12 from it (the
 *   values the caller had; the frame is the truth), calls r12 and writes
 *   the result back into the frame's r0.
 * - Then, from SVC, PendSV and SysTick alike (SVC_Context): when the
 *   kernel picked another thread (osRtxInfo.thread.run.next != run.curr),
 *   switch right here: push r4-r11 (and s16-s31 when the outgoing thread's
 *   frame is extended, EXC_RETURN bit 4 clear) on its PSP, keep the stack
 *   pointer and EXC_RETURN's low byte in its control block (sp,
 *   stack_frame), then load the incoming thread's the same way and return
 *   to it with EXC_RETURN 0xFFFFFF00 | stack_frame.
 * - The first switch (osKernelStart, called on the MSP) has no outgoing
 *   thread: run.curr is NULL and nothing is saved.
 */
  .syntax unified
  .thumb

  .equ TCB_SP_OFS, 56       /* osRtxThread_t.sp */
  .equ TCB_SF_OFS, 34       /* osRtxThread_t.stack_frame */
  .equ I_CURR_OFS, 20       /* osRtxInfo.thread.run.curr (run.next follows) */

  .text
  .thumb_func
  .global SVC_Handler
  .type SVC_Handler, %function
SVC_Handler:
  tst lr, #0x04             /* which stack holds the caller's frame */
  ite eq
  mrseq r0, msp
  mrsne r0, psp
  ldr r1, [r0, #24]         /* the stacked PC: the SVC's immediate is just before it */
  ldrb r1, [r1, #-2]
  cbnz r1, SVC_Exit         /* only SVC 0 is a kernel call here */
  push {r0, lr}             /* the frame and EXC_RETURN survive the call */
  ldm r0, {r0-r3, r12}      /* arguments and the function, from the frame */
  blx r12
  pop {r12, lr}
  str r0, [r12]             /* the result into the caller's r0 */
  b SVC_Context
SVC_Exit:
  bx lr
  .size SVC_Handler, .-SVC_Handler

  .thumb_func
  .global SVC_Context
  .type SVC_Context, %function
SVC_Context:
  ldr r3, =osRtxInfo + I_CURR_OFS
  ldm r3, {r1, r2}          /* r1 = run.curr, r2 = run.next */
  cmp r1, r2
  it eq
  bxeq lr                   /* no switch */
  cbz r1, SVC_ContextRestore
  mrs r12, psp
#if defined(__ARM_FP)
  tst lr, #0x10             /* extended frame: the callee-saved FP registers too */
  it eq
  vstmdbeq r12!, {s16-s31}
#endif
  stmdb r12!, {r4-r11}
  str r12, [r1, #TCB_SP_OFS]
  strb lr, [r1, #TCB_SF_OFS]
SVC_ContextRestore:
  str r2, [r3]              /* run.curr = run.next */
  ldr r0, [r2, #TCB_SP_OFS]
  ldrsb lr, [r2, #TCB_SF_OFS] /* sign-extended: EXC_RETURN = 0xFFFFFF00 | stack_frame */
  ldmia r0!, {r4-r11}
#if defined(__ARM_FP)
  tst lr, #0x10
  it eq
  vldmiaeq r0!, {s16-s31}
#endif
  msr psp, r0
  bx lr
  .ltorg
  .size SVC_Context, .-SVC_Context

/* PendSV: the ISR post-processing queue, then maybe a switch. */
  .thumb_func
  .global PendSV_Handler
  .type PendSV_Handler, %function
PendSV_Handler:
  push {r0, lr}
  bl osRtxPendSV_Handler
  pop {r0, lr}
  b SVC_Context
  .size PendSV_Handler, .-PendSV_Handler

/* SysTick: the kernel tick (delays, timers), then maybe a switch. */
  .thumb_func
  .global SysTick_Handler
  .type SysTick_Handler, %function
SysTick_Handler:
  push {r0, lr}
  bl osRtxTick_Handler
  pop {r0, lr}
  b SVC_Context
  .size SysTick_Handler, .-SysTick_Handler

/* The Cortex-M port's scheduling in ThreadX's shape (our own code, from
 * the port's documented behaviour):
 * - _tx_thread_schedule: first entry; clears CONTROL.FPCA, enables
 *   interrupts, pends PendSV and waits for it.
 * - PendSV_Handler: saves the running thread (r4-r11, s16-s31 when its
 *   exception frame is FP-extended, then EXC_RETURN) on its PSP, takes
 *   _tx_thread_execute_ptr as the new _tx_thread_current_ptr, restores it.
 *   When no thread is ready it waits *inside the handler*: PRIMASK set,
 *   look at execute_ptr, WFI, PRIMASK clear (the SysTick, of higher
 *   priority, preempts here and readies a thread), loop.
 * - fp_regs_hold_across_sleep: a test helper, s16-s31 kept across a sleep. */
    .syntax unified
    .thumb

    .text
    .global _tx_thread_schedule
    .type _tx_thread_schedule, %function
    .thumb_func
_tx_thread_schedule:
    movs    r0, #0
    ldr     r2, =_tx_thread_preempt_disable
    str     r0, [r2]
#ifdef __ARM_FP
    mrs     r0, CONTROL
    bic     r0, r0, #4              /* no FP context on the initial stack */
    msr     CONTROL, r0
#endif
    cpsie   i
    mov     r0, #0x10000000         /* ICSR.PENDSVSET */
    ldr     r1, =0xE000ED04
    str     r0, [r1]
    dsb
    isb
.Lwait_here:
    b       .Lwait_here
    .size _tx_thread_schedule, . - _tx_thread_schedule

    .global PendSV_Handler
    .type PendSV_Handler, %function
    .thumb_func
PendSV_Handler:
    ldr     r0, =_tx_thread_current_ptr
    ldr     r2, =_tx_thread_execute_ptr
    movs    r3, #0
    ldr     r1, [r0]
    cbz     r1, .Lts_new            /* no thread to save (first schedule) */
    str     r3, [r0]
    mrs     r12, PSP
    stmdb   r12!, {r4-r11}
#ifdef __ARM_FP
    tst     lr, #0x10               /* EXC_RETURN bit 4 clear: FP-extended frame */
    it      eq
    vstmdbeq r12!, {s16-s31}
#endif
    stmdb   r12!, {lr}
    str     r12, [r1, #8]           /* tx_thread_stack_ptr */
.Lts_new:
    cpsid   i
    ldr     r1, [r2]
    cbz     r1, .Lts_wait
    str     r1, [r0]
    cpsie   i
.Lts_restore:
    ldr     r7, [r1, #4]            /* tx_thread_run_count */
    adds    r7, r7, #1
    str     r7, [r1, #4]
    ldr     r12, [r1, #8]
    ldmia   r12!, {lr}
#ifdef __ARM_FP
    tst     lr, #0x10
    it      eq
    vldmiaeq r12!, {s16-s31}
#endif
    ldmia   r12!, {r4-r11}
    msr     PSP, r12
    bx      lr
.Lts_wait:
    cpsid   i
    ldr     r1, [r2]
    str     r1, [r0]
    cbnz    r1, .Lts_ready
    dsb
    wfi                             /* TX_ENABLE_WFI */
    isb
    cpsie   i                       /* a pending SysTick is taken here */
    b       .Lts_wait
.Lts_ready:
    mov     r7, #0x08000000         /* ICSR.PENDSVCLR: the tick pended us again */
    ldr     r8, =0xE000ED04
    str     r7, [r8]
    cpsie   i
    b       .Lts_restore
    .size PendSV_Handler, . - PendSV_Handler

#ifdef __ARM_FP
/* uint32_t fp_regs_hold_across_sleep(uint32_t pattern, ULONG ticks):
 * s16-s31 = pattern + i, tx_thread_sleep(ticks), then the number of those
 * registers that changed. Saves and restores s16-s31 (callee-saved). */
    .global fp_regs_hold_across_sleep
    .type fp_regs_hold_across_sleep, %function
    .thumb_func
fp_regs_hold_across_sleep:
    push    {r4, lr}
    vpush   {s16-s31}
    mov     r4, r0
    vmov    s16, r0
    adds r0, #1
    vmov    s17, r0
    adds r0, #1
    vmov    s18, r0
    adds r0, #1
    vmov    s19, r0
    adds r0, #1
    vmov    s20, r0
    adds r0, #1
    vmov    s21, r0
    adds r0, #1
    vmov    s22, r0
    adds r0, #1
    vmov    s23, r0
    adds r0, #1
    vmov    s24, r0
    adds r0, #1
    vmov    s25, r0
    adds r0, #1
    vmov    s26, r0
    adds r0, #1
    vmov    s27, r0
    adds r0, #1
    vmov    s28, r0
    adds r0, #1
    vmov    s29, r0
    adds r0, #1
    vmov    s30, r0
    adds r0, #1
    vmov    s31, r0
    mov     r0, r1
    bl      tx_thread_sleep
    movs    r0, #0
    .irp reg, 16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    vmov    r1, s\reg
    cmp     r1, r4
    it      ne
    addne   r0, r0, #1
    adds    r4, r4, #1
    .endr
    vpop    {s16-s31}
    pop     {r4, pc}
    .size fp_regs_hold_across_sleep, . - fp_regs_hold_across_sleep
#endif

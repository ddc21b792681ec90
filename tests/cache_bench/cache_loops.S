@ Cache microbenchmark kernels: hand-written so the instruction stream (and
@ with it the number of cache lines touched) does not depend on the compiler.
  .syntax unified
  .thumb
  .text

@ uint32_t touch_lines(volatile uint32_t *cyccnt, const uint32_t *data, uint32_t lines)
@ One word load per 32-byte line for `lines` lines; returns the CYCCNT
@ difference around the loop.
  .align 5
  .global touch_lines
  .thumb_func
touch_lines:
  push {r4, r5}
  ldr r3, [r0]
1:
  ldr r4, [r1], #32
  subs r2, r2, #1
  bne 1b
  ldr r5, [r0]
  subs r0, r5, r3
  pop {r4, r5}
  bx lr

@ void straight_2k(void): 2048 bytes of straight-line code (64 lines of 32
@ bytes, 128 of 16) starting on a 32-byte boundary, timed by the caller.
  .align 5
  .global straight_2k
  .thumb_func
straight_2k:
  .rept 1023
  nop
  .endr
  bx lr

@ void empty_call(void): the caller's measuring frame.
  .align 5
  .global empty_call
  .thumb_func
empty_call:
  bx lr

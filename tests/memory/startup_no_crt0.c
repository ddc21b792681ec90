/* Start-up without newlib's crt0 or its semihosting syscalls: firmware
 * with its own reset code, its own output and no heap. crt0 and libgloss's
 * _sbrk need `end`/`__end__`, which a linker script written for firmware
 * that never allocates does not define. Reset_Handler copies .data, zeroes
 * .bss, turns the FPU on, runs main, then exits through semihosting;
 * sh_puts writes a string to the host (SYS_WRITE0). */
#include <stdint.h>

/* -DSTACK_HIGH=name: the linker script's name for the stack's top. */
#ifndef STACK_HIGH
#define STACK_HIGH __StackTop
#endif
extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, STACK_HIGH;
int main(void);

static uint32_t semihost(uint32_t op, const void *arg) {
  register uint32_t r0 __asm("r0") = op;
  register const void *r1 __asm("r1") = arg;
  __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void sh_puts(const char *s) { semihost(0x04, s); }

void Reset_Handler(void) __attribute__((noreturn));
void Default_Handler(void) {
  for (;;) {
  }
}

typedef void (*vector_t)(void);
__attribute__((section(".isr_vector"), used)) const vector_t vector_table[16] = {
    (vector_t)(uintptr_t)&STACK_HIGH, Reset_Handler,
    [2 ... 15] = Default_Handler,
};

void Reset_Handler(void) {
  for (uint32_t *src = &_sidata, *dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (uint32_t *dst = &_sbss; dst < &_ebss;) *dst++ = 0;
#if defined(__ARM_FP)
  *(volatile uint32_t *)0xE000ED88u |= (0xFu << 20);
  __asm volatile("dsb\n\tisb" ::: "memory");
#endif
  uint32_t exit_block[2] = {0x20026u /* ADP_Stopped_ApplicationExit */, (uint32_t)main()};
  semihost(0x20 /* SYS_EXIT_EXTENDED */, exit_block);
  for (;;) {
  }
}

/* The main stack is a data object (the linker script puts the initial SP at
 * the end of `main_stack`, in .noinit between .data and .bss), with static
 * data written below and above it (no heap: the C library's _sbrk refuses
 * a heap above the stack). Measures its own
 * stack the way memprobe.c does: paints the object below its SP, makes its
 * deepest call, scans up from the object's bottom to the first word written.
 * Prints "stack_peak=N" and exits 0. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define PAINT 0xCDCDCDCDu
#define STACK_BYTES 8192
#define FRAME_BYTES 3000

#ifdef STACK_FROM_SYMBOLS
/* -DSTACK_FROM_SYMBOLS: the stack is the linker script's reserved section
 * [__StackLimit, __StackTop) and there is no heap symbol, so no C library
 * I/O either (it would need a heap): output goes through
 * startup_no_crt0.c's sh_puts, numbers formatted here. */
#ifndef STACK_LOW /* -DSTACK_LOW=name -DSTACK_HIGH=name: the script's names for them */
#define STACK_LOW __StackLimit
#define STACK_HIGH __StackTop
#endif
extern uint8_t STACK_LOW[], STACK_HIGH[];
#define main_stack STACK_LOW
#undef STACK_BYTES
#define STACK_BYTES ((uint32_t)(STACK_HIGH - STACK_LOW))
#ifdef HEAP_LOW
/* -DHEAP_LOW=name: the heap block's start; main writes HEAP_BYTES of it,
 * as an allocator handing out one block would. */
extern uint8_t HEAP_LOW[];
#define HEAP_BYTES 2000
#endif
void sh_puts(const char *s);
static char *put_u32(char *at, uint32_t v) {
  char digits[10];
  int n = 0;
  do digits[n++] = (char)('0' + v % 10); while ((v /= 10) != 0);
  while (n) *at++ = digits[--n];
  return at;
}
/* Only the two lines this program prints. */
static void print_line(const char *text, uint32_t peak, uint32_t sum) {
  char line[64], *at = line;
  if (text) {
    sh_puts(text);
    return;
  }
  for (const char *s = "stack_peak="; *s;) *at++ = *s++;
  at = put_u32(at, peak);
  for (const char *s = " sum="; *s;) *at++ = *s++;
  at = put_u32(at, sum);
  *at++ = '\n';
  *at = 0;
  sh_puts(line);
}
#else
#define print_line(text, peak, sum) ((text) ? (void)printf("%s", (const char *)(text)) \
                                            : (void)printf("stack_peak=%lu sum=%lu\n", (unsigned long)(peak), (unsigned long)(sum)))
__attribute__((section(".noinit.1_main"), aligned(8))) uint8_t main_stack[STACK_BYTES];
#endif
uint8_t data_below[64] = {1, 2, 3};  /* .data, below the stack */
uint8_t bss_above[16384];            /* .bss, above it: written in full */

static inline uint32_t current_sp(void) {
  uint32_t sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

__attribute__((noinline)) static uint32_t deep_call(uint32_t seed) {
  volatile uint8_t frame[FRAME_BYTES];
  for (uint32_t i = 0; i < FRAME_BYTES; i++) frame[i] = (uint8_t)(seed + i);
  uint32_t sum = 0;
  for (uint32_t i = 0; i < FRAME_BYTES; i += 97) sum += frame[i];
  return sum;
}

#ifdef SWITCH_STACK
/* Zephyr's reset code moves MSP to the top of another object
 * (z_interrupt_stacks); here one below main_stack, sorted first by name. */
__attribute__((section(".noinit.0_irq"), aligned(8))) uint8_t irq_stack[4096];

/* Runs fn(arg) with MSP at `top`, then restores it. */
__attribute__((naked)) static uint32_t call_on_stack(uint32_t arg, uint32_t top, uint32_t (*fn)(uint32_t)) {
  __asm volatile(
      "mrs r3, msp\n"
      "msr msp, r1\n"
      "push {r3, lr}\n"
      "blx r2\n"
      "pop {r3, lr}\n"
      "msr msp, r3\n"
      "bx lr\n");
}
#endif

int main(void) {
  print_line("stackobj\n", 0, 0);
  memset(bss_above, 0x5a, sizeof bss_above);
#ifdef HEAP_LOW
  memset(HEAP_LOW, 0x3c, HEAP_BYTES);
#endif
  for (unsigned i = 0; i < sizeof data_below; i++) data_below[i] += (uint8_t)i;

  uint32_t bottom = (uint32_t)(uintptr_t)main_stack;
  uint32_t top = bottom + STACK_BYTES;
  uint32_t sp = current_sp() - 64;
  for (uint32_t a = bottom; a < sp; a += 4) *(volatile uint32_t *)(uintptr_t)a = PAINT;
  uint32_t sum = deep_call(sp);
#ifdef SWITCH_STACK
  sum += call_on_stack(sum, (uint32_t)(uintptr_t)(irq_stack + sizeof irq_stack), deep_call);
#endif
  uint32_t a = bottom;
  while (a < sp && *(volatile uint32_t *)(uintptr_t)a == PAINT) a += 4;
  print_line(0, top - a, sum);
  return 0;
}

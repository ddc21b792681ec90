/* Copies nothing: points VTOR at a RAM table full of garbage (even, unmapped
 * handler addresses) and takes an exception through it (SVC). */
#include <stdint.h>
#include <stdio.h>

static uint32_t table[128] __attribute__((aligned(512)));

int main(void) {
  for (unsigned i = 0; i < 128; ++i) table[i] = 0xDEADBEEEu;
  printf("hostile_vectors_garbage: VTOR -> garbage, then SVC\n");
  fflush(stdout);
  *(volatile uint32_t *)0xE000ED08u = (uint32_t)(uintptr_t)table; /* SCB->VTOR */
  __asm volatile("dsb\n\tisb\n\tsvc 0" ::: "memory");
  printf("returned from SVC\n");
  return 0;
}

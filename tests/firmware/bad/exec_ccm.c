/* Copies a `bx lr` into the STM32F4's CCM RAM (0x10000000) and calls it
 * (Thumb bit set). CCM RAM sits on the core's D-bus only (RM0090, "CCM data
 * RAM"): the part cannot fetch instructions from it, so the call is a
 * MemManage fault, which mcusim must report naming the region. */
#include <stdint.h>
#include <stdio.h>

int main(void) {
  volatile uint16_t *code = (volatile uint16_t *)0x10000100u;
  *code = 0x4770u; /* bx lr */
  __asm volatile("dsb\n\tisb" ::: "memory");
  printf("bad_exec_ccm: calling code at 0x10000101\n");
  fflush(stdout);
  void (*fn)(void) = (void (*)(void))0x10000101u;
  fn();
  printf("returned from CCM code\n");
  return 0;
}

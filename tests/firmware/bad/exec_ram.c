/* Copies a `bx lr` into SRAM at 0x20000100 and calls it (Thumb bit set).
 * Executing from SRAM is legal on Armv7-M and works on QEMU and on mcusim
 * (tests/cli/firmware_failure_test.cpp; bad/exec_ccm.c is the fault). The
 * original halfword there (.data/.bss of this program) is restored afterwards. */
#include <stdint.h>
#include <stdio.h>

int main(void) {
  volatile uint16_t *code = (volatile uint16_t *)0x20000100u;
  uint16_t saved = *code;
  *code = 0x4770u; /* bx lr */
  __asm volatile("dsb\n\tisb" ::: "memory");
  printf("bad_exec_ram: calling code at 0x20000101\n");
  fflush(stdout);
  void (*fn)(void) = (void (*)(void))0x20000101u;
  fn();
  *code = saved;
  printf("returned from SRAM code\n");
  return 0;
}

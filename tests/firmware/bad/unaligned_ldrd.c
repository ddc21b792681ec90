/* LDRD from an address that is not word aligned: a UsageFault (UNALIGNED)
 * on the core whatever CCR.UNALIGN_TRP says, escalated to HardFault with no
 * handler of its own. */
#include <stdint.h>
#include <stdio.h>

static uint32_t words[4] = {1, 2, 3, 4};

int main(void) {
  volatile uintptr_t odd = (uintptr_t)words + 2;
  printf("bad_unaligned_ldrd: LDRD from 0x%08lx\n", (unsigned long)odd);
  fflush(stdout);
  uint32_t lo, hi;
  __asm volatile("ldrd %0, %1, [%2]" : "=r"(lo), "=r"(hi) : "r"(odd) : "memory");
  printf("read %08lx %08lx\n", (unsigned long)lo, (unsigned long)hi);
  return 0;
}

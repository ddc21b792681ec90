/* Enables CCR.DIV_0_TRP and divides by a volatile zero: UsageFault
 * DIVBYZERO, escalated to HardFault, with no handler of its own. */
#include <stdint.h>
#include <stdio.h>

#define SCB_CCR (*(volatile uint32_t *)0xE000ED14u)

int main(void) {
  volatile int32_t zero = 0, num = 42;
  SCB_CCR |= 1u << 4; /* DIV_0_TRP */
  __asm volatile("dsb\n\tisb" ::: "memory");
  printf("bad_div_zero: dividing by zero with DIV_0_TRP set\n");
  fflush(stdout);
  int32_t q;
  __asm volatile("sdiv %0, %1, %2" : "=r"(q) : "r"(num), "r"(zero));
  printf("quotient %ld\n", (long)q);
  return 0;
}

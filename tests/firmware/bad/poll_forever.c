/* Waits for RCC_CR.PLLRDY without ever setting PLLON: a loop with no timeout,
 * like CubeMX's wait on PWR_D3CR.VOSRDY. mcusim must stop it at once and
 * name the register and the bit. Built for stm32f407 only. */
#include <stdint.h>
#include <stdio.h>

#define RCC_CR (*(volatile uint32_t *)0x40023800u)

int main(void) {
  printf("bad_poll_forever: waiting for PLLRDY\n");
  fflush(stdout);
  RCC_CR &= ~(1u << 24); /* PLLON off (the start-up code turned it on) */
  while (!(RCC_CR & (1u << 25))) {
  }
  return 0;
}

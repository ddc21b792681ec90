/* Finishes its work, then idles in while (1) with SysTick still ticking: a
 * run that can never end. mcusim must say it idles, quickly (exit 124). */
#include <stdint.h>
#include <stdio.h>

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)

volatile uint32_t ticks;
void SysTick_Handler(void) { ++ticks; }

int main(void) {
  SYST_RVR = 25000 - 1; /* 1 kHz at 25 MHz */
  SYST_CSR = 7;
  printf("bad_idle_forever: done, idling\n");
  fflush(stdout);
  while (1) {
  }
}

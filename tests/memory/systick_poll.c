/* A SysTick-driven polling loop, `while (tick() - t0 < n)`, as HAL_Delay
 * does with HAL_GetTick: most SysTick interrupts are taken inside tick() or
 * right at its call or return, which is where a shadow call stack that does
 * not restore itself on exception return nests tick() inside tick(). */
#include <stdint.h>
#include <stdio.h>

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)

static volatile uint32_t ticks;

void SysTick_Handler(void) { ticks++; }

__attribute__((noinline)) uint32_t tick(void) { return ticks; }

__attribute__((noinline)) void wait_ticks(uint32_t n) {
  uint32_t t0 = tick();
  while (tick() - t0 < n) {
  }
}

int main(void) {
  SYST_RVR = 997; /* odd period: interrupts land at every point of the loop */
  SYST_CVR = 0;
  SYST_CSR = 7;   /* enable, interrupt, processor clock */
  wait_ticks(300);
  SYST_CSR = 0;
  printf("ticks %lu\n", (unsigned long)ticks);
  return 0;
}

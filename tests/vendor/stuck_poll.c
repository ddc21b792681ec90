/* A polling loop nothing will ever end, as firmware written for a board does
 * when a clock it waits for was never started: it polls RCC_CR.PLLRDY
 * (bit 25) on an STM32F407 with PLLON never set, with no timeout, while
 * SysTick runs at 1 kHz (as after HAL_Init). mcusim must stop the run
 * quickly (exit 124) and name the register and the bit. */
#include <stdint.h>

#include "cortex_m.h"

#define RCC_CR REG32(0x40023800u)
#define RCC_CR_PLLRDY (1u << 25)
#define USART2_SR REG32(0x40004400u)
#define USART2_DR REG32(0x40004404u)
#define USART2_CR1 REG32(0x4000440Cu)

volatile uint32_t ticks;
void SysTick_Handler(void) { ticks++; }
void SystemInit(void) { SCB_CPACR |= (3u << 20) | (3u << 22); }

static void put(const char *s) {
  for (; *s; s++) {
    while (!(USART2_SR & (1u << 7))) {
    }
    USART2_DR = (uint8_t)*s;
  }
}

int main(void) {
  SYST_RVR = 16000u - 1u; /* 1 kHz from HSI 16 MHz */
  SYST_CVR = 0;
  SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
  USART2_CR1 = (1u << 13) | (1u << 3); /* UE, TE */
  put("stuck-poll: waiting for RCC_CR.PLLRDY with PLLON never set\n");
  while (!(RCC_CR & RCC_CR_PLLRDY)) {
  }
  put("FAIL: RCC_CR.PLLRDY was set without PLLON\n");
  return 1;
}

/* A low-power main loop as vendor firmware writes it: SysTick off (no HAL
 * tick), TIM2 the only interrupt, the core sleeping in WFI between updates.
 * mcusim must wake it for each TIM2 update (a timer interrupt other than
 * SysTick ends a WFI) instead of reporting that nothing can end the wait. */
#include <stdint.h>
#include <stdlib.h>

#include "cortex_m.h"

#define RCC_APB1ENR REG32(0x40023840u)
#define TIM2_CR1 REG32(0x40000000u)
#define TIM2_DIER REG32(0x4000000Cu)
#define TIM2_SR REG32(0x40000010u)
#define TIM2_PSC REG32(0x40000028u)
#define TIM2_ARR REG32(0x4000002Cu)
#define TIM2_IRQn 28u
#define USART2_SR REG32(0x40004400u)
#define USART2_DR REG32(0x40004404u)
#define USART2_CR1 REG32(0x4000440Cu)
#define UPDATES 20u

static volatile uint32_t updates;
void TIM2_IRQHandler(void) {
  TIM2_SR = ~1u; /* clear UIF (rc_w0) */
  updates++;
}
void SystemInit(void) { SCB_CPACR |= (3u << 20) | (3u << 22); }

static void put(const char *s) {
  for (; *s; s++) {
    while (!(USART2_SR & (1u << 7))) {
    }
    USART2_DR = (uint8_t)*s;
  }
}

int main(void) {
  USART2_CR1 = (1u << 13) | (1u << 3); /* UE, TE */
  RCC_APB1ENR |= 1u;                   /* TIM2EN */
  TIM2_PSC = 16u - 1u;                 /* HSI 16 MHz, APB1 undivided: 1 MHz */
  TIM2_ARR = 1000u - 1u;               /* an update every 1 ms */
  TIM2_DIER = 1u;                      /* UIE */
  NVIC_IPR8(TIM2_IRQn) = 0;
  NVIC_ISER(TIM2_IRQn / 32u) = 1u << (TIM2_IRQn % 32u);
  TIM2_CR1 = 1u; /* CEN */
  while (updates < UPDATES) __asm volatile("wfi");
  put("wfi-wake: 20 TIM2 updates woke the core from WFI\n");
  exit(0);
}

/* main() of the STM32 vendor-style test firmware: the order of events of a
 * CubeMX-generated program (HAL_Init, SystemClock_Config, peripheral init,
 * application), with every step's effect printed over the board's USART so
 * the test can compare it line by line. The series files supply the
 * register-level steps. Built with -DSKIP_CLOCK_CONFIG the program stays on
 * the reset clock. */
#include <stdio.h>
#include <stdlib.h>

#include "hal_lite.h"

/* TIM2 registers: identical offsets on F4, F7, H7 and L4 (general-purpose
 * timer layout); TIM2 sits at 0x40000000 on all four. */
#define TIM2_BASE 0x40000000u
#define TIM2_CR1 REG32(TIM2_BASE + 0x00u)
#define TIM2_DIER REG32(TIM2_BASE + 0x0Cu)
#define TIM2_SR REG32(TIM2_BASE + 0x10u)
#define TIM2_EGR REG32(TIM2_BASE + 0x14u)
#define TIM2_CNT REG32(TIM2_BASE + 0x24u)
#define TIM2_PSC REG32(TIM2_BASE + 0x28u)
#define TIM2_ARR REG32(TIM2_BASE + 0x2Cu)
#define TIM_CR1_CEN (1u << 0)
#define TIM_DIER_UIE (1u << 0)
#define TIM_SR_UIF (1u << 0)
#define TIM_EGR_UG (1u << 0)
#define TIM2_IRQn 28u

/* The measurement: TIM2 counts at 1 MHz and updates every 300 us, counted
 * for 100 SysTick ticks started on a tick edge. Updates come at 300 us * k
 * plus a few cycles, so 333 fall in the window (the 333rd at 99.9 ms, the
 * 334th at 100.2 ms): the count is exact, not "about". */
#define TIM2_COUNTER_HZ 1000000u
#define TIM2_PERIOD_US 300u
#define TIM2_WINDOW_MS 100u
#define TIM2_EXPECTED_UPDATES (TIM2_WINDOW_MS * 1000u / TIM2_PERIOD_US)

static volatile uint32_t tim2_updates;

void TIM2_IRQHandler(void) {
  if (TIM2_SR & TIM_SR_UIF) {
    TIM2_SR = ~TIM_SR_UIF; /* rc_w0: write 0 to clear, 1 elsewhere leaves the rest */
    tim2_updates++;
  }
}

static void tim2_test(void) {
  series_tim2_enable_clock();
  uint32_t timclk = series_tim2_clock();
  /* HAL_TIM_Base_Init: counter up, no clock division, auto-reload preload off. */
  TIM2_CR1 = 0;
  TIM2_ARR = TIM2_PERIOD_US - 1u;
  TIM2_PSC = timclk / TIM2_COUNTER_HZ - 1u;
  TIM2_EGR = TIM_EGR_UG; /* load PSC now; sets SR.UIF */
  uint32_t uif_after_ug = TIM2_SR & TIM_SR_UIF;
  TIM2_SR = ~TIM_SR_UIF; /* as newer HALs do, so the first interrupt is a real update */
  printf("tim2: TIMCLK %lu Hz, PSC %lu, ARR %lu, SR.UIF after EGR.UG %lu\n", (unsigned long)timclk,
         (unsigned long)TIM2_PSC, (unsigned long)TIM2_ARR, (unsigned long)uif_after_ug);

  /* HAL_NVIC_SetPriority(TIM2_IRQn, 0, 0); HAL_NVIC_EnableIRQ; HAL_TIM_Base_Start_IT. */
  NVIC_IPR8(TIM2_IRQn) = 0;
  NVIC_ISER(TIM2_IRQn / 32u) = 1u << (TIM2_IRQn % 32u);
  TIM2_DIER |= TIM_DIER_UIE;
  uint32_t t0 = hal_tick;
  while (hal_tick == t0) {
  }
  uint32_t start = hal_tick;
  TIM2_CR1 |= TIM_CR1_CEN;
  while (hal_tick - start < TIM2_WINDOW_MS) {
  }
  uint32_t n = tim2_updates;
  TIM2_CR1 &= ~TIM_CR1_CEN;
  NVIC_ICER(TIM2_IRQn / 32u) = 1u << (TIM2_IRQn % 32u);
  printf("tim2 updates in %u ms: %lu\n", TIM2_WINDOW_MS, (unsigned long)n);
  if (n != TIM2_EXPECTED_UPDATES) {
    printf("FAIL: expected %u TIM2 updates\n", TIM2_EXPECTED_UPDATES);
    exit(2);
  }
}

int main(void) {
#ifdef VENDOR_CORTEX_M7
  m7_caches_and_mpu();
#endif
  setvbuf(stdout, NULL, _IONBF, 0); /* each printf reaches the USART at once */
  hal_init();
#ifndef SKIP_CLOCK_CONFIG
  series_clock_config();
#endif
  series_update_clocks();
  series_uart_init();
  printf("vendor-hal %s: DBGMCU DEV_ID 0x%03lx\n", series_board, (unsigned long)series_devid());
#ifdef SKIP_CLOCK_CONFIG
  printf("clock config skipped: running on the reset clock\n");
#endif
  series_report_clocks();
  printf("systick: LOAD %lu, CTRL 0x%lx\n", (unsigned long)SYST_RVR, (unsigned long)(SYST_CSR & 7u));
  series_gpio_test();
#ifdef VENDOR_CORTEX_M7
  m7_report();
#endif
  tim2_test();
  printf("SystemCoreClock=%lu\n", (unsigned long)SystemCoreClock);
  exit(0);
}

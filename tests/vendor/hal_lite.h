/* The parts of an STM32Cube-style program every test firmware shares:
 * the HAL tick (SysTick at 1 kHz), ready-bit waits with a timeout counted in
 * ticks, the failure path, and the interface each series file implements
 * (series_*.c). Written from the reference manuals; no vendor code. */
#ifndef VENDOR_HAL_LITE_H
#define VENDOR_HAL_LITE_H

#include <stdint.h>

#include "cortex_m.h"

extern volatile uint32_t hal_tick;
extern uint32_t SystemCoreClock;

/* HAL_InitTick: SysTick from the processor clock, 1 kHz, lowest priority. */
void hal_init_tick(uint32_t core_hz);
/* HAL_Init: priority grouping 4, the series' flash accelerator, the tick, MspInit. */
void hal_init(void);

/* Waits until (reg & mask) == want, at most timeout_ms HAL ticks; on timeout
 * prints which register bit it was and fails. `what` reads "RCC_CR.HSERDY (bit 17)". */
void wait_bits(volatile uint32_t *reg, uint32_t mask, uint32_t want, uint32_t timeout_ms, const char *what);
#define wait_set(reg, bit, ms, what) wait_bits(&(reg), (bit), (bit), (ms), (what))
#define wait_clear(reg, bit, ms, what) wait_bits(&(reg), (bit), 0u, (ms), (what))

/* Prints "FAIL: <msg>" (bringing the UART up at the current clock if it is
 * not yet) and calls Error_Handler. */
void fail(const char *msg) __attribute__((noreturn));
void Error_Handler(void) __attribute__((noreturn));

/* Implemented per series. */
void series_flash_accelerator(void); /* HAL_Init: caches/prefetch/ART */
void series_msp_init(void);        /* HAL_MspInit: clock enables, read back */
void series_clock_config(void);    /* SystemClock_Config */
void series_update_clocks(void);   /* SystemCoreClock & friends from the RCC registers */
void series_report_clocks(void);   /* prints the clock/power/flash lines */
void series_gpio_test(void);       /* MX_GPIO_Init + toggles, prints the gpio line */
void series_uart_init(void);       /* MX_USARTx_UART_Init (TEACK/REACK waits) */
void series_uart_write(const char *buf, int len);
void series_tim2_enable_clock(void);
uint32_t series_tim2_clock(void);  /* TIMxCLK of TIM2 after the APB1 rule */
uint32_t series_devid(void);       /* DBGMCU_IDCODE.DEV_ID */
extern const char series_board[];
/* The CRC unit and RNG of the part (crc_rng_main.c): bases from the
 * reference manual, whether the CRC unit is the programmable one (POL, INIT,
 * POLYSIZE, REV_IN/REV_OUT, sub-word input), and their RCC clock enables
 * (the RNG's 48 MHz kernel clock where it needs one), printed. */
extern const uint32_t series_crc_base, series_rng_base;
extern const int series_crc_programmable;
void series_crc_rng_clocks(void);

/* The transmit wait of HAL_UART_Transmit: Error_Handler after 100 ms (or a
 * loop bound when the tick does not run); nothing can be printed then. */
void uart_wait(volatile uint32_t *status, uint32_t bit);

/* Called by series_uart_init once the USART can take output. */
void hal_uart_ready(void);

/* Cortex-M7 parts: MPU_Config + SCB_EnableICache/DCache (first in main, as
 * CubeMX generates), and the lines reporting what they read back. */
void m7_caches_and_mpu(void);
void m7_report(void);

#endif

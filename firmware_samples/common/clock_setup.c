/* Clock set-up for the project's own firmware on the STM32 boards: what a
 * CubeMX SystemClock_Config does, register by register (power scale, HSE,
 * PLL, Flash latency, bus prescalers, SYSCLK switch, each with its ready-bit
 * wait), so the firmware runs at the board's nominal clock as it would on
 * hardware. mcusim computes the core clock from these registers; firmware
 * that skips this runs (and is reported) at the reset clock.
 *
 * Facts from RM0090 (F4), RM0385 (F7), RM0433 (H7), RM0432 (L4+). */
#include <stdint.h>

#define REG(addr) (*(volatile uint32_t *)(addr))

__attribute__((unused)) static void wait_set(volatile uint32_t *reg, uint32_t mask) {
  while ((*reg & mask) != mask) {
  }
}

#if defined(MCUSIM_BOARD_STM32F407) || defined(MCUSIM_BOARD_STM32F746G_DISCO)
#define RCC 0x40023800u
void mcusim_clock_setup(void) {
  REG(RCC + 0x40) |= 1u << 28; /* APB1ENR.PWREN */
#if defined(MCUSIM_BOARD_STM32F407)
  REG(0x40007000u) |= 1u << 14; /* PWR_CR.VOS: scale 1 */
  const uint32_t pll = 8u | (336u << 6) | (0u << 16) | (1u << 22) | (7u << 24); /* HSE 8 MHz / 8 * 336 / 2 = 168 MHz */
  const uint32_t acr = 5u; /* 5 WS; the ART is the application's choice (sample_main.c turns it on) */
#else
  REG(0x40007000u) |= 3u << 14; /* PWR_CR1.VOS: scale 1 */
  const uint32_t pll = 25u | (432u << 6) | (0u << 16) | (1u << 22) | (9u << 24); /* HSE 25 MHz / 25 * 432 / 2 = 216 MHz */
  const uint32_t acr = 7u;                                                       /* 7 WS */
#endif
  REG(RCC + 0x00) |= 1u << 16; /* HSEON */
  wait_set(&REG(RCC + 0x00), 1u << 17);
  REG(RCC + 0x04) = pll;
  REG(RCC + 0x00) |= 1u << 24; /* PLLON */
  wait_set(&REG(RCC + 0x00), 1u << 25);
#if defined(MCUSIM_BOARD_STM32F746G_DISCO)
  REG(0x40007000u) |= 1u << 16; /* over-drive: ODEN, ODRDY, then ODSWEN, ODSWRDY */
  wait_set(&REG(0x40007004u), 1u << 16);
  REG(0x40007000u) |= 1u << 17;
  wait_set(&REG(0x40007004u), 1u << 17);
#endif
  REG(0x40023C00u) = acr;
  REG(RCC + 0x08) = (5u << 10) | (4u << 13) | 2u; /* APB1 /4, APB2 /2, SW = PLL */
  while ((REG(RCC + 0x08) & 0xCu) != 0x8u) {
  }
}
#elif defined(MCUSIM_BOARD_STM32H743)
#define RCC 0x58024400u
#define PWR 0x58024800u
void mcusim_clock_setup(void) {
  REG(PWR + 0x0C) = (REG(PWR + 0x0C) & ~7u) | 2u; /* CR3: LDO supply */
  wait_set(&REG(PWR + 0x04), 1u << 13);            /* CSR1.ACTVOSRDY */
  REG(PWR + 0x18) |= 3u << 14;                     /* D3CR.VOS: scale 1 */
  wait_set(&REG(PWR + 0x18), 1u << 13);
  REG(RCC + 0xF4) |= 1u << 1;         /* APB4ENR.SYSCFGEN */
  REG(0x58000400u + 0x2C) |= 1u;      /* SYSCFG_PWRCR.ODEN: VOS0 */
  wait_set(&REG(PWR + 0x18), 1u << 13);
  REG(RCC + 0x00) |= 1u << 16; /* HSEON */
  wait_set(&REG(RCC + 0x00), 1u << 17);
  REG(RCC + 0x28) = (REG(RCC + 0x28) & ~((0x3Fu << 4) | 3u)) | (1u << 4) | 2u; /* DIVM1 = 1, PLLSRC = HSE 8 MHz */
  REG(RCC + 0x30) = (119u << 0) | (1u << 9) | (1u << 16) | (1u << 24);         /* N = 120, P = 2: 480 MHz */
  REG(RCC + 0x2C) = (REG(RCC + 0x2C) & ~0xFu) | (3u << 2) | (1u << 16);          /* PLL1RGE 8-16 MHz, DIVP1EN */
  REG(RCC + 0x00) |= 1u << 24; /* PLL1ON */
  wait_set(&REG(RCC + 0x00), 1u << 25);
  REG(0x52002000u) = 4u | (2u << 4); /* FLASH_ACR: 4 WS, WRHIGHFREQ 2 */
  while ((REG(0x52002000u) & 0xFu) != 4u) {
  }
  REG(RCC + 0x18) = (8u << 0) | (4u << 4); /* D1CFGR: HPRE /2, D1PPRE /2 */
  REG(RCC + 0x1C) = (4u << 4) | (4u << 8); /* D2CFGR: D2PPRE1 /2, D2PPRE2 /2 */
  REG(RCC + 0x20) = 4u << 4;               /* D3CFGR: D3PPRE /2 */
  REG(RCC + 0x10) = (REG(RCC + 0x10) & ~7u) | 3u; /* SW = PLL1 */
  while ((REG(RCC + 0x10) & (7u << 3)) != (3u << 3)) {
  }
}
#elif defined(MCUSIM_BOARD_STM32L4R5)
#define RCC 0x40021000u
void mcusim_clock_setup(void) {
  REG(RCC + 0x58) |= 1u << 28;       /* APB1ENR1.PWREN */
  REG(0x40007000u + 0x80) &= ~(1u << 8); /* PWR_CR5.R1MODE = 0: range 1 boost for 120 MHz */
  while (REG(0x40007000u + 0x14) & (1u << 10)) { /* PWR_SR2.VOSF */
  }
  REG(0x40022000u) = (REG(0x40022000u) & ~0xFu) | 5u; /* FLASH_ACR: 5 WS (ICEN/DCEN stay on) */
  REG(RCC + 0x0C) = 1u | (0u << 4) | (60u << 8) | (1u << 24) | (0u << 25); /* MSI 4 MHz / 1 * 60 / 2 = 120 MHz, PLLREN */
  REG(RCC + 0x00) |= 1u << 24; /* PLLON */
  wait_set(&REG(RCC + 0x00), 1u << 25);
  REG(RCC + 0x08) = (REG(RCC + 0x08) & ~3u) | 3u; /* SW = PLL */
  while ((REG(RCC + 0x08) & 0xCu) != 0xCu) {
  }
}
#else
void mcusim_clock_setup(void) {}
#endif

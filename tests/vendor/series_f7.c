/* STM32F746 (32F746G-DISCO) at the register level, in the order and shapes
 * of the STM32CubeF7 HAL: HSE 25 MHz -> PLL (M 25, N 432, P 2, Q 9) ->
 * 216 MHz, voltage scale 1 with over-drive (ODEN/ODRDY, ODSWEN/ODSWRDY),
 * 7 Flash wait states, AHB /1, APB1 /4, APB2 /2, ART + prefetch. USART1
 * (PA9/PB7, AF7; kernel clock PCLK2 via DCKCFGR2) in the ISR/TDR layout with
 * the TEACK/REACK idle check, LED LD1 on PI1. Register facts from RM0385. */
#include <stdio.h>

#include "hal_lite.h"

const char series_board[] = "stm32f746g-disco";
#define HSE_HZ 25000000u
#define HSI_HZ 16000000u
uint32_t SystemCoreClock = HSI_HZ;

#define RCC_BASE 0x40023800u
#define RCC_CR REG32(RCC_BASE + 0x00u)
#define RCC_PLLCFGR REG32(RCC_BASE + 0x04u)
#define RCC_CFGR REG32(RCC_BASE + 0x08u)
#define RCC_AHB1ENR REG32(RCC_BASE + 0x30u)
#define RCC_APB1ENR REG32(RCC_BASE + 0x40u)
#define RCC_APB2ENR REG32(RCC_BASE + 0x44u)
#define RCC_DCKCFGR2 REG32(RCC_BASE + 0x90u)
#define CR_HSION (1u << 0)
#define CR_HSIRDY (1u << 1)
#define CR_HSEON (1u << 16)
#define CR_HSERDY (1u << 17)
#define CR_PLLON (1u << 24)
#define CR_PLLRDY (1u << 25)
#define PLLCFGR_PLLSRC_HSE (1u << 22)
#define CFGR_SW_MASK 3u
#define CFGR_SW_PLL 2u
#define CFGR_SWS_SHIFT 2
#define CFGR_HPRE_SHIFT 4
#define CFGR_PPRE1_SHIFT 10
#define CFGR_PPRE2_SHIFT 13
#define DCKCFGR2_USART1SEL_MASK 3u
#define AHB1ENR_GPIOA (1u << 0)
#define AHB1ENR_GPIOB (1u << 1)
#define AHB1ENR_GPIOI (1u << 8)
#define APB1ENR_TIM2 (1u << 0)
#define APB1ENR_PWR (1u << 28)
#define APB2ENR_USART1 (1u << 4)
#define APB2ENR_SYSCFG (1u << 14)

#define PWR_CR1 REG32(0x40007000u)
#define PWR_CSR1 REG32(0x40007004u)
#define PWR_CR1_VOS_MASK (3u << 14)
#define PWR_CR1_VOS_SCALE1 (3u << 14)
#define PWR_CR1_ODEN (1u << 16)
#define PWR_CR1_ODSWEN (1u << 17)
#define PWR_CSR1_ODRDY (1u << 16)
#define PWR_CSR1_ODSWRDY (1u << 17)

#define FLASH_ACR REG32(0x40023C00u)
#define ACR_LATENCY_MASK 0xFu
#define ACR_PRFTEN (1u << 8)
#define ACR_ARTEN (1u << 9)

#define DBGMCU_IDCODE REG32(0xE0042000u)

#define GPIOA_BASE 0x40020000u
#define GPIOB_BASE 0x40020400u
#define GPIOI_BASE 0x40022000u
#define GPIO_MODER(b) REG32((b) + 0x00u)
#define GPIO_OTYPER(b) REG32((b) + 0x04u)
#define GPIO_OSPEEDR(b) REG32((b) + 0x08u)
#define GPIO_PUPDR(b) REG32((b) + 0x0Cu)
#define GPIO_ODR(b) REG32((b) + 0x14u)
#define GPIO_BSRR(b) REG32((b) + 0x18u)
#define GPIO_AFRL(b) REG32((b) + 0x20u)
#define GPIO_AFRH(b) REG32((b) + 0x24u)

#define USART1_BASE 0x40011000u
#define USART_CR1 REG32(USART1_BASE + 0x00u)
#define USART_CR2 REG32(USART1_BASE + 0x04u)
#define USART_CR3 REG32(USART1_BASE + 0x08u)
#define USART_BRR REG32(USART1_BASE + 0x0Cu)
#define USART_ISR REG32(USART1_BASE + 0x1Cu)
#define USART_TDR REG32(USART1_BASE + 0x28u)
#define CR1_UE (1u << 0)
#define CR1_RE (1u << 2)
#define CR1_TE (1u << 3)
#define ISR_TC (1u << 6)
#define ISR_TXE (1u << 7)
#define ISR_TEACK (1u << 21)
#define ISR_REACK (1u << 22)

static const uint8_t ahb_shift[16] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 6, 7, 8, 9};
static const uint8_t apb_shift[8] = {0, 0, 0, 0, 1, 2, 3, 4};
static uint32_t sysclk_hz, hclk_hz, pclk1_hz, pclk2_hz;

void SystemInit(void) {
  SCB_CPACR |= (3u << 20) | (3u << 22); /* CP10, CP11 full access */
}

void series_flash_accelerator(void) { FLASH_ACR |= ACR_ARTEN | ACR_PRFTEN; }

static volatile uint32_t readback_sink;
static void rcc_enable(volatile uint32_t *reg, uint32_t bits) {
  *reg |= bits;
  readback_sink = *reg & bits; /* "delay after an RCC peripheral clock enabling" */
}

void series_msp_init(void) {
  rcc_enable(&RCC_APB1ENR, APB1ENR_PWR);
  rcc_enable(&RCC_APB2ENR, APB2ENR_SYSCFG);
}

void series_clock_config(void) {
  /* __HAL_RCC_PWR_CLK_ENABLE, __HAL_PWR_VOLTAGESCALING_CONFIG(SCALE1) */
  rcc_enable(&RCC_APB1ENR, APB1ENR_PWR);
  PWR_CR1 = (PWR_CR1 & ~PWR_CR1_VOS_MASK) | PWR_CR1_VOS_SCALE1;
  readback_sink = PWR_CR1 & PWR_CR1_VOS_MASK;

  /* HAL_RCC_OscConfig: HSE, then the PLL (off, configure, on). */
  RCC_CR |= CR_HSEON;
  wait_set(RCC_CR, CR_HSERDY, 100, "RCC_CR.HSERDY (bit 17)");
  if (((RCC_CFGR >> CFGR_SWS_SHIFT) & 3u) != CFGR_SW_PLL) {
    RCC_CR &= ~CR_PLLON;
    wait_clear(RCC_CR, CR_PLLRDY, 2, "RCC_CR.PLLRDY (bit 25)");
    RCC_PLLCFGR = PLLCFGR_PLLSRC_HSE | 25u | (432u << 6) | (((2u >> 1) - 1u) << 16) | (9u << 24);
    RCC_CR |= CR_PLLON;
    wait_set(RCC_CR, CR_PLLRDY, 2, "RCC_CR.PLLRDY (bit 25)");
  }

  /* HAL_PWREx_EnableOverDrive */
  rcc_enable(&RCC_APB1ENR, APB1ENR_PWR);
  PWR_CR1 |= PWR_CR1_ODEN;
  wait_set(PWR_CSR1, PWR_CSR1_ODRDY, 1000, "PWR_CSR1.ODRDY (bit 16)");
  PWR_CR1 |= PWR_CR1_ODSWEN;
  wait_set(PWR_CSR1, PWR_CSR1_ODSWRDY, 1000, "PWR_CSR1.ODSWRDY (bit 17)");

  /* HAL_RCC_ClockConfig(FLASH_LATENCY_7) */
  if (7u > (FLASH_ACR & ACR_LATENCY_MASK)) {
    FLASH_ACR = (FLASH_ACR & ~ACR_LATENCY_MASK) | 7u;
    if ((FLASH_ACR & ACR_LATENCY_MASK) != 7u) fail("FLASH_ACR.LATENCY does not read back 7");
  }
  RCC_CFGR = (RCC_CFGR & ~(7u << CFGR_PPRE1_SHIFT)) | (7u << CFGR_PPRE1_SHIFT); /* /16 while switching */
  RCC_CFGR = (RCC_CFGR & ~(7u << CFGR_PPRE2_SHIFT)) | (7u << CFGR_PPRE2_SHIFT);
  RCC_CFGR = (RCC_CFGR & ~(0xFu << CFGR_HPRE_SHIFT)) | (0u << CFGR_HPRE_SHIFT);
  if (!(RCC_CR & CR_PLLRDY)) fail("PLL not ready at the SYSCLK switch");
  RCC_CFGR = (RCC_CFGR & ~CFGR_SW_MASK) | CFGR_SW_PLL;
  wait_bits(&RCC_CFGR, 3u << CFGR_SWS_SHIFT, CFGR_SW_PLL << CFGR_SWS_SHIFT, 5000, "RCC_CFGR.SWS (bits 3:2) = PLL");
  RCC_CFGR = (RCC_CFGR & ~(7u << CFGR_PPRE1_SHIFT)) | (5u << CFGR_PPRE1_SHIFT); /* APB1 /4 */
  RCC_CFGR = (RCC_CFGR & ~(7u << CFGR_PPRE2_SHIFT)) | (4u << CFGR_PPRE2_SHIFT); /* APB2 /2 */
  series_update_clocks();
  hal_init_tick(SystemCoreClock);
}

/* HAL_RCC_GetSysClockFreq and the bus clocks, from the registers. */
void series_update_clocks(void) {
  uint32_t cfgr = RCC_CFGR;
  switch ((cfgr >> CFGR_SWS_SHIFT) & 3u) {
    case 1: sysclk_hz = HSE_HZ; break;
    case 2: {
      uint32_t pll = RCC_PLLCFGR;
      uint32_t m = pll & 0x3Fu, n = (pll >> 6) & 0x1FFu, p = (((pll >> 16) & 3u) + 1u) * 2u;
      uint32_t src = (pll & PLLCFGR_PLLSRC_HSE) ? HSE_HZ : HSI_HZ;
      sysclk_hz = m ? (uint32_t)((uint64_t)src / m * n / p) : 0;
      break;
    }
    default: sysclk_hz = HSI_HZ; break;
  }
  hclk_hz = sysclk_hz >> ahb_shift[(cfgr >> CFGR_HPRE_SHIFT) & 0xFu];
  pclk1_hz = hclk_hz >> apb_shift[(cfgr >> CFGR_PPRE1_SHIFT) & 7u];
  pclk2_hz = hclk_hz >> apb_shift[(cfgr >> CFGR_PPRE2_SHIFT) & 7u];
  SystemCoreClock = hclk_hz;
}

void series_report_clocks(void) {
  static const char *const src[4] = {"HSI", "HSE", "PLL", "?"};
  printf("clock: SYSCLK %lu Hz from %s, HCLK %lu, PCLK1 %lu, PCLK2 %lu\n", (unsigned long)sysclk_hz,
         src[(RCC_CFGR >> CFGR_SWS_SHIFT) & 3u], (unsigned long)hclk_hz, (unsigned long)pclk1_hz,
         (unsigned long)pclk2_hz);
  printf("rcc: CR on/ready bits 0x%08lx, PLLCFGR 0x%08lx, CFGR 0x%08lx, DCKCFGR2 0x%08lx\n",
         (unsigned long)(RCC_CR & (CR_HSION | CR_HSIRDY | CR_HSEON | CR_HSERDY | CR_PLLON | CR_PLLRDY)),
         (unsigned long)RCC_PLLCFGR, (unsigned long)RCC_CFGR, (unsigned long)RCC_DCKCFGR2);
  printf("rcc: enabled AHB1ENR 0x%08lx, APB1ENR 0x%08lx, APB2ENR 0x%08lx\n",
         (unsigned long)(RCC_AHB1ENR & (AHB1ENR_GPIOA | AHB1ENR_GPIOB | AHB1ENR_GPIOI)),
         (unsigned long)(RCC_APB1ENR & (APB1ENR_PWR | APB1ENR_TIM2)),
         (unsigned long)(RCC_APB2ENR & (APB2ENR_SYSCFG | APB2ENR_USART1)));
  printf("flash: ACR 0x%08lx\n", (unsigned long)FLASH_ACR);
  printf("pwr: CR1 0x%08lx, CSR1.ODRDY %lu, CSR1.ODSWRDY %lu\n", (unsigned long)PWR_CR1,
         (unsigned long)((PWR_CSR1 >> 16) & 1u), (unsigned long)((PWR_CSR1 >> 17) & 1u));
  printf("usart1: BRR 0x%08lx, CR1 0x%08lx, ISR.TEACK %lu, ISR.REACK %lu\n", (unsigned long)USART_BRR,
         (unsigned long)USART_CR1, (unsigned long)((USART_ISR >> 21) & 1u), (unsigned long)((USART_ISR >> 22) & 1u));
}

uint32_t series_devid(void) { return DBGMCU_IDCODE & 0xFFFu; }

void series_gpio_test(void) {
  rcc_enable(&RCC_AHB1ENR, AHB1ENR_GPIOI);
  const uint32_t pin = 1u, bit = 1u << pin;
  GPIO_BSRR(GPIOI_BASE) = bit << 16; /* HAL_GPIO_WritePin(RESET) before init */
  GPIO_OSPEEDR(GPIOI_BASE) &= ~(3u << (2 * pin));
  GPIO_OTYPER(GPIOI_BASE) &= ~bit;
  GPIO_PUPDR(GPIOI_BASE) &= ~(3u << (2 * pin));
  GPIO_MODER(GPIOI_BASE) = (GPIO_MODER(GPIOI_BASE) & ~(3u << (2 * pin))) | (1u << (2 * pin));
  GPIO_BSRR(GPIOI_BASE) = bit;
  uint32_t after_set = GPIO_ODR(GPIOI_BASE) & bit;
  GPIO_BSRR(GPIOI_BASE) = bit << 16;
  uint32_t after_reset = GPIO_ODR(GPIOI_BASE) & bit;
  uint32_t odr = GPIO_ODR(GPIOI_BASE); /* HAL_GPIO_TogglePin */
  GPIO_BSRR(GPIOI_BASE) = ((odr & bit) << 16) | (~odr & bit);
  uint32_t after_toggle = GPIO_ODR(GPIOI_BASE) & bit;
  printf("gpio: GPIOI MODER 0x%08lx, PI1 ODR after set 0x%lx, reset 0x%lx, toggle 0x%lx\n",
         (unsigned long)GPIO_MODER(GPIOI_BASE), (unsigned long)after_set, (unsigned long)after_reset,
         (unsigned long)after_toggle);
}

void series_uart_init(void) {
  /* HAL_RCCEx_PeriphCLKConfig: USART1 kernel clock = PCLK2. */
  RCC_DCKCFGR2 = (RCC_DCKCFGR2 & ~DCKCFGR2_USART1SEL_MASK) | 0u;
  /* HAL_UART_MspInit: clocks, PA9 (TX) and PB7 (RX) alternate function 7. */
  rcc_enable(&RCC_APB2ENR, APB2ENR_USART1);
  rcc_enable(&RCC_AHB1ENR, AHB1ENR_GPIOA);
  rcc_enable(&RCC_AHB1ENR, AHB1ENR_GPIOB);
  GPIO_OSPEEDR(GPIOA_BASE) |= 3u << 18;
  GPIO_AFRH(GPIOA_BASE) = (GPIO_AFRH(GPIOA_BASE) & ~(0xFu << 4)) | (7u << 4);
  GPIO_MODER(GPIOA_BASE) = (GPIO_MODER(GPIOA_BASE) & ~(3u << 18)) | (2u << 18);
  GPIO_OSPEEDR(GPIOB_BASE) |= 3u << 14;
  GPIO_AFRL(GPIOB_BASE) = (GPIO_AFRL(GPIOB_BASE) & ~(0xFu << 28)) | (7u << 28);
  GPIO_MODER(GPIOB_BASE) = (GPIO_MODER(GPIOB_BASE) & ~(3u << 14)) | (2u << 14);
  /* HAL_UART_Init: UE off, 8N1 oversampling 16, BRR = PCLK2 / 115200, UE on,
   * then UART_CheckIdleState (HAL timeout 0x1FFFFFF ms; 1000 here). */
  USART_CR1 &= ~CR1_UE;
  USART_CR1 = CR1_TE | CR1_RE;
  USART_CR2 = 0;
  USART_CR3 = 0;
  USART_BRR = (pclk2_hz + 115200u / 2u) / 115200u;
  USART_CR1 |= CR1_UE;
  wait_set(USART_ISR, ISR_TEACK, 1000, "USART1_ISR.TEACK (bit 21)");
  wait_set(USART_ISR, ISR_REACK, 1000, "USART1_ISR.REACK (bit 22)");
  hal_uart_ready();
}

void series_uart_write(const char *buf, int len) {
  for (int i = 0; i < len; i++) {
    uart_wait(&USART_ISR, ISR_TXE);
    USART_TDR = (uint8_t)buf[i];
  }
  uart_wait(&USART_ISR, ISR_TC);
}

void series_tim2_enable_clock(void) { rcc_enable(&RCC_APB1ENR, APB1ENR_TIM2); }

uint32_t series_tim2_clock(void) {
  return ((RCC_CFGR >> CFGR_PPRE1_SHIFT) & 7u) < 4u ? pclk1_hz : 2u * pclk1_hz;
}

/* CRC unit and RNG (crc_rng_main.c). RM0385: CRC on AHB1 at 0x40023000
 * (AHB1ENR.CRCEN bit 12), programmable (POL, INIT, POLYSIZE, REV_IN/OUT);
 * RNG on AHB2 at 0x50060800 (AHB2ENR.RNGEN bit 6), clocked by PLL48CLK. */
const uint32_t series_crc_base = 0x40023000u, series_rng_base = 0x50060800u;
const int series_crc_programmable = 1;
#define RCC_AHB2ENR_CRC_RNG REG32(RCC_BASE + 0x34u)
void series_crc_rng_clocks(void) {
  rcc_enable(&RCC_AHB1ENR, 1u << 12);
  rcc_enable(&RCC_AHB2ENR_CRC_RNG, 1u << 6);
  printf("rcc: AHB1ENR.CRCEN %lu, AHB2ENR.RNGEN %lu\n", (unsigned long)((RCC_AHB1ENR >> 12) & 1u),
         (unsigned long)((RCC_AHB2ENR_CRC_RNG >> 6) & 1u));
}

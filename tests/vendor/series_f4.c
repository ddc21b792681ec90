/* STM32F407 (STM32F4-Discovery) at the register level, in the order and
 * shapes of the STM32CubeF4 HAL: HSE 8 MHz -> PLL (M 8, N 336, P 2, Q 7) ->
 * 168 MHz, voltage scale 1, 5 Flash wait states set by an 8-bit store to
 * FLASH_ACR byte 0, AHB /1, APB1 /4, APB2 /2. USART2 (PA2/PA3, AF7) in the F4
 * layout (SR/DR), LED LD4 on PD12. Register facts from RM0090. */
#include <stdio.h>

#include "hal_lite.h"

const char series_board[] = "stm32f407";
#define HSE_HZ 8000000u
#define HSI_HZ 16000000u
uint32_t SystemCoreClock = HSI_HZ;

#define RCC_BASE 0x40023800u
#define RCC_CR REG32(RCC_BASE + 0x00u)
#define RCC_PLLCFGR REG32(RCC_BASE + 0x04u)
#define RCC_CFGR REG32(RCC_BASE + 0x08u)
#define RCC_AHB1ENR REG32(RCC_BASE + 0x30u)
#define RCC_APB1ENR REG32(RCC_BASE + 0x40u)
#define RCC_APB2ENR REG32(RCC_BASE + 0x44u)
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
#define AHB1ENR_GPIOA (1u << 0)
#define AHB1ENR_GPIOD (1u << 3)
#define APB1ENR_TIM2 (1u << 0)
#define APB1ENR_USART2 (1u << 17)
#define APB1ENR_PWR (1u << 28)
#define APB2ENR_SYSCFG (1u << 14)

#define PWR_CR REG32(0x40007000u)
#define PWR_CR_VOS (1u << 14)

#define FLASH_ACR REG32(0x40023C00u)
#define FLASH_ACR_BYTE0 REG8(0x40023C00u)
#define ACR_LATENCY_MASK 7u
#define ACR_PRFTEN (1u << 8)
#define ACR_ICEN (1u << 9)
#define ACR_DCEN (1u << 10)

#define DBGMCU_IDCODE REG32(0xE0042000u)

#define GPIOA_BASE 0x40020000u
#define GPIOD_BASE 0x40020C00u
#define GPIO_MODER(b) REG32((b) + 0x00u)
#define GPIO_OTYPER(b) REG32((b) + 0x04u)
#define GPIO_OSPEEDR(b) REG32((b) + 0x08u)
#define GPIO_PUPDR(b) REG32((b) + 0x0Cu)
#define GPIO_ODR(b) REG32((b) + 0x14u)
#define GPIO_BSRR(b) REG32((b) + 0x18u)
#define GPIO_AFRL(b) REG32((b) + 0x20u)

#define USART2_BASE 0x40004400u
#define USART_SR REG32(USART2_BASE + 0x00u)
#define USART_DR REG32(USART2_BASE + 0x04u)
#define USART_BRR REG32(USART2_BASE + 0x08u)
#define USART_CR1 REG32(USART2_BASE + 0x0Cu)
#define USART_CR2 REG32(USART2_BASE + 0x10u)
#define USART_CR3 REG32(USART2_BASE + 0x14u)
#define SR_TC (1u << 6)
#define SR_TXE (1u << 7)
#define CR1_RE (1u << 2)
#define CR1_TE (1u << 3)
#define CR1_UE (1u << 13)

static const uint8_t ahb_shift[16] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 6, 7, 8, 9};
static const uint8_t apb_shift[8] = {0, 0, 0, 0, 1, 2, 3, 4};
static uint32_t sysclk_hz, hclk_hz, pclk1_hz, pclk2_hz;

void SystemInit(void) {
  SCB_CPACR |= (3u << 20) | (3u << 22); /* CP10, CP11 full access */
}

void series_flash_accelerator(void) { FLASH_ACR |= ACR_ICEN | ACR_DCEN | ACR_PRFTEN; }

static volatile uint32_t readback_sink;
static void rcc_enable(volatile uint32_t *reg, uint32_t bits) {
  *reg |= bits;
  readback_sink = *reg & bits; /* "delay after an RCC peripheral clock enabling" */
}

void series_msp_init(void) {
  rcc_enable(&RCC_APB2ENR, APB2ENR_SYSCFG);
  rcc_enable(&RCC_APB1ENR, APB1ENR_PWR);
}

void series_clock_config(void) {
  /* __HAL_RCC_PWR_CLK_ENABLE, __HAL_PWR_VOLTAGESCALING_CONFIG(SCALE1) */
  rcc_enable(&RCC_APB1ENR, APB1ENR_PWR);
  PWR_CR = (PWR_CR & ~PWR_CR_VOS) | PWR_CR_VOS;
  readback_sink = PWR_CR & PWR_CR_VOS;

  /* HAL_RCC_OscConfig: HSE, then the PLL (off, configure, on). */
  RCC_CR |= CR_HSEON;
  wait_set(RCC_CR, CR_HSERDY, 100, "RCC_CR.HSERDY (bit 17)");
  if (((RCC_CFGR >> CFGR_SWS_SHIFT) & 3u) != CFGR_SW_PLL) {
    RCC_CR &= ~CR_PLLON;
    wait_clear(RCC_CR, CR_PLLRDY, 2, "RCC_CR.PLLRDY (bit 25)");
    RCC_PLLCFGR = PLLCFGR_PLLSRC_HSE | 8u | (336u << 6) | (((2u >> 1) - 1u) << 16) | (7u << 24);
    RCC_CR |= CR_PLLON;
    wait_set(RCC_CR, CR_PLLRDY, 2, "RCC_CR.PLLRDY (bit 25)");
  }

  /* HAL_RCC_ClockConfig(FLASH_LATENCY_5) */
  if (5u > (FLASH_ACR & ACR_LATENCY_MASK)) {
    FLASH_ACR_BYTE0 = 5u;
    if ((FLASH_ACR & ACR_LATENCY_MASK) != 5u) fail("FLASH_ACR.LATENCY does not read back 5");
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
  printf("rcc: CR on/ready bits 0x%08lx, PLLCFGR 0x%08lx, CFGR 0x%08lx\n",
         (unsigned long)(RCC_CR & (CR_HSION | CR_HSIRDY | CR_HSEON | CR_HSERDY | CR_PLLON | CR_PLLRDY)),
         (unsigned long)RCC_PLLCFGR, (unsigned long)RCC_CFGR);
  printf("rcc: enabled AHB1ENR 0x%08lx, APB1ENR 0x%08lx, APB2ENR 0x%08lx\n",
         (unsigned long)(RCC_AHB1ENR & (AHB1ENR_GPIOA | AHB1ENR_GPIOD)),
         (unsigned long)(RCC_APB1ENR & (APB1ENR_PWR | APB1ENR_USART2 | APB1ENR_TIM2)),
         (unsigned long)(RCC_APB2ENR & APB2ENR_SYSCFG));
  printf("flash: ACR 0x%08lx\n", (unsigned long)FLASH_ACR);
  printf("pwr: CR 0x%08lx\n", (unsigned long)PWR_CR);
  printf("usart2: BRR 0x%08lx, CR1 0x%08lx\n", (unsigned long)USART_BRR, (unsigned long)USART_CR1);
}

uint32_t series_devid(void) { return DBGMCU_IDCODE & 0xFFFu; }

void series_gpio_test(void) {
  rcc_enable(&RCC_AHB1ENR, AHB1ENR_GPIOD);
  const uint32_t pin = 12u, bit = 1u << pin;
  GPIO_BSRR(GPIOD_BASE) = bit << 16; /* HAL_GPIO_WritePin(RESET) before init */
  GPIO_OSPEEDR(GPIOD_BASE) &= ~(3u << (2 * pin));
  GPIO_OTYPER(GPIOD_BASE) &= ~bit;
  GPIO_PUPDR(GPIOD_BASE) &= ~(3u << (2 * pin));
  GPIO_MODER(GPIOD_BASE) = (GPIO_MODER(GPIOD_BASE) & ~(3u << (2 * pin))) | (1u << (2 * pin));
  GPIO_BSRR(GPIOD_BASE) = bit;
  uint32_t after_set = GPIO_ODR(GPIOD_BASE) & bit;
  GPIO_BSRR(GPIOD_BASE) = bit << 16;
  uint32_t after_reset = GPIO_ODR(GPIOD_BASE) & bit;
  uint32_t odr = GPIO_ODR(GPIOD_BASE); /* HAL_GPIO_TogglePin */
  GPIO_BSRR(GPIOD_BASE) = ((odr & bit) << 16) | (~odr & bit);
  uint32_t after_toggle = GPIO_ODR(GPIOD_BASE) & bit;
  printf("gpio: GPIOD MODER 0x%08lx, PD12 ODR after set 0x%lx, reset 0x%lx, toggle 0x%lx\n",
         (unsigned long)GPIO_MODER(GPIOD_BASE), (unsigned long)after_set, (unsigned long)after_reset,
         (unsigned long)after_toggle);
}

void series_uart_init(void) {
  /* HAL_UART_MspInit: clocks, PA2/PA3 alternate function 7. */
  rcc_enable(&RCC_APB1ENR, APB1ENR_USART2);
  rcc_enable(&RCC_AHB1ENR, AHB1ENR_GPIOA);
  GPIO_OSPEEDR(GPIOA_BASE) |= (3u << 4) | (3u << 6);
  GPIO_PUPDR(GPIOA_BASE) &= ~((3u << 4) | (3u << 6));
  GPIO_AFRL(GPIOA_BASE) = (GPIO_AFRL(GPIOA_BASE) & ~(0xFFu << 8)) | (0x77u << 8);
  GPIO_MODER(GPIOA_BASE) = (GPIO_MODER(GPIOA_BASE) & ~(0xFu << 4)) | (0xAu << 4);
  /* HAL_UART_Init: UE off, 8N1, BRR = PCLK1 / 115200 (oversampling 16), TE|RE, UE on. */
  USART_CR1 &= ~CR1_UE;
  USART_CR2 = 0;
  USART_CR3 = 0;
  USART_BRR = (pclk1_hz + 115200u / 2u) / 115200u;
  USART_CR1 = CR1_TE | CR1_RE;
  USART_CR1 |= CR1_UE;
  hal_uart_ready();
}

void series_uart_write(const char *buf, int len) {
  /* HAL_UART_Transmit: TXE before each byte, TC at the end, 100 ms each;
   * on timeout there is nowhere to print, so straight to Error_Handler. */
  for (int i = 0; i < len; i++) {
    uart_wait(&USART_SR, SR_TXE);
    USART_DR = (uint8_t)buf[i];
  }
  uart_wait(&USART_SR, SR_TC);
}

void series_tim2_enable_clock(void) { rcc_enable(&RCC_APB1ENR, APB1ENR_TIM2); }

uint32_t series_tim2_clock(void) {
  return ((RCC_CFGR >> CFGR_PPRE1_SHIFT) & 7u) < 4u ? pclk1_hz : 2u * pclk1_hz;
}

/* CRC unit and RNG (crc_rng_main.c). RM0090: CRC on AHB1 at 0x40023000
 * (AHB1ENR.CRCEN bit 12), the basic unit (fixed polynomial, word input);
 * RNG on AHB2 at 0x50060800 (AHB2ENR.RNGEN bit 6), clocked by PLL48CLK. */
const uint32_t series_crc_base = 0x40023000u, series_rng_base = 0x50060800u;
const int series_crc_programmable = 0;
#define RCC_AHB2ENR_CRC_RNG REG32(RCC_BASE + 0x34u)
void series_crc_rng_clocks(void) {
  rcc_enable(&RCC_AHB1ENR, 1u << 12); /* __HAL_RCC_CRC_CLK_ENABLE */
  rcc_enable(&RCC_AHB2ENR_CRC_RNG, 1u << 6); /* __HAL_RCC_RNG_CLK_ENABLE */
  printf("rcc: AHB1ENR.CRCEN %lu, AHB2ENR.RNGEN %lu\n", (unsigned long)((RCC_AHB1ENR >> 12) & 1u),
         (unsigned long)((RCC_AHB2ENR_CRC_RNG >> 6) & 1u));
}

/* STM32L4R5 (NUCLEO-L4R5ZI) at the register level, in the order and shapes
 * of the STM32CubeL4 HAL: reset clock MSI 4 MHz; Range 1 boost (PWR_CR5.R1MODE
 * cleared, VOSF waited), HSI16 on (HSIRDY), PLL from HSI16 (M 2, N 30, R 2:
 * VCO 240 MHz) -> 120 MHz, 5 Flash wait states, AHB passing through /2 across
 * the switch as the HAL does above 80 MHz, APB1/APB2 /1. LPUART1 (PG7/PG8,
 * AF8, VddIO2 enabled; kernel clock PCLK1) with the TEACK/REACK idle check,
 * LED LD2 on PB7. Register facts from RM0432. */
#include <stdio.h>

#include "hal_lite.h"

const char series_board[] = "stm32l4r5";
#define HSI_HZ 16000000u
uint32_t SystemCoreClock = 4000000u;

#define RCC_BASE 0x40021000u
#define RCC_CR REG32(RCC_BASE + 0x00u)
#define RCC_CFGR REG32(RCC_BASE + 0x08u)
#define RCC_PLLCFGR REG32(RCC_BASE + 0x0Cu)
#define RCC_AHB2ENR REG32(RCC_BASE + 0x4Cu)
#define RCC_APB1ENR1 REG32(RCC_BASE + 0x58u)
#define RCC_APB1ENR2 REG32(RCC_BASE + 0x5Cu)
#define RCC_APB2ENR REG32(RCC_BASE + 0x60u)
#define RCC_CCIPR REG32(RCC_BASE + 0x88u)
#define RCC_CSR REG32(RCC_BASE + 0x94u)
#define CR_MSION (1u << 0)
#define CR_MSIRDY (1u << 1)
#define CR_MSIRGSEL (1u << 3)
#define CR_HSION (1u << 8)
#define CR_HSIRDY (1u << 10)
#define CR_HSEON (1u << 16)
#define CR_HSERDY (1u << 17)
#define CR_PLLON (1u << 24)
#define CR_PLLRDY (1u << 25)
#define CFGR_SW_MASK 3u
#define CFGR_SW_PLL 3u
#define CFGR_SWS_SHIFT 2
#define CFGR_HPRE_SHIFT 4
#define CFGR_PPRE1_SHIFT 8
#define CFGR_PPRE2_SHIFT 11
#define PLLCFGR_SRC_HSI16 2u
#define PLLCFGR_FIELDS 0xFE627FF3u /* PLLPDIV, PLLR, PLLQ, PLLP, PLLN, PLLM, PLLSRC */
#define PLLCFGR_PLLREN (1u << 24)
#define CCIPR_LPUART1SEL_MASK (3u << 10)
#define AHB2ENR_GPIOB (1u << 1)
#define AHB2ENR_GPIOG (1u << 6)
#define APB1ENR1_TIM2 (1u << 0)
#define APB1ENR1_PWR (1u << 28)
#define APB1ENR2_LPUART1 (1u << 0)
#define APB2ENR_SYSCFG (1u << 0)

#define PWR_CR1 REG32(0x40007000u)
#define PWR_CR2 REG32(0x40007004u)
#define PWR_SR2 REG32(0x40007014u)
#define PWR_CR5 REG32(0x40007080u)
#define PWR_CR1_VOS_MASK (3u << 9)
#define PWR_CR1_VOS_RANGE1 (1u << 9)
#define PWR_CR2_IOSV (1u << 9)
#define PWR_SR2_VOSF (1u << 10)
#define PWR_CR5_R1MODE (1u << 8)

#define FLASH_ACR REG32(0x40022000u)
#define ACR_LATENCY_MASK 0xFu
#define ACR_ICEN (1u << 9)
#define ACR_DCEN (1u << 10)

#define DBGMCU_IDCODE REG32(0xE0042000u)

#define GPIOB_BASE 0x48000400u
#define GPIOG_BASE 0x48001800u
#define GPIO_MODER(b) REG32((b) + 0x00u)
#define GPIO_OTYPER(b) REG32((b) + 0x04u)
#define GPIO_OSPEEDR(b) REG32((b) + 0x08u)
#define GPIO_PUPDR(b) REG32((b) + 0x0Cu)
#define GPIO_ODR(b) REG32((b) + 0x14u)
#define GPIO_BSRR(b) REG32((b) + 0x18u)
#define GPIO_AFRL(b) REG32((b) + 0x20u)
#define GPIO_AFRH(b) REG32((b) + 0x24u)

#define LPUART1_BASE 0x40008000u
#define USART_CR1 REG32(LPUART1_BASE + 0x00u)
#define USART_CR2 REG32(LPUART1_BASE + 0x04u)
#define USART_CR3 REG32(LPUART1_BASE + 0x08u)
#define USART_BRR REG32(LPUART1_BASE + 0x0Cu)
#define USART_ISR REG32(LPUART1_BASE + 0x1Cu)
#define USART_TDR REG32(LPUART1_BASE + 0x28u)
#define USART_PRESC REG32(LPUART1_BASE + 0x2Cu)
#define CR1_UE (1u << 0)
#define CR1_RE (1u << 2)
#define CR1_TE (1u << 3)
#define ISR_TC (1u << 6)
#define ISR_TXE (1u << 7)
#define ISR_TEACK (1u << 21)
#define ISR_REACK (1u << 22)

static const uint32_t msi_range_hz[12] = {100000,  200000,  400000,  800000,  1000000,  2000000,
                                          4000000, 8000000, 16000000, 24000000, 32000000, 48000000};
static const uint8_t ahb_shift[16] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 6, 7, 8, 9};
static const uint8_t apb_shift[8] = {0, 0, 0, 0, 1, 2, 3, 4};
static uint32_t sysclk_hz, hclk_hz, pclk1_hz, pclk2_hz;

void SystemInit(void) {
  SCB_CPACR |= (3u << 20) | (3u << 22);
}

/* HAL_Init: instruction and data cache on (PREFETCH_ENABLE is 0 in the template). */
void series_flash_accelerator(void) { FLASH_ACR |= ACR_ICEN | ACR_DCEN; }

static volatile uint32_t readback_sink;
static void rcc_enable(volatile uint32_t *reg, uint32_t bits) {
  *reg |= bits;
  readback_sink = *reg & bits; /* "delay after an RCC peripheral clock enabling" */
}

void series_msp_init(void) {
  rcc_enable(&RCC_APB2ENR, APB2ENR_SYSCFG);
  rcc_enable(&RCC_APB1ENR1, APB1ENR1_PWR);
}

static uint32_t msi_hz(void) {
  uint32_t range = (RCC_CR & CR_MSIRGSEL) ? (RCC_CR >> 4) & 0xFu : (RCC_CSR >> 8) & 0xFu;
  return range < 12u ? msi_range_hz[range] : 0u;
}

void series_clock_config(void) {
  /* HAL_PWREx_ControlVoltageScaling(PWR_REGULATOR_VOLTAGE_SCALE1_BOOST): already Range 1 at reset,
   * so only R1MODE is cleared; VOSF is waited for in case it was Range 2. */
  rcc_enable(&RCC_APB1ENR1, APB1ENR1_PWR);
  if ((PWR_CR1 & PWR_CR1_VOS_MASK) != PWR_CR1_VOS_RANGE1) {
    PWR_CR5 &= ~PWR_CR5_R1MODE;
    PWR_CR1 = (PWR_CR1 & ~PWR_CR1_VOS_MASK) | PWR_CR1_VOS_RANGE1;
  } else {
    PWR_CR5 &= ~PWR_CR5_R1MODE;
  }
  wait_clear(PWR_SR2, PWR_SR2_VOSF, 2, "PWR_SR2.VOSF (bit 10)");

  /* HAL_RCC_OscConfig: HSI16, then the PLL (off, configure, on, R output). */
  RCC_CR |= CR_HSION;
  wait_set(RCC_CR, CR_HSIRDY, 2, "RCC_CR.HSIRDY (bit 10)");
  if (((RCC_CFGR >> CFGR_SWS_SHIFT) & 3u) != CFGR_SW_PLL) {
    RCC_CR &= ~CR_PLLON;
    wait_clear(RCC_CR, CR_PLLRDY, 2, "RCC_CR.PLLRDY (bit 25)");
    RCC_PLLCFGR = (RCC_PLLCFGR & ~PLLCFGR_FIELDS) | PLLCFGR_SRC_HSI16 | ((2u - 1u) << 4) | (30u << 8) |
                  (2u << 27) /* PLLPDIV /2 */ | (((2u >> 1) - 1u) << 21) /* Q /2 */ | (((2u >> 1) - 1u) << 25);
    RCC_CR |= CR_PLLON;
    RCC_PLLCFGR |= PLLCFGR_PLLREN;
    wait_set(RCC_CR, CR_PLLRDY, 2, "RCC_CR.PLLRDY (bit 25)");
  }

  /* HAL_RCC_ClockConfig(FLASH_LATENCY_5) */
  if (5u > (FLASH_ACR & ACR_LATENCY_MASK)) {
    FLASH_ACR = (FLASH_ACR & ~ACR_LATENCY_MASK) | 5u;
    if ((FLASH_ACR & ACR_LATENCY_MASK) != 5u) fail("FLASH_ACR.LATENCY does not read back 5");
  }
  if (!(RCC_CR & CR_PLLRDY)) fail("PLL not ready at the SYSCLK switch");
  /* Above 80 MHz the HAL passes through AHB /2 for the switch. */
  RCC_CFGR = (RCC_CFGR & ~(0xFu << CFGR_HPRE_SHIFT)) | (8u << CFGR_HPRE_SHIFT);
  RCC_CFGR = (RCC_CFGR & ~CFGR_SW_MASK) | CFGR_SW_PLL;
  wait_bits(&RCC_CFGR, 3u << CFGR_SWS_SHIFT, CFGR_SW_PLL << CFGR_SWS_SHIFT, 5000, "RCC_CFGR.SWS (bits 3:2) = PLL");
  RCC_CFGR = (RCC_CFGR & ~(0xFu << CFGR_HPRE_SHIFT)) | (0u << CFGR_HPRE_SHIFT);
  RCC_CFGR = (RCC_CFGR & ~(7u << CFGR_PPRE1_SHIFT)) | (0u << CFGR_PPRE1_SHIFT);
  RCC_CFGR = (RCC_CFGR & ~(7u << CFGR_PPRE2_SHIFT)) | (0u << CFGR_PPRE2_SHIFT);
  series_update_clocks();
  hal_init_tick(SystemCoreClock);
}

/* HAL_RCC_GetSysClockFreq and the bus clocks, from the registers. */
void series_update_clocks(void) {
  uint32_t cfgr = RCC_CFGR;
  switch ((cfgr >> CFGR_SWS_SHIFT) & 3u) {
    case 0: sysclk_hz = msi_hz(); break;
    case 1: sysclk_hz = HSI_HZ; break;
    case 3: {
      uint32_t pll = RCC_PLLCFGR, src_sel = pll & 3u;
      uint32_t src = src_sel == 1u ? msi_hz() : src_sel == 2u ? HSI_HZ : 0u;
      uint32_t m = ((pll >> 4) & 0xFu) + 1u, n = (pll >> 8) & 0x7Fu, r = (((pll >> 25) & 3u) + 1u) * 2u;
      sysclk_hz = (uint32_t)((uint64_t)src / m * n / r);
      break;
    }
    default: sysclk_hz = 0; break; /* HSE: the Nucleo has none fitted */
  }
  hclk_hz = sysclk_hz >> ahb_shift[(cfgr >> CFGR_HPRE_SHIFT) & 0xFu];
  pclk1_hz = hclk_hz >> apb_shift[(cfgr >> CFGR_PPRE1_SHIFT) & 7u];
  pclk2_hz = hclk_hz >> apb_shift[(cfgr >> CFGR_PPRE2_SHIFT) & 7u];
  SystemCoreClock = hclk_hz;
}

void series_report_clocks(void) {
  static const char *const src[4] = {"MSI", "HSI16", "HSE", "PLL"};
  printf("clock: SYSCLK %lu Hz from %s, HCLK %lu, PCLK1 %lu, PCLK2 %lu\n", (unsigned long)sysclk_hz,
         src[(RCC_CFGR >> CFGR_SWS_SHIFT) & 3u], (unsigned long)hclk_hz, (unsigned long)pclk1_hz,
         (unsigned long)pclk2_hz);
  printf("rcc: CR on/ready bits 0x%08lx, PLLCFGR 0x%08lx, CFGR 0x%08lx, CCIPR.LPUART1SEL %lu\n",
         (unsigned long)(RCC_CR & (CR_MSION | CR_MSIRDY | CR_HSION | CR_HSIRDY | CR_HSEON | CR_HSERDY | CR_PLLON |
                                   CR_PLLRDY)),
         (unsigned long)RCC_PLLCFGR, (unsigned long)RCC_CFGR, (unsigned long)((RCC_CCIPR >> 10) & 3u));
  printf("rcc: enabled AHB2ENR 0x%08lx, APB1ENR1 0x%08lx, APB1ENR2 0x%08lx, APB2ENR 0x%08lx\n",
         (unsigned long)(RCC_AHB2ENR & (AHB2ENR_GPIOB | AHB2ENR_GPIOG)),
         (unsigned long)(RCC_APB1ENR1 & (APB1ENR1_PWR | APB1ENR1_TIM2)),
         (unsigned long)(RCC_APB1ENR2 & APB1ENR2_LPUART1), (unsigned long)(RCC_APB2ENR & APB2ENR_SYSCFG));
  printf("flash: ACR 0x%08lx\n", (unsigned long)FLASH_ACR);
  printf("pwr: CR1 0x%08lx, CR5 0x%08lx, CR2.IOSV %lu\n", (unsigned long)PWR_CR1, (unsigned long)PWR_CR5,
         (unsigned long)((PWR_CR2 >> 9) & 1u));
  printf("lpuart1: BRR 0x%08lx, CR1 0x%08lx, ISR.TEACK %lu, ISR.REACK %lu\n", (unsigned long)USART_BRR,
         (unsigned long)USART_CR1, (unsigned long)((USART_ISR >> 21) & 1u), (unsigned long)((USART_ISR >> 22) & 1u));
}

uint32_t series_devid(void) { return DBGMCU_IDCODE & 0xFFFu; }

void series_gpio_test(void) {
  rcc_enable(&RCC_AHB2ENR, AHB2ENR_GPIOB);
  const uint32_t pin = 7u, bit = 1u << pin;
  GPIO_BSRR(GPIOB_BASE) = bit << 16;
  GPIO_OSPEEDR(GPIOB_BASE) &= ~(3u << (2 * pin));
  GPIO_OTYPER(GPIOB_BASE) &= ~bit;
  GPIO_PUPDR(GPIOB_BASE) &= ~(3u << (2 * pin));
  GPIO_MODER(GPIOB_BASE) = (GPIO_MODER(GPIOB_BASE) & ~(3u << (2 * pin))) | (1u << (2 * pin));
  GPIO_BSRR(GPIOB_BASE) = bit;
  uint32_t after_set = GPIO_ODR(GPIOB_BASE) & bit;
  GPIO_BSRR(GPIOB_BASE) = bit << 16;
  uint32_t after_reset = GPIO_ODR(GPIOB_BASE) & bit;
  uint32_t odr = GPIO_ODR(GPIOB_BASE); /* HAL_GPIO_TogglePin */
  GPIO_BSRR(GPIOB_BASE) = ((odr & bit) << 16) | (~odr & bit);
  uint32_t after_toggle = GPIO_ODR(GPIOB_BASE) & bit;
  printf("gpio: GPIOB MODER 0x%08lx, PB7 ODR after set 0x%lx, reset 0x%lx, toggle 0x%lx\n",
         (unsigned long)GPIO_MODER(GPIOB_BASE), (unsigned long)after_set, (unsigned long)after_reset,
         (unsigned long)after_toggle);
}

void series_uart_init(void) {
  /* HAL_RCCEx_PeriphCLKConfig: LPUART1 kernel clock = PCLK1. */
  RCC_CCIPR = (RCC_CCIPR & ~CCIPR_LPUART1SEL_MASK) | 0u;
  /* HAL_UART_MspInit: clocks, VddIO2 for port G, PG7 (TX) / PG8 (RX) AF8. */
  rcc_enable(&RCC_APB1ENR2, APB1ENR2_LPUART1);
  rcc_enable(&RCC_AHB2ENR, AHB2ENR_GPIOG);
  rcc_enable(&RCC_APB1ENR1, APB1ENR1_PWR);
  PWR_CR2 |= PWR_CR2_IOSV; /* HAL_PWREx_EnableVddIO2 */
  GPIO_OSPEEDR(GPIOG_BASE) |= (3u << 14) | (3u << 16);
  GPIO_PUPDR(GPIOG_BASE) &= ~((3u << 14) | (3u << 16));
  GPIO_AFRL(GPIOG_BASE) = (GPIO_AFRL(GPIOG_BASE) & ~(0xFu << 28)) | (8u << 28);
  GPIO_AFRH(GPIOG_BASE) = (GPIO_AFRH(GPIOG_BASE) & ~0xFu) | 8u;
  GPIO_MODER(GPIOG_BASE) = (GPIO_MODER(GPIOG_BASE) & ~((3u << 14) | (3u << 16))) | (2u << 14) | (2u << 16);
  /* HAL_UART_Init for an LPUART: BRR = 256 * PCLK1 / baud (rounded), PRESC /1,
   * then UART_CheckIdleState (HAL timeout 0x1FFFFFF ms; 1000 here). */
  USART_CR1 &= ~CR1_UE;
  USART_CR1 = CR1_TE | CR1_RE;
  USART_CR2 = 0;
  USART_CR3 = 0;
  USART_PRESC = 0;
  USART_BRR = (uint32_t)(((uint64_t)pclk1_hz * 256u + 115200u / 2u) / 115200u);
  USART_CR1 |= CR1_UE;
  wait_set(USART_ISR, ISR_TEACK, 1000, "LPUART1_ISR.TEACK (bit 21)");
  wait_set(USART_ISR, ISR_REACK, 1000, "LPUART1_ISR.REACK (bit 22)");
  hal_uart_ready();
}

void series_uart_write(const char *buf, int len) {
  for (int i = 0; i < len; i++) {
    uart_wait(&USART_ISR, ISR_TXE);
    USART_TDR = (uint8_t)buf[i];
  }
  uart_wait(&USART_ISR, ISR_TC);
}

void series_tim2_enable_clock(void) { rcc_enable(&RCC_APB1ENR1, APB1ENR1_TIM2); }

uint32_t series_tim2_clock(void) {
  return ((RCC_CFGR >> CFGR_PPRE1_SHIFT) & 7u) < 4u ? pclk1_hz : 2u * pclk1_hz;
}

/* CRC unit and RNG (crc_rng_main.c). RM0432: CRC on AHB1 at 0x40023000
 * (AHB1ENR.CRCEN bit 12), programmable; RNG on AHB2 at 0x50060800
 * (AHB2ENR.RNGEN bit 18) clocked by CLK48 from HSI48 (CCIPR.CLK48SEL 27:26
 * = 0, CRRCR.HSI48ON bit 0, HSI48RDY bit 1). */
const uint32_t series_crc_base = 0x40023000u, series_rng_base = 0x50060800u;
const int series_crc_programmable = 1;
#define RCC_AHB1ENR_CRC REG32(RCC_BASE + 0x48u)
#define RCC_CRRCR_HSI48 REG32(RCC_BASE + 0x98u)
void series_crc_rng_clocks(void) {
  RCC_CRRCR_HSI48 |= 1u << 0;
  wait_set(RCC_CRRCR_HSI48, 1u << 1, 2, "RCC_CRRCR.HSI48RDY (bit 1)");
  RCC_CCIPR &= ~(3u << 26);
  rcc_enable(&RCC_AHB1ENR_CRC, 1u << 12);
  rcc_enable(&RCC_AHB2ENR, 1u << 18);
  printf("rcc: AHB1ENR.CRCEN %lu, AHB2ENR.RNGEN %lu, CRRCR.HSI48RDY %lu\n", (unsigned long)((RCC_AHB1ENR_CRC >> 12) & 1u),
         (unsigned long)((RCC_AHB2ENR >> 18) & 1u), (unsigned long)((RCC_CRRCR_HSI48 >> 1) & 1u));
}

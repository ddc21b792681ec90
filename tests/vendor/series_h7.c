/* STM32H743 (NUCLEO-H743ZI) at the register level, in the order and shapes
 * of the STM32CubeH7 HAL and CMSIS SystemInit: HSE 8 MHz in bypass (the
 * ST-LINK's MCO, as on the Nucleo) -> PLL1 (M 1, N 120, P 2, Q 4, R 2; input
 * range 8-16 MHz, wide VCO at 960 MHz) -> 480 MHz at VOS0 (LDO supply,
 * D3CR.VOS scale 1 + SYSCFG_PWRCR.ODEN), CPU /1, AXI/AHB /2 (240 MHz),
 * APB1..4 /2 (120 MHz), 4 Flash wait states. USART3 (PD8/PD9, AF7; kernel
 * clock PCLK1) with the TEACK/REACK idle check, LED LD1 on PB0.
 * Register facts from RM0433 (rev V devices: VOS0 needs them). */
#include <stdio.h>

#include "hal_lite.h"

const char series_board[] = "stm32h743";
#define HSE_HZ 8000000u
#define HSI_HZ 64000000u
uint32_t SystemCoreClock = HSI_HZ;

#define RCC_BASE 0x58024400u
#define RCC_CR REG32(RCC_BASE + 0x00u)
#define RCC_CFGR REG32(RCC_BASE + 0x10u)
#define RCC_D1CFGR REG32(RCC_BASE + 0x18u)
#define RCC_D2CFGR REG32(RCC_BASE + 0x1Cu)
#define RCC_D3CFGR REG32(RCC_BASE + 0x20u)
#define RCC_PLLCKSELR REG32(RCC_BASE + 0x28u)
#define RCC_PLLCFGR REG32(RCC_BASE + 0x2Cu)
#define RCC_PLL1DIVR REG32(RCC_BASE + 0x30u)
#define RCC_PLL1FRACR REG32(RCC_BASE + 0x34u)
#define RCC_PLL2DIVR REG32(RCC_BASE + 0x38u)
#define RCC_PLL2FRACR REG32(RCC_BASE + 0x3Cu)
#define RCC_PLL3DIVR REG32(RCC_BASE + 0x40u)
#define RCC_PLL3FRACR REG32(RCC_BASE + 0x44u)
#define RCC_D2CCIP2R REG32(RCC_BASE + 0x54u)
#define RCC_CIER REG32(RCC_BASE + 0x60u)
#define RCC_AHB3ENR REG32(RCC_BASE + 0xD4u)
#define RCC_AHB4ENR REG32(RCC_BASE + 0xE0u)
#define RCC_APB1LENR REG32(RCC_BASE + 0xE8u)
#define RCC_APB4ENR REG32(RCC_BASE + 0xF4u)
#define CR_HSION (1u << 0)
#define CR_HSIRDY (1u << 2)
#define CR_HSIDIV_SHIFT 3
#define CR_HSEON (1u << 16)
#define CR_HSERDY (1u << 17)
#define CR_HSEBYP (1u << 18)
#define CR_PLL1ON (1u << 24)
#define CR_PLL1RDY (1u << 25)
#define CFGR_SW_MASK 7u
#define CFGR_SW_PLL1 3u
#define CFGR_SWS_SHIFT 3
#define PLLCKSELR_PLLSRC_HSE 2u
#define PLLCFGR_PLL1FRACEN (1u << 0)
#define PLLCFGR_PLL1VCOSEL (1u << 1)
#define PLLCFGR_PLL1RGE_MASK (3u << 2)
#define PLLCFGR_PLL1RGE_8_16MHZ (3u << 2)
#define PLLCFGR_DIVP1EN (1u << 16)
#define PLLCFGR_DIVQ1EN (1u << 17)
#define PLLCFGR_DIVR1EN (1u << 18)
#define AHB3ENR_FMC (1u << 12)
#define AHB4ENR_GPIOB (1u << 1)
#define AHB4ENR_GPIOD (1u << 3)
#define APB1LENR_TIM2 (1u << 0)
#define APB1LENR_USART3 (1u << 18)
#define APB4ENR_SYSCFG (1u << 1)

#define PWR_BASE 0x58024800u
#define PWR_CSR1 REG32(PWR_BASE + 0x04u)
#define PWR_CR3 REG32(PWR_BASE + 0x0Cu)
#define PWR_D3CR REG32(PWR_BASE + 0x18u)
#define PWR_CSR1_ACTVOSRDY (1u << 13)
#define PWR_CR3_BYPASS (1u << 0)
#define PWR_CR3_LDOEN (1u << 1)
#define PWR_CR3_SCUEN (1u << 2)
#define PWR_D3CR_VOSRDY (1u << 13)
#define PWR_D3CR_VOS_MASK (3u << 14)
#define PWR_D3CR_VOS_SCALE1 (3u << 14)

#define SYSCFG_PWRCR REG32(0x58000400u + 0x2Cu)
#define SYSCFG_PWRCR_ODEN (1u << 0)

#define FLASH_ACR REG32(0x52002000u)
#define ACR_LATENCY_MASK 0xFu
#define FLASH_LATENCY_DEFAULT 7u

#define FMC_BCR1 REG32(0x52004000u)
#define AXI_TARG7_FN_MOD REG32(0x51008108u)
#define DBGMCU_IDCODE REG32(0x5C001000u)

#define GPIOB_BASE 0x58020400u
#define GPIOD_BASE 0x58020C00u
#define GPIO_MODER(b) REG32((b) + 0x00u)
#define GPIO_OTYPER(b) REG32((b) + 0x04u)
#define GPIO_OSPEEDR(b) REG32((b) + 0x08u)
#define GPIO_PUPDR(b) REG32((b) + 0x0Cu)
#define GPIO_ODR(b) REG32((b) + 0x14u)
#define GPIO_BSRR(b) REG32((b) + 0x18u)
#define GPIO_AFRH(b) REG32((b) + 0x24u)

#define USART3_BASE 0x40004800u
#define USART_CR1 REG32(USART3_BASE + 0x00u)
#define USART_CR2 REG32(USART3_BASE + 0x04u)
#define USART_CR3 REG32(USART3_BASE + 0x08u)
#define USART_BRR REG32(USART3_BASE + 0x0Cu)
#define USART_ISR REG32(USART3_BASE + 0x1Cu)
#define USART_TDR REG32(USART3_BASE + 0x28u)
#define USART_PRESC REG32(USART3_BASE + 0x2Cu)
#define CR1_UE (1u << 0)
#define CR1_RE (1u << 2)
#define CR1_TE (1u << 3)
#define ISR_TC (1u << 6)
#define ISR_TXE (1u << 7)
#define ISR_TEACK (1u << 21)
#define ISR_REACK (1u << 22)

static const uint8_t ahb_shift[16] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 6, 7, 8, 9};
static const uint8_t apb_shift[8] = {0, 0, 0, 0, 1, 2, 3, 4};
static uint32_t sysclk_hz, cpu_hz, hclk_hz, pclk1_hz;

/* CMSIS SystemInit for the H7: runs before .data/.bss exist, so no globals. */
void SystemInit(void) {
  SCB_CPACR |= (3u << 20) | (3u << 22);
  if (FLASH_LATENCY_DEFAULT > (FLASH_ACR & ACR_LATENCY_MASK))
    FLASH_ACR = (FLASH_ACR & ~ACR_LATENCY_MASK) | FLASH_LATENCY_DEFAULT;
  RCC_CR |= CR_HSION;
  RCC_CFGR = 0;
  RCC_CR &= 0xEAF6ED7Fu; /* HSEON, HSECSSON, CSION, HSI48ON, CSIKERON, PLLxON off */
  RCC_D1CFGR = 0;
  RCC_D2CFGR = 0;
  RCC_D3CFGR = 0;
  RCC_PLLCKSELR = 0x02020200u;
  RCC_PLLCFGR = 0x01FF0000u;
  RCC_PLL1DIVR = 0x01010280u;
  RCC_PLL1FRACR = 0;
  RCC_PLL2DIVR = 0x01010280u;
  RCC_PLL2FRACR = 0;
  RCC_PLL3DIVR = 0x01010280u;
  RCC_PLL3FRACR = 0;
  RCC_CR &= ~CR_HSEBYP;
  RCC_CIER = 0;
  if ((DBGMCU_IDCODE & 0xFFFF0000u) < 0x20000000u) AXI_TARG7_FN_MOD = 1u; /* rev Y AXI fix */
  /* Disable the FMC bank 1 (enabled after reset, it would answer speculative reads). */
  RCC_AHB3ENR |= AHB3ENR_FMC;
  (void)RCC_AHB3ENR;
  FMC_BCR1 = 0x000030D2u;
  RCC_AHB3ENR &= ~AHB3ENR_FMC;
}

void series_flash_accelerator(void) {} /* the H7 HAL_Init has no ART/prefetch step */

static volatile uint32_t readback_sink;
static void rcc_enable(volatile uint32_t *reg, uint32_t bits) {
  *reg |= bits;
  readback_sink = *reg & bits; /* "delay after an RCC peripheral clock enabling" */
}

void series_msp_init(void) { rcc_enable(&RCC_APB4ENR, APB4ENR_SYSCFG); }

void series_clock_config(void) {
  /* HAL_PWREx_ConfigSupply(PWR_LDO_SUPPLY) */
  if (!(PWR_CR3 & PWR_CR3_SCUEN)) fail("PWR_CR3.SCUEN reads 0: supply configuration locked");
  PWR_CR3 = (PWR_CR3 & ~(PWR_CR3_SCUEN | PWR_CR3_LDOEN | PWR_CR3_BYPASS)) | PWR_CR3_LDOEN;
  wait_set(PWR_CSR1, PWR_CSR1_ACTVOSRDY, 1000, "PWR_CSR1.ACTVOSRDY (bit 13)");
  /* __HAL_PWR_VOLTAGESCALING_CONFIG(PWR_REGULATOR_VOLTAGE_SCALE0) */
  PWR_D3CR = (PWR_D3CR & ~PWR_D3CR_VOS_MASK) | PWR_D3CR_VOS_SCALE1;
  readback_sink = PWR_D3CR & PWR_D3CR_VOS_MASK;
  rcc_enable(&RCC_APB4ENR, APB4ENR_SYSCFG);
  SYSCFG_PWRCR |= SYSCFG_PWRCR_ODEN;
  readback_sink = SYSCFG_PWRCR & SYSCFG_PWRCR_ODEN;
  /* CubeMX: while(!__HAL_PWR_GET_FLAG(PWR_FLAG_VOSRDY)) {} -- no timeout there; 1000 ms here. */
  wait_set(PWR_D3CR, PWR_D3CR_VOSRDY, 1000, "PWR_D3CR.VOSRDY (bit 13)");

  /* HAL_RCC_OscConfig: HSE in bypass, then PLL1 (off, configure, on). */
  RCC_CR |= CR_HSEBYP;
  RCC_CR |= CR_HSEON;
  wait_set(RCC_CR, CR_HSERDY, 100, "RCC_CR.HSERDY (bit 17)");
  if (((RCC_CFGR >> CFGR_SWS_SHIFT) & 7u) != CFGR_SW_PLL1) {
    RCC_CR &= ~CR_PLL1ON;
    wait_clear(RCC_CR, CR_PLL1RDY, 2, "RCC_CR.PLL1RDY (bit 25)");
    RCC_PLLCKSELR = (RCC_PLLCKSELR & ~((0x3Fu << 4) | 3u)) | PLLCKSELR_PLLSRC_HSE | (1u << 4);
    RCC_PLL1DIVR = (120u - 1u) | ((2u - 1u) << 9) | ((4u - 1u) << 16) | ((2u - 1u) << 24);
    RCC_PLLCFGR &= ~PLLCFGR_PLL1FRACEN;
    RCC_PLL1FRACR = (RCC_PLL1FRACR & ~(0x1FFFu << 3)) | (0u << 3);
    RCC_PLLCFGR = (RCC_PLLCFGR & ~PLLCFGR_PLL1RGE_MASK) | PLLCFGR_PLL1RGE_8_16MHZ;
    RCC_PLLCFGR &= ~PLLCFGR_PLL1VCOSEL; /* wide VCO range */
    RCC_PLLCFGR |= PLLCFGR_DIVP1EN;
    RCC_PLLCFGR |= PLLCFGR_DIVQ1EN;
    RCC_PLLCFGR |= PLLCFGR_DIVR1EN;
    RCC_PLLCFGR |= PLLCFGR_PLL1FRACEN;
    RCC_CR |= CR_PLL1ON;
    wait_set(RCC_CR, CR_PLL1RDY, 2, "RCC_CR.PLL1RDY (bit 25)");
  }

  /* HAL_RCC_ClockConfig(FLASH_LATENCY_4): prescalers that grow first, the
   * switch, then the latency that shrinks (7 at reset -> 4). */
  RCC_D1CFGR = (RCC_D1CFGR & ~(7u << 4)) | (4u << 4);   /* D1PPRE /2 */
  RCC_D2CFGR = (RCC_D2CFGR & ~(7u << 4)) | (4u << 4);   /* D2PPRE1 /2 */
  RCC_D2CFGR = (RCC_D2CFGR & ~(7u << 8)) | (4u << 8);   /* D2PPRE2 /2 */
  RCC_D3CFGR = (RCC_D3CFGR & ~(7u << 4)) | (4u << 4);   /* D3PPRE /2 */
  RCC_D1CFGR = (RCC_D1CFGR & ~0xFu) | 8u;               /* HPRE /2 */
  RCC_D1CFGR = (RCC_D1CFGR & ~(0xFu << 8)) | (0u << 8); /* D1CPRE /1 */
  if (!(RCC_CR & CR_PLL1RDY)) fail("PLL1 not ready at the SYSCLK switch");
  RCC_CFGR = (RCC_CFGR & ~CFGR_SW_MASK) | CFGR_SW_PLL1;
  wait_bits(&RCC_CFGR, 7u << CFGR_SWS_SHIFT, CFGR_SW_PLL1 << CFGR_SWS_SHIFT, 5000, "RCC_CFGR.SWS (bits 5:3) = PLL1");
  if (4u < (FLASH_ACR & ACR_LATENCY_MASK)) {
    FLASH_ACR = (FLASH_ACR & ~ACR_LATENCY_MASK) | 4u;
    if ((FLASH_ACR & ACR_LATENCY_MASK) != 4u) fail("FLASH_ACR.LATENCY does not read back 4");
  }
  series_update_clocks();
  hal_init_tick(SystemCoreClock);
}

/* HAL_RCC_GetSysClockFreq, SystemCoreClock (CPU) and the bus clocks. */
void series_update_clocks(void) {
  switch ((RCC_CFGR >> CFGR_SWS_SHIFT) & 7u) {
    case 2: sysclk_hz = HSE_HZ; break;
    case 3: {
      uint32_t m = (RCC_PLLCKSELR >> 4) & 0x3Fu, src_sel = RCC_PLLCKSELR & 3u;
      uint32_t src = src_sel == 2u ? HSE_HZ : src_sel == 0u ? HSI_HZ >> ((RCC_CR >> CR_HSIDIV_SHIFT) & 3u) : 0u;
      uint32_t div = RCC_PLL1DIVR, n = (div & 0x1FFu) + 1u, p = ((div >> 9) & 0x7Fu) + 1u;
      sysclk_hz = m ? (uint32_t)((uint64_t)src / m * n / p) : 0;
      break;
    }
    case 0: sysclk_hz = HSI_HZ >> ((RCC_CR >> CR_HSIDIV_SHIFT) & 3u); break;
    default: sysclk_hz = 0; break;
  }
  cpu_hz = sysclk_hz >> ahb_shift[(RCC_D1CFGR >> 8) & 0xFu];
  hclk_hz = cpu_hz >> ahb_shift[RCC_D1CFGR & 0xFu];
  pclk1_hz = hclk_hz >> apb_shift[(RCC_D2CFGR >> 4) & 7u];
  SystemCoreClock = cpu_hz;
}

void series_report_clocks(void) {
  static const char *const src[8] = {"HSI", "CSI", "HSE", "PLL1", "?", "?", "?", "?"};
  printf("clock: SYSCLK %lu Hz from %s, CPU %lu, HCLK %lu, PCLK1 %lu\n", (unsigned long)sysclk_hz,
         src[(RCC_CFGR >> CFGR_SWS_SHIFT) & 7u], (unsigned long)cpu_hz, (unsigned long)hclk_hz,
         (unsigned long)pclk1_hz);
  printf("rcc: CR on/ready bits 0x%08lx, CFGR 0x%08lx, D1CFGR 0x%08lx, D2CFGR 0x%08lx, D3CFGR 0x%08lx\n",
         (unsigned long)(RCC_CR & (CR_HSION | CR_HSIRDY | CR_HSEON | CR_HSERDY | CR_HSEBYP | CR_PLL1ON | CR_PLL1RDY)),
         (unsigned long)RCC_CFGR, (unsigned long)RCC_D1CFGR, (unsigned long)RCC_D2CFGR, (unsigned long)RCC_D3CFGR);
  printf("rcc: PLLCKSELR 0x%08lx, PLLCFGR 0x%08lx, PLL1DIVR 0x%08lx, PLL1FRACR 0x%08lx, D2CCIP2R 0x%08lx\n",
         (unsigned long)RCC_PLLCKSELR, (unsigned long)RCC_PLLCFGR, (unsigned long)RCC_PLL1DIVR,
         (unsigned long)RCC_PLL1FRACR, (unsigned long)RCC_D2CCIP2R);
  printf("rcc: enabled AHB4ENR 0x%08lx, APB1LENR 0x%08lx, APB4ENR 0x%08lx, AHB3ENR.FMCEN %lu\n",
         (unsigned long)(RCC_AHB4ENR & (AHB4ENR_GPIOB | AHB4ENR_GPIOD)),
         (unsigned long)(RCC_APB1LENR & (APB1LENR_TIM2 | APB1LENR_USART3)),
         (unsigned long)(RCC_APB4ENR & APB4ENR_SYSCFG), (unsigned long)((RCC_AHB3ENR >> 12) & 1u));
  printf("flash: ACR.LATENCY %lu\n", (unsigned long)(FLASH_ACR & ACR_LATENCY_MASK));
#ifndef SKIP_CLOCK_CONFIG
  printf("pwr: CR3 0x%08lx, CSR1.ACTVOSRDY %lu, D3CR 0x%08lx, SYSCFG_PWRCR 0x%08lx\n", (unsigned long)PWR_CR3,
         (unsigned long)((PWR_CSR1 >> 13) & 1u), (unsigned long)PWR_D3CR, (unsigned long)SYSCFG_PWRCR);
#endif
  printf("usart3: BRR 0x%08lx, CR1 0x%08lx, ISR.TEACK %lu, ISR.REACK %lu\n", (unsigned long)USART_BRR,
         (unsigned long)USART_CR1, (unsigned long)((USART_ISR >> 21) & 1u), (unsigned long)((USART_ISR >> 22) & 1u));
}

uint32_t series_devid(void) { return DBGMCU_IDCODE & 0xFFFu; }

void series_gpio_test(void) {
  rcc_enable(&RCC_AHB4ENR, AHB4ENR_GPIOB);
  const uint32_t pin = 0u, bit = 1u << pin;
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
  printf("gpio: GPIOB MODER 0x%08lx, PB0 ODR after set 0x%lx, reset 0x%lx, toggle 0x%lx\n",
         (unsigned long)GPIO_MODER(GPIOB_BASE), (unsigned long)after_set, (unsigned long)after_reset,
         (unsigned long)after_toggle);
}

void series_uart_init(void) {
  /* HAL_RCCEx_PeriphCLKConfig: USART2/3/4/5/7/8 kernel clock = PCLK1 (rcc_pclk1). */
  RCC_D2CCIP2R = (RCC_D2CCIP2R & ~7u) | 0u;
  rcc_enable(&RCC_APB1LENR, APB1LENR_USART3);
  rcc_enable(&RCC_AHB4ENR, AHB4ENR_GPIOD);
  GPIO_OSPEEDR(GPIOD_BASE) &= ~(0xFu << 16);
  GPIO_AFRH(GPIOD_BASE) = (GPIO_AFRH(GPIOD_BASE) & ~0xFFu) | 0x77u;
  GPIO_MODER(GPIOD_BASE) = (GPIO_MODER(GPIOD_BASE) & ~(0xFu << 16)) | (0xAu << 16);
  /* HAL_UART_Init: UE off, 8N1 oversampling 16, no FIFO, PRESC /1, BRR, UE
   * on, then UART_CheckIdleState (HAL timeout 0x1FFFFFF ms; 1000 here). */
  USART_CR1 &= ~CR1_UE;
  USART_CR1 = CR1_TE | CR1_RE;
  USART_CR2 = 0;
  USART_CR3 = 0;
  USART_PRESC = 0;
  USART_BRR = (pclk1_hz + 115200u / 2u) / 115200u;
  USART_CR1 |= CR1_UE;
  wait_set(USART_ISR, ISR_TEACK, 1000, "USART3_ISR.TEACK (bit 21)");
  wait_set(USART_ISR, ISR_REACK, 1000, "USART3_ISR.REACK (bit 22)");
  hal_uart_ready();
}

void series_uart_write(const char *buf, int len) {
  for (int i = 0; i < len; i++) {
    uart_wait(&USART_ISR, ISR_TXE);
    USART_TDR = (uint8_t)buf[i];
  }
  uart_wait(&USART_ISR, ISR_TC);
}

void series_tim2_enable_clock(void) { rcc_enable(&RCC_APB1LENR, APB1LENR_TIM2); }

/* TIMPRE = 0: the timers run at PCLK1 when D2PPRE1 is /1, else at 2 x PCLK1. */
uint32_t series_tim2_clock(void) { return ((RCC_D2CFGR >> 4) & 7u) < 4u ? pclk1_hz : 2u * pclk1_hz; }

/* CRC unit and RNG (crc_rng_main.c). RM0433: CRC on AHB4 at 0x58024C00
 * (AHB4ENR.CRCEN bit 19), programmable; RNG on AHB2 at 0x48021800
 * (AHB2ENR.RNGEN bit 6) with its kernel clock from HSI48 (D2CCIP2R.RNGSEL
 * 9:8 = 0, CR.HSI48ON bit 12, HSI48RDY bit 13), as HAL_RCCEx_PeriphCLKConfig
 * leaves it by default. */
const uint32_t series_crc_base = 0x58024C00u, series_rng_base = 0x48021800u;
const int series_crc_programmable = 1;
#define RCC_AHB2ENR_CRC_RNG REG32(RCC_BASE + 0xDCu)
void series_crc_rng_clocks(void) {
  RCC_CR |= 1u << 12;
  wait_set(RCC_CR, 1u << 13, 2, "RCC_CR.HSI48RDY (bit 13)");
  RCC_D2CCIP2R &= ~(3u << 8);
  rcc_enable(&RCC_AHB4ENR, 1u << 19);
  rcc_enable(&RCC_AHB2ENR_CRC_RNG, 1u << 6);
  printf("rcc: AHB4ENR.CRCEN %lu, AHB2ENR.RNGEN %lu, CR.HSI48RDY %lu\n", (unsigned long)((RCC_AHB4ENR >> 19) & 1u),
         (unsigned long)((RCC_AHB2ENR_CRC_RNG >> 6) & 1u), (unsigned long)((RCC_CR >> 13) & 1u));
}

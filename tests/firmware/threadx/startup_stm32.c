/* Start-up in an STM32CubeIDE project's shape (startup_stm32xxxx.s in C):
 * the vector table g_pfnVectors with _estack first, Reset_Handler sets SP,
 * calls SystemInit, copies .data, zeroes .bss and calls main. SystemInit
 * (system_stm32xxxx.c) turns the FPU on and points VTOR at the table.
 * SystemCoreClock is the part's reset clock: this firmware does not set up
 * a PLL (HSI 16 MHz on F4/F7, HSI 64 MHz on H7, MSI 4 MHz on L4+; the MPS2
 * FPGA images run at 25 MHz). Our own code. */
#include <stdint.h>

extern uint32_t _estack, _sidata, _sdata, _edata, _sbss, _ebss;
int main(void);

void Reset_Handler(void) __attribute__((noreturn, naked));
void Default_Handler(void);
void HardFault_Handler(void);
#define WEAK_ALIAS __attribute__((weak, alias("Default_Handler")))
void NMI_Handler(void) WEAK_ALIAS;
void MemManage_Handler(void) WEAK_ALIAS;
void BusFault_Handler(void) WEAK_ALIAS;
void UsageFault_Handler(void) WEAK_ALIAS;
void SVC_Handler(void) WEAK_ALIAS;
void DebugMon_Handler(void) WEAK_ALIAS;
void PendSV_Handler(void);
void SysTick_Handler(void);

#if defined(MCUSIM_BOARD_STM32F407)
uint32_t SystemCoreClock = 16000000u;
#elif defined(MCUSIM_BOARD_STM32F746G_DISCO)
uint32_t SystemCoreClock = 16000000u;
#elif defined(MCUSIM_BOARD_STM32H743)
uint32_t SystemCoreClock = 64000000u;
#elif defined(MCUSIM_BOARD_STM32L4R5)
uint32_t SystemCoreClock = 4000000u;
#else
uint32_t SystemCoreClock = 25000000u;
#endif

typedef void (*vector_t)(void);
#define NUM_IRQS 32
__attribute__((section(".isr_vector"), used)) const vector_t g_pfnVectors[16 + NUM_IRQS] = {
    (vector_t)(uintptr_t)&_estack,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0, 0, 0, 0,
    SVC_Handler,
    DebugMon_Handler,
    0,
    PendSV_Handler,
    SysTick_Handler,
    [16 ... 16 + NUM_IRQS - 1] = Default_Handler,
};

void Default_Handler(void) {
  for (;;) {
  }
}

/* A fault ends the run with its own code (4) rather than hang. */
void HardFault_Handler(void) {
  register uint32_t r0 __asm("r0") = 0x20;
  static uint32_t block[2] = {0x20026u, 4u};
  register uint32_t *r1 __asm("r1") = block;
  for (;;) __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
}

#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)
#define SCB_VTOR (*(volatile uint32_t *)0xE000ED08u)

void SystemInit(void) {
#if defined(__ARM_FP)
  SCB_CPACR |= (3u << 20) | (3u << 22); /* CP10, CP11 full access */
#endif
  SCB_VTOR = (uint32_t)(uintptr_t)g_pfnVectors; /* VECT_TAB_OFFSET 0 in Flash */
  __asm volatile("dsb\n\tisb" ::: "memory");
}

static void __attribute__((noreturn, used)) reset_in_c(void) {
  SystemInit();
  for (volatile uint32_t *src = &_sidata, *dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (volatile uint32_t *dst = &_sbss; dst < &_ebss;) *dst++ = 0;
  main();
  for (;;) {
  }
}

void Reset_Handler(void) {
  __asm volatile(
      "ldr r0, =_estack\n\t"
      "mov sp, r0\n\t"
      "b reset_in_c\n\t"
      ".ltorg\n\t");
}

/* Start-up in the shape of an STM32CubeIDE / nRF5 SDK project's startup file:
 * set SP to _estack, SystemInit, copy .data, zero .bss, __libc_init_array,
 * main. The vector table has the part's real size (VENDOR_IRQ_COUNT) and the
 * timer interrupt at its real position (TIM2 = IRQ 28 on STM32F4/F7/H7/L4,
 * TIMER0 = IRQ 8 on the nRF52840). Our own code, written from the
 * architecture's exception model. */
#include <stdint.h>

#ifndef VENDOR_IRQ_COUNT
#error "VENDOR_IRQ_COUNT (the part's number of external interrupts) must be defined"
#endif

extern uint32_t _estack, _sidata, _sdata, _edata, _sbss, _ebss;
extern void __libc_init_array(void);
extern void SystemInit(void);
int main(void);

void Reset_Handler(void) __attribute__((noreturn, naked));
void Default_Handler(void);

#define WEAK_ALIAS __attribute__((weak, alias("Default_Handler")))
void NMI_Handler(void) WEAK_ALIAS;
void HardFault_Handler(void) WEAK_ALIAS;
void MemManage_Handler(void) WEAK_ALIAS;
void BusFault_Handler(void) WEAK_ALIAS;
void UsageFault_Handler(void) WEAK_ALIAS;
void SVC_Handler(void) WEAK_ALIAS;
void DebugMon_Handler(void) WEAK_ALIAS;
void PendSV_Handler(void) WEAK_ALIAS;
void SysTick_Handler(void) WEAK_ALIAS;
#ifdef MCUSIM_BOARD_NRF52840
void TIMER0_IRQHandler(void) WEAK_ALIAS;
#define TIMER_IRQ_SLOT 8
#define TIMER_IRQ_HANDLER TIMER0_IRQHandler
#else
void TIM2_IRQHandler(void) WEAK_ALIAS;
#define TIMER_IRQ_SLOT 28
#define TIMER_IRQ_HANDLER TIM2_IRQHandler
#endif

typedef void (*vector_t)(void);

__attribute__((section(".isr_vector"), used)) const vector_t g_pfnVectors[16 + VENDOR_IRQ_COUNT] = {
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
    [16 ... 16 + TIMER_IRQ_SLOT - 1] = Default_Handler,
    [16 + TIMER_IRQ_SLOT] = TIMER_IRQ_HANDLER,
    [16 + TIMER_IRQ_SLOT + 1 ... 16 + VENDOR_IRQ_COUNT - 1] = Default_Handler,
};

void Default_Handler(void) {
  for (;;) {
  }
}

static void __attribute__((noreturn, used)) reset_in_c(void) {
  SystemInit();
  for (uint32_t *src = &_sidata, *dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (uint32_t *dst = &_sbss; dst < &_ebss;) *dst++ = 0;
  __libc_init_array();
  main();
  for (;;) { /* LoopForever, as the CubeIDE startup file ends */
  }
}

void Reset_Handler(void) {
  __asm volatile(
      "ldr r0, =_estack\n\t"
      "mov sp, r0\n\t"
      "b reset_in_c\n\t");
}

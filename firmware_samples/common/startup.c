/* Minimal Cortex-M startup shared by every firmware the project builds.
 *
 * The vector table sits at the start of Flash; Reset_Handler does what the
 * board's boot ROM does not: copy .data from its load address in Flash, zero
 * .bss, turn on the FPU, then hand over to newlib's crt0 (_start), which sets
 * up semihosting, the heap and argv, calls main and then exit(). Handlers
 * that the firmware does not define fall through to Default_Handler, an
 * endless loop that mcusim recognises as "no handler".
 */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, __StackTop;
extern void _start(void) __attribute__((noreturn));
int main(void);
void mcusim_clock_setup(void); /* clock_setup.c: the board's nominal clock, as CubeMX code sets it */

void Reset_Handler(void) __attribute__((noreturn));
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
void IRQ0_Handler(void) WEAK_ALIAS;
void IRQ1_Handler(void) WEAK_ALIAS;
void IRQ2_Handler(void) WEAK_ALIAS;
void IRQ3_Handler(void) WEAK_ALIAS;
void IRQ4_Handler(void) WEAK_ALIAS;
void IRQ5_Handler(void) WEAK_ALIAS;
void IRQ6_Handler(void) WEAK_ALIAS;
void IRQ7_Handler(void) WEAK_ALIAS;

#define NUM_IRQS 96
typedef void (*vector_t)(void);

__attribute__((section(".isr_vector"), used)) const vector_t vector_table[16 + NUM_IRQS] = {
    (vector_t)(uintptr_t)&__StackTop,
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
    IRQ0_Handler, IRQ1_Handler, IRQ2_Handler, IRQ3_Handler,
    IRQ4_Handler, IRQ5_Handler, IRQ6_Handler, IRQ7_Handler,
    /* The remaining IRQ slots default to Default_Handler. */
    [24 ... 16 + NUM_IRQS - 1] = Default_Handler,
};

void Default_Handler(void) {
  for (;;) {
  }
}

void Reset_Handler(void) {
  for (uint32_t *src = &_sidata, *dst = &_sdata; dst < &_edata;) *dst++ = *src++;
  for (uint32_t *dst = &_sbss; dst < &_ebss;) *dst++ = 0;
#if defined(__ARM_FP)
  /* CPACR: full access to CP10 and CP11, as CMSIS SystemInit does. */
  *(volatile uint32_t *)0xE000ED88u |= (0xFu << 20);
  __asm volatile("dsb\n\tisb" ::: "memory");
#endif
  mcusim_clock_setup();
  _start();
}

/* _tx_initialize_low_level in the shape of the Cortex-M ports' (and
 * STM32Cube's generated tx_initialize_low_level.S): interrupts off, the
 * vector table the firmware was linked with through VTOR, the system
 * (interrupt) stack pointer from its first word, the first unused RAM
 * address from a linker symbol, SysTick at TX_TIMER_TICKS_PER_SECOND from
 * SystemCoreClock, SVCall and PendSV at the lowest priority and SysTick
 * above them (0x40), so the tick preempts the PendSV handler's idle wait. */
#include "tx_api.h"

extern const uint32_t g_pfnVectors[];
/* The end of what the linker placed in RAM (ThreadX's example scripts'
 * name; STM32Cube's scripts define it after .bss). */
extern uint8_t __RAM_segment_used_end__[];

#define REG32(a) (*(volatile uint32_t *)(a))
#define SCB_VTOR REG32(0xE000ED08u)
#define SCB_SHPR1 REG32(0xE000ED18u)
#define SCB_SHPR2 REG32(0xE000ED1Cu)
#define SCB_SHPR3 REG32(0xE000ED20u)
#define SYST_CSR REG32(0xE000E010u)
#define SYST_RVR REG32(0xE000E014u)
#define SYST_CVR REG32(0xE000E018u)
#define DWT_CTRL REG32(0xE0001000u)
#define DEMCR REG32(0xE000EDFCu)

VOID _tx_initialize_low_level(VOID) {
  __asm volatile("cpsid i" ::: "memory");
  SCB_VTOR = (uint32_t)(uintptr_t)g_pfnVectors;
  _tx_thread_system_stack_ptr = (VOID *)(uintptr_t)g_pfnVectors[0];
  _tx_initialize_unused_memory = (VOID *)(((uintptr_t)__RAM_segment_used_end__ + 7u) & ~(uintptr_t)7u);
  DEMCR |= 1u << 24; /* TRCENA, then the cycle counter (the port enables DWT_CYCCNT) */
  DWT_CTRL |= 1u;
  SYST_CSR = 0;
  SYST_CVR = 0;
  SYST_RVR = SystemCoreClock / TX_TIMER_TICKS_PER_SECOND - 1u;
  SYST_CSR = 7u; /* processor clock, interrupt, enable */
  SCB_SHPR1 = 0;
  SCB_SHPR2 = 0xFF000000u; /* SVCall lowest */
  SCB_SHPR3 = 0x40FF0000u; /* SysTick 0x40, PendSV 0xFF */
}

/* The port's SysTick handler: the timer interrupt's work. */
void SysTick_Handler(void) { _tx_timer_interrupt(); }

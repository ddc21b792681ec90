/* Core registers and the board facts the RTX-shaped firmware needs. */
#ifndef RTX_HW_H_
#define RTX_HW_H_

#include <stdint.h>

#define REG32(a) (*(volatile uint32_t *)(a))
#define SCB_ICSR REG32(0xE000ED04u)
#define ICSR_PENDSVSET (1u << 28)
#define SCB_VTOR REG32(0xE000ED08u)
#define SCB_SHPR2 REG32(0xE000ED1Cu) /* SVCall priority: bits 31:24 */
#define SCB_SHPR3 REG32(0xE000ED20u) /* SysTick 31:24, PendSV 23:16 */
#define SCB_CPACR REG32(0xE000ED88u)
#define SYST_CSR REG32(0xE000E010u)
#define SYST_RVR REG32(0xE000E014u)
#define SYST_CVR REG32(0xE000E018u)
#define NVIC_ISER(n) REG32(0xE000E100u + 4u * (n))
#define NVIC_ISPR(n) REG32(0xE000E200u + 4u * (n))
#define NVIC_IPR8(irq) (*(volatile uint8_t *)(0xE000E400u + (irq)))

/* The interrupt that sets event flags from handler mode: on the nRF52840
 * RTC1 (IRQ 17, Mbed's low-power ticker), the same vector number on the
 * other boards. Pended by the tick (see app.c), not by a modelled RTC. */
#define TICKER_IRQn 17u

extern uint32_t SystemCoreClock; /* system_<part>.c: the reset clock */
void SystemInit(void);

void serial_init(void);
void serial_printf(const char *fmt, ...);
void semihost_exit(int code) __attribute__((noreturn));

#endif

/* Register addresses and small helpers shared by the differential test
 * firmware. Only architectural (Armv7-M) registers and the CMSDK UART that
 * both QEMU mps2 machines and the real MPS2 boards have. */
#ifndef MCUSIM_TEST_HW_H
#define MCUSIM_TEST_HW_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

/* System Control Block */
#define SCB_ICSR REG32(0xE000ED04u)
#define SCB_CCR REG32(0xE000ED14u)
#define SCB_SHPR2 REG32(0xE000ED1Cu) /* SVCall priority in bits 31:24 */
#define SCB_SHPR3 REG32(0xE000ED20u) /* PendSV 23:16, SysTick 31:24 */
#define SCB_SHCSR REG32(0xE000ED24u)
#define SCB_CFSR REG32(0xE000ED28u)
#define SCB_HFSR REG32(0xE000ED2Cu)
#define SCB_MMFAR REG32(0xE000ED34u)
#define SCB_BFAR REG32(0xE000ED38u)

#define ICSR_PENDSVSET (1u << 28)
#define ICSR_PENDSTSET (1u << 26)
#define CCR_UNALIGN_TRP (1u << 3)
#define CCR_DIV_0_TRP (1u << 4)
#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)

/* SysTick */
#define SYST_CSR REG32(0xE000E010u)
#define SYST_RVR REG32(0xE000E014u)
#define SYST_CVR REG32(0xE000E018u)

static inline void barrier(void) { __asm volatile("dsb\n\tisb" ::: "memory"); }

static inline uint32_t get_ipsr(void) {
  uint32_t v;
  __asm volatile("mrs %0, ipsr" : "=r"(v));
  return v;
}

/* Length in bytes of the Thumb instruction at addr: 32-bit encodings start
 * with a halfword whose top five bits are 0b11101, 0b11110 or 0b11111. */
static inline uint32_t thumb_insn_len(uint32_t addr) {
  uint16_t hw = *(const volatile uint16_t *)(uintptr_t)addr;
  return (hw >> 11) >= 0x1Du ? 4u : 2u;
}

#endif

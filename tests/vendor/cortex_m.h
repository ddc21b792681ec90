/* Cortex-M core registers the vendor-style test firmware touches (ARMv7-M
 * ARM, Cortex-M7 TRM). Our own definitions: addresses and bit positions are
 * architecture facts. */
#ifndef VENDOR_CORTEX_M_H
#define VENDOR_CORTEX_M_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))
#define REG8(addr) (*(volatile uint8_t *)(uintptr_t)(addr))

/* SysTick */
#define SYST_CSR REG32(0xE000E010u)
#define SYST_RVR REG32(0xE000E014u)
#define SYST_CVR REG32(0xE000E018u)
#define SYST_CSR_ENABLE (1u << 0)
#define SYST_CSR_TICKINT (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2)

/* NVIC */
#define NVIC_ISER(n) REG32(0xE000E100u + 4u * (n))
#define NVIC_ICER(n) REG32(0xE000E180u + 4u * (n))
#define NVIC_IPR8(irq) REG8(0xE000E400u + (irq))

/* SCB */
#define SCB_AIRCR REG32(0xE000ED0Cu)
#define SCB_CCR REG32(0xE000ED14u)
#define SCB_SHPR3_SYSTICK REG8(0xE000ED23u)
#define SCB_SHCSR REG32(0xE000ED24u)
#define SCB_CCSIDR REG32(0xE000ED80u)
#define SCB_CSSELR REG32(0xE000ED84u)
#define SCB_CPACR REG32(0xE000ED88u)
#define SCB_ICIALLU REG32(0xE000EF50u)
#define SCB_DCISW REG32(0xE000EF60u)
#define AIRCR_VECTKEY (0x05FAu << 16)
#define AIRCR_PRIGROUP_SHIFT 8
#define CCR_DC (1u << 16)
#define CCR_IC (1u << 17)
#define SHCSR_MEMFAULTENA (1u << 16)

/* MPU (PMSAv7) */
#define MPU_TYPE REG32(0xE000ED90u)
#define MPU_CTRL REG32(0xE000ED94u)
#define MPU_RNR REG32(0xE000ED98u)
#define MPU_RBAR REG32(0xE000ED9Cu)
#define MPU_RASR REG32(0xE000EDA0u)
#define MPU_CTRL_ENABLE (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2)

static inline void dsb(void) { __asm volatile("dsb 0xF" ::: "memory"); }
static inline void isb(void) { __asm volatile("isb 0xF" ::: "memory"); }
static inline void dmb(void) { __asm volatile("dmb 0xF" ::: "memory"); }
static inline void disable_irq(void) { __asm volatile("cpsid i" ::: "memory"); }
static inline void enable_irq(void) { __asm volatile("cpsie i" ::: "memory"); }

#endif

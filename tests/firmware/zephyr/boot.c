/* Boot in Zephyr's Cortex-M shape: the vector table's initial stack pointer
 * is the top of the interrupt stack (z_interrupt_stacks), so the reset
 * handler and z_prep_c run on the MSP there; interrupts are locked with
 * BASEPRI from the first instruction until the main thread starts.
 * z_prep_c relocates VTOR to the table's link address (the STM32s boot
 * from the Flash alias at 0), turns the FPU on, zeroes bss, copies data,
 * sets every IRQ to the default priority and calls z_cstart. */
#include "kernel.h"

K_KERNEL_STACK_ARRAY_DEFINE(z_interrupt_stacks, 1, ISR_STACK_SIZE);

extern uint8_t _vector_start[];
extern uint32_t __bss_start[], __bss_end[];
extern uint32_t __data_region_start[], __data_region_end[], __data_region_load_start[];

void z_arm_reset(void);
void z_arm_nmi(void);
void z_arm_hard_fault(void);
void z_arm_mpu_fault(void);
void z_arm_bus_fault(void);
void z_arm_usage_fault(void);
void z_arm_svc(void);
void z_arm_debug_monitor(void);
void z_arm_pendsv(void);
void sys_clock_isr(void);
void z_arm_exc_spurious(void);

__attribute__((section(".exc_vector_table"), used)) const uintptr_t _vector_table[16] = {
    (uintptr_t)&z_interrupt_stacks[0][ISR_STACK_SIZE],
    (uintptr_t)z_arm_reset,
    (uintptr_t)z_arm_nmi,
    (uintptr_t)z_arm_hard_fault,
    (uintptr_t)z_arm_mpu_fault,
    (uintptr_t)z_arm_bus_fault,
    (uintptr_t)z_arm_usage_fault,
    0, 0, 0, 0,
    (uintptr_t)z_arm_svc,
    (uintptr_t)z_arm_debug_monitor,
    0,
    (uintptr_t)z_arm_pendsv,
    (uintptr_t)sys_clock_isr,
};

/* The IRQ part of the table (Zephyr generates it as _irq_vector_table):
 * no driver here takes an interrupt, every entry is the spurious handler. */
__attribute__((section(".irq_vector_table"), used)) const uintptr_t _irq_vector_table[NUM_IRQS] = {
    [0 ... NUM_IRQS - 1] = (uintptr_t)z_arm_exc_spurious,
};

/* Reset: lock interrupts with BASEPRI (unlocked when main starts), make
 * sure the MSP is the interrupt stack's top, and go to C. */
__attribute__((naked, noreturn)) void z_arm_reset(void) {
  __asm volatile(
      "movs r0, %0\n\t"
      "msr BASEPRI, r0\n\t"
      "ldr r0, =z_interrupt_stacks + %c1\n\t"
      "msr MSP, r0\n\t"
#if defined(ZEPHYR_BOOT_ON_PSP)
      /* Boot on the PSP, at the same top (the MSP takes over for
       * exceptions, the PSP moves to the main thread's stack later). */
      "msr PSP, r0\n\t"
      "mrs r0, CONTROL\n\t"
      "orr r0, r0, #2\n\t"
      "msr CONTROL, r0\n\t"
#endif
      "isb\n\t"
      "bl z_prep_c\n\t"
      ".ltorg\n\t" ::"i"(EXC_IRQ_DEFAULT_PRIO),
      "i"(ISR_STACK_SIZE));
}

static void relocate_vector_table(void) {
  SCB_VTOR = (uint32_t)(uintptr_t)_vector_start & 0xFFFFFF80u;
  __asm volatile("dsb\n\tisb" ::: "memory");
}

static void z_arm_floating_point_init(void) {
#if defined(__ARM_FP)
  SCB_CPACR |= (3u << 20) | (3u << 22); /* CP10, CP11 full access */
  __asm volatile("dsb\n\tisb" ::: "memory");
  /* No FP context yet: CONTROL.FPCA clear. */
  uint32_t control;
  __asm volatile("mrs %0, CONTROL" : "=r"(control));
  __asm volatile("msr CONTROL, %0\n\tisb" ::"r"(control & ~4u) : "memory");
#endif
}

/* Word loops written out (volatile) so they stay loops, as the kernel's
 * z_early_memset/memcpy are plain code and not library calls. */
static void z_bss_zero(void) {
  for (volatile uint32_t *p = __bss_start; p < __bss_end;) *p++ = 0;
}

static void z_data_copy(void) {
  const volatile uint32_t *src = __data_region_load_start;
  for (volatile uint32_t *dst = __data_region_start; dst < __data_region_end;) *dst++ = *src++;
}

static void z_arm_interrupt_init(void) {
  for (uint32_t irq = 0; irq < NUM_IRQS; ++irq) NVIC_IPR8(irq) = (uint8_t)EXC_IRQ_DEFAULT_PRIO;
}

__attribute__((noreturn, used)) void z_prep_c(void) {
  relocate_vector_table();
  z_arm_floating_point_init();
  z_bss_zero();
  z_data_copy();
  z_arm_interrupt_init();
  z_cstart();
}

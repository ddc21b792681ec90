/* The ARMv7-M architecture layer in Zephyr's shape: exception set-up,
 * thread frames, arch_swap and PendSV, the SVC handler (irq_offload and
 * kernel oops), the exit path of ISRs, starting the main thread by a jump,
 * and the idle instruction sequence. */
#include "kernel.h"

#define STR_(x) #x
#define STR(x) STR_(x)

volatile uint32_t z_context_switches;

/* SHPR: SVC and the faults above the lock, PendSV lowest; faults enabled
 * separately from HardFault; integer division by zero traps. */
void arch_kernel_init(void) {
  SCB_SHPR1 = 0; /* MemManage, BusFault, UsageFault at 0 */
  SCB_SHPR2 = EXC_SVC_PRIO << 24;
  SCB_SHPR3 = (SCB_SHPR3 & 0x00FFFFFFu & ~(0xFFu << 16)) | (EXC_PENDSV_PRIO << 16);
  SCB_SHCSR |= (1u << 18) | (1u << 17) | (1u << 16); /* USGFAULTENA, BUSFAULTENA, MEMFAULTENA */
  SCB_CCR |= 1u << 4;                                /* DIV_0_TRP */
}

/* A new thread's stack: a basic exception frame at the top, so that the
 * first PendSV that switches to it returns into z_thread_entry(entry, p1,
 * p2, p3). The stacked PC has bit 0 clear, as the architecture wants of a
 * return address; the stacked LR is left as the stack fill. */
void arch_new_thread(struct k_thread *thread, uint8_t *stack, uint8_t *stack_ptr, k_thread_entry_t entry, void *p1,
                     void *p2, void *p3) {
  (void)stack;
  uint32_t *iframe = (uint32_t *)(((uintptr_t)stack_ptr & ~(uintptr_t)7) - 32u);
  iframe[0] = (uint32_t)(uintptr_t)entry; /* a1 */
  iframe[1] = (uint32_t)(uintptr_t)p1;    /* a2 */
  iframe[2] = (uint32_t)(uintptr_t)p2;    /* a3 */
  iframe[3] = (uint32_t)(uintptr_t)p3;    /* a4 */
  iframe[4] = 0;                          /* ip */
  /* iframe[5], lr: not set */
  iframe[6] = (uint32_t)(uintptr_t)z_thread_entry & ~1u; /* pc */
  iframe[7] = 0x01000000u;                               /* xpsr: Thumb */
  thread->callee_saved.psp = (uint32_t)(uintptr_t)iframe;
  thread->arch.basepri = 0;
  thread->arch.mode_exc_return = 0xFFFFFFFDu; /* thread mode, PSP, basic frame */
}

/* Pend PendSV with interrupts locked by BASEPRI, then unlock: PendSV is
 * taken at the unlock and returns here when this thread runs again. */
int arch_swap(unsigned int key) {
  _current->arch.basepri = key;
  _current->arch.swap_return_value = -11; /* -EAGAIN */
  SCB_ICSR |= ICSR_PENDSVSET;
  irq_unlock(0);
  return _current->arch.swap_return_value;
}

/* PendSV: save r4-r11, the PSP and EXC_RETURN (and s16-s31 for an FP
 * frame) in the outgoing thread, take the scheduler's choice, restore the
 * incoming thread's, and its BASEPRI (the key arch_swap saved). */
__attribute__((naked)) void z_arm_pendsv(void) {
  __asm volatile(
      "ldr r1, =_kernel\n\t"
      "ldr r2, [r1, #" STR(OFFSET_KERNEL_CURRENT) "]\n\t"
      "mrs ip, PSP\n\t"
      "stmia r2, {r4-r11, ip}\n\t"
      "str lr, [r2, #" STR(OFFSET_EXC_RETURN) "]\n\t"
#if defined(__ARM_FP)
      "tst lr, #0x10\n\t"
      "bne 1f\n\t"
      "add r0, r2, #" STR(OFFSET_PREEMPT_FLOAT) "\n\t"
      "vstmia r0, {s16-s31}\n\t"
      "1:\n\t"
#endif
      "movs r0, #" STR(EXC_IRQ_DEFAULT_PRIO) "\n\t"
      "msr BASEPRI_MAX, r0\n\t"
      "isb\n\t"
      "ldr r3, =0xE000ED04\n\t"
      "mov r0, #0x08000000\n\t" /* ICSR.PENDSVCLR */
      "str r0, [r3]\n\t"
      "ldr r0, [r1, #" STR(OFFSET_KERNEL_READY_Q_CACHE) "]\n\t"
      "cmp r0, r2\n\t"
      "beq 2f\n\t"
      "ldr r3, =z_context_switches\n\t"
      "ldr ip, [r3]\n\t"
      "add ip, ip, #1\n\t"
      "str ip, [r3]\n\t"
      "2:\n\t"
      "mov r2, r0\n\t"
      "str r2, [r1, #" STR(OFFSET_KERNEL_CURRENT) "]\n\t"
      "ldr lr, [r2, #" STR(OFFSET_EXC_RETURN) "]\n\t"
      "ldr r0, [r2, #" STR(OFFSET_BASEPRI) "]\n\t"
      "movs r3, #0\n\t"
      "str r3, [r2, #" STR(OFFSET_BASEPRI) "]\n\t"
#if defined(__ARM_FP)
      "tst lr, #0x10\n\t"
      "bne 3f\n\t"
      "add r3, r2, #" STR(OFFSET_PREEMPT_FLOAT) "\n\t"
      "vldmia r3, {s16-s31}\n\t"
      "3:\n\t"
#endif
      "ldmia r2, {r4-r11, ip}\n\t"
      "msr BASEPRI, r0\n\t"
      "msr PSP, ip\n\t"
      "isb\n\t"
      "bx lr\n\t"
      ".ltorg\n\t");
}

/* The end of every ISR: when the ISR made another thread the scheduler's
 * choice, pend PendSV (taken once no other exception is active). Returns
 * with `bx lr`, so a handler may also jump here with EXC_RETURN in lr. */
__attribute__((naked)) void z_arm_int_exit(void) {
  __asm volatile(
      "ldr r3, =_kernel\n\t"
      "ldr r1, [r3, #" STR(OFFSET_KERNEL_CURRENT) "]\n\t"
      "ldr r0, [r3, #" STR(OFFSET_KERNEL_READY_Q_CACHE) "]\n\t"
      "cmp r0, r1\n\t"
      "beq 1f\n\t"
      "ldr r1, =0xE000ED04\n\t"
      "mov r2, #0x10000000\n\t" /* ICSR.PENDSVSET */
      "str r2, [r1]\n\t"
      "1:\n\t"
      "bx lr\n\t"
      ".ltorg\n\t");
}

/* SVC: the frame is on the MSP or the PSP (EXC_RETURN bit 2); the number
 * is the SVC instruction's immediate, the byte before the stacked PC. 1 is
 * irq_offload, 2 a kernel oops. */
static irq_offload_routine_t offload_routine;
static const void *offload_param;

__attribute__((used)) void z_irq_do_offload(void) { offload_routine(offload_param); }

__attribute__((used, noreturn)) void z_do_kernel_oops(const uint32_t *esf) {
  printk("ZEPHYR FATAL ERROR 3: Kernel oops on CPU 0 (pc 0x%08lx)\n", (unsigned long)esf[6]);
  sys_exit(3);
}

__attribute__((naked)) void z_arm_svc(void) {
  __asm volatile(
      "tst lr, #0x4\n\t"
      "ite eq\n\t"
      "mrseq r0, MSP\n\t"
      "mrsne r0, PSP\n\t"
      "ldr r1, [r0, #24]\n\t"
      "ldrb r1, [r1, #-2]\n\t"
      "cmp r1, #1\n\t"
      "beq 1f\n\t"
      "b z_do_kernel_oops\n\t" /* 2, or anything unknown */
      "1:\n\t"
      "push {r0, lr}\n\t"
      "bl z_irq_do_offload\n\t"
      "pop {r0, lr}\n\t"
      "b z_arm_int_exit\n\t");
}

/* Runs `routine` in handler mode (SVC 1), even with interrupts locked:
 * SVC's priority is above the BASEPRI lock. */
void irq_offload(irq_offload_routine_t routine, const void *parameter) {
  offload_routine = routine;
  offload_param = parameter;
  __asm volatile("svc #1" ::: "memory");
  offload_routine = 0;
}

void k_oops(void) {
  __asm volatile("svc #2" ::: "memory");
  __builtin_unreachable();
}

/* How the main thread is entered differs between Zephyr versions and
 * configurations (docs/profiling.md, "RTOS firmware"); one shape per build:
 *  - default: PSP to the main stack's top, thread mode on the PSP
 *    (CONTROL.SPSEL, ISB), unlock, BX to z_thread_entry(main_entry, 0, 0, 0);
 *  - ZEPHYR_IRQ_AT_THREAD_START: the same, unlocked first, with SysTick
 *    pended in the block that writes CONTROL, so the tick is taken at the
 *    thread's first instruction (no barrier after the pend: allowed);
 *  - ZEPHYR_MAIN_ENTRY_BL (boot already on the PSP): MSR PSP, unlock, then
 *    BL z_thread_entry, a call that never returns;
 *  - ZEPHYR_MAIN_ENTRY_UNLOCK_CALL (boot on the PSP): MSR PSP, BLX to an
 *    out-of-line unlock that returns, then BX z_thread_entry.
 * The MSP stays the interrupt stack. */
#if defined(ZEPHYR_BOOT_ON_PSP)
__attribute__((used, noinline)) void arch_irq_unlock_outlined(unsigned int key) {
  __asm volatile("cpsie i" ::: "memory");
  irq_unlock(key);
}
__attribute__((used, noinline)) unsigned int arch_irq_lock_outlined(void) { return irq_lock(); }
#endif

void arch_switch_to_main_thread(struct k_thread *main_thread, uint8_t *stack_ptr, k_thread_entry_t main_entry) {
  _kernel.current = main_thread;
  __asm volatile(
      "mov r4, %0\n\t"
#if defined(ZEPHYR_MAIN_ENTRY_BL)
      "msr PSP, %1\n\t" /* already on the PSP: the stack moves here */
      "movs r0, #0\n\t"
      "msr BASEPRI, r0\n\t"
      "cpsie i\n\t"
      "isb\n\t"
      "mov r0, r4\n\t"
      "movs r1, #0\n\t"
      "movs r2, #0\n\t"
      "movs r3, #0\n\t"
      "bl z_thread_entry\n\t"
#elif defined(ZEPHYR_MAIN_ENTRY_UNLOCK_CALL)
      "msr PSP, %1\n\t"
      "movs r0, #0\n\t"
      "ldr r3, =arch_irq_unlock_outlined\n\t"
      "blx r3\n\t"
      "mov r0, r4\n\t"
      "movs r1, #0\n\t"
      "movs r2, #0\n\t"
      "movs r3, #0\n\t"
      "ldr r4, =z_thread_entry\n\t"
      "bx r4\n\t"
#else
#if defined(ZEPHYR_IRQ_AT_THREAD_START)
      "movs r0, #0\n\t"
      "msr BASEPRI, r0\n\t"
      "isb\n\t"
#endif
      "msr PSP, %1\n\t"
      "mrs r0, CONTROL\n\t"
      "orr r0, r0, #2\n\t"
#if defined(ZEPHYR_IRQ_AT_THREAD_START)
      "ldr r1, =0xE000ED04\n\t"
      "mov r2, #0x04000000\n\t" /* ICSR.PENDSTSET */
      "str r2, [r1]\n\t"
#endif
      "msr CONTROL, r0\n\t"
      "isb\n\t"
      "movs r0, #0\n\t"
      "msr BASEPRI, r0\n\t"
      "cpsie i\n\t"
      "isb\n\t"
      "mov r0, r4\n\t"
      "movs r1, #0\n\t"
      "movs r2, #0\n\t"
      "movs r3, #0\n\t"
      "ldr r4, =z_thread_entry\n\t"
      "bx r4\n\t"
#endif
      ".ltorg\n\t" ::"r"(main_entry),
      "r"(stack_ptr)
      : "r0", "r1", "r2", "r3", "r4", "ip", "lr", "memory");
  __builtin_unreachable();
}

#if defined(ZEPHYR_NO_MULTITHREADING)
/* Without threads (CONFIG_MULTITHREADING off): the boot, already on the
 * PSP, moves it to the main stack's top, unlocks out of line and calls
 * main_entry with BLX; should it return, lock and spin. */
extern uint8_t z_main_stack[MAIN_STACK_SIZE];
void z_arm_switch_to_main_no_multithreading(k_thread_entry_t main_entry, void *p1, void *p2, void *p3) {
  uint8_t *psp = z_main_stack + sizeof z_main_stack;
  __asm volatile(
      "msr PSP, %[psp]\n\t"
      "mov r0, #0\n\t"
      "ldr r1, =arch_irq_unlock_outlined\n\t"
      "blx r1\n\t"
      "mov r0, %[p1]\n\t"
      "mov r1, %[p2]\n\t"
      "mov r2, %[p3]\n\t"
      "blx %[entry]\n\t"
      "ldr r0, =arch_irq_lock_outlined\n\t"
      "blx r0\n\t"
      "1: b 1b\n\t"
      ".ltorg\n\t" ::[p1] "r"(p1),
      [p2] "r"(p2), [p3] "r"(p3), [psp] "r"(psp), [entry] "r"(main_entry)
      : "r0", "r1", "r2", "ip", "lr", "memory");
  __builtin_unreachable();
}
#endif

/* Idle: PRIMASK on (a wake-up interrupt is not taken inside the sequence),
 * BASEPRI off (so that it can wake the core), WFI, then PRIMASK off: the
 * interrupt that ended the WFI is taken here. */
__attribute__((noinline)) void k_cpu_idle(void) {
#if defined(ZEPHYR_TICKLESS)
  /* The BASEPRI-only shape: unlock (a pending interrupt is taken here),
   * WFI, then make sure PRIMASK is clear. */
  __asm volatile(
      "movs r0, #0\n\t"
      "msr BASEPRI, r0\n\t"
      "isb\n\t"
      "wfi\n\t"
      "cpsie i\n\t" ::
          : "r0", "memory");
  return;
#endif
  __asm volatile(
      "cpsid i\n\t"
#if !defined(ZEPHYR_IDLE_KEEPS_BASEPRI) /* the bug this variant has: the tick stays masked, WFI never ends */
      "movs r0, #0\n\t"
      "msr BASEPRI, r0\n\t"
#endif
      "isb\n\t"
      "wfi\n\t"
      "cpsie i\n\t"
      "isb\n\t" ::
          : "r0", "memory");
}

/* Faults: report and stop, as Zephyr's fatal error handler does. */
static void fatal(const char *what) {
  uint32_t cfsr = REG32(0xE000ED28u), hfsr = REG32(0xE000ED2Cu);
  printk("ZEPHYR FATAL ERROR: %s (IPSR %lu, CFSR 0x%08lx, HFSR 0x%08lx)\n", what, (unsigned long)get_ipsr(),
         (unsigned long)cfsr, (unsigned long)hfsr);
  sys_exit(4);
}
void z_arm_nmi(void) { fatal("NMI"); }
void z_arm_hard_fault(void) { fatal("HardFault"); }
void z_arm_mpu_fault(void) { fatal("MemManage"); }
void z_arm_bus_fault(void) { fatal("BusFault"); }
void z_arm_usage_fault(void) { fatal("UsageFault"); }
void z_arm_debug_monitor(void) { fatal("DebugMonitor"); }
void z_arm_exc_spurious(void) { fatal("spurious interrupt"); }

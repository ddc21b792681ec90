/* A kernel in Zephyr's Cortex-M (ARMv7-M) shape, written for mcusim's tests
 * from Zephyr's documented and observable behaviour, not from its code.
 * Names follow Zephyr's (z_arm_reset, z_prep_c, z_cstart, z_thread_entry,
 * arch_swap, z_arm_pendsv, k_thread_create, k_msleep, printk), so profiles
 * of this firmware read like those of a Zephyr application.
 *
 * What the shape is (see boot.c, arch.c, sched.c):
 *  - boot on the MSP, which is the interrupt stack z_interrupt_stacks;
 *    z_prep_c relocates VTOR, zeroes bss, copies data, then z_cstart;
 *  - the main thread is entered by a jump on its own PSP (MSR PSP, MSR
 *    CONTROL with SPSEL, ISB, interrupts on, BX), every other thread by the
 *    exception return of PendSV from a frame built by hand;
 *  - interrupts are locked with BASEPRI (irq_lock), not PRIMASK; SVC sits
 *    above the lock (priority 0) for irq_offload and kernel oops;
 *  - arch_swap pends PendSV with the lock held and unlocks: PendSV (lowest
 *    priority) is taken right there and saves r4-r11 and the PSP in the
 *    thread object, not on the thread's stack;
 *  - SysTick announces ticks; an ISR that made a thread ready pends PendSV
 *    on its way out (z_arm_int_exit);
 *  - the idle thread sleeps in WFI with PRIMASK set and BASEPRI clear. */
#ifndef ZEPHYR_SHAPE_KERNEL_H
#define ZEPHYR_SHAPE_KERNEL_H

/* The main-thread entries of Zephyr 2.x and later (arch.c) come with its
 * boot on the PSP (reset sets PSP and CONTROL.SPSEL, boot.c). */
#if defined(ZEPHYR_MAIN_ENTRY_BL) || defined(ZEPHYR_MAIN_ENTRY_UNLOCK_CALL) || defined(ZEPHYR_NO_MULTITHREADING)
#define ZEPHYR_BOOT_ON_PSP
#endif

#include <stddef.h>
#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))
#define SCB_ICSR REG32(0xE000ED04u)
#define SCB_VTOR REG32(0xE000ED08u)
#define SCB_CCR REG32(0xE000ED14u)
#define SCB_SHPR1 REG32(0xE000ED18u)
#define SCB_SHPR2 REG32(0xE000ED1Cu)
#define SCB_SHPR3 REG32(0xE000ED20u)
#define SCB_SHCSR REG32(0xE000ED24u)
#define SCB_CPACR REG32(0xE000ED88u)
#define NVIC_IPR8(irq) (*(volatile uint8_t *)(uintptr_t)(0xE000E400u + (irq)))
#define SYST_CSR REG32(0xE000E010u)
#define SYST_RVR REG32(0xE000E014u)
#define SYST_CVR REG32(0xE000E018u)
#define ICSR_PENDSVSET (1u << 28)
#define ICSR_PENDSVCLR (1u << 27)

/* Priorities as Zephyr lays them out on ARMv7-M without zero-latency IRQs,
 * for 3 implemented priority bits (the fewest of the bundled parts): SVC
 * and faults at 0, above the lock; IRQs and SysTick at the first level
 * below (1 << 5), which is also the BASEPRI that irq_lock writes; PendSV
 * at the lowest. */
#define PRIO_SHIFT 5u
#define EXC_SVC_PRIO 0u
#define EXC_IRQ_DEFAULT_PRIO 0x20 /* 1 << PRIO_SHIFT, written out for the assembly */
#define EXC_PENDSV_PRIO 0xFFu
_Static_assert(EXC_IRQ_DEFAULT_PRIO == 1u << PRIO_SHIFT, "lock level");

#define ISR_STACK_SIZE 2048
#define MAIN_STACK_SIZE 1536
#define IDLE_STACK_SIZE 320
#define NUM_IRQS 64
#define TICKS_PER_SEC 1000u
#define STACK_FILL 0xaau

/* Stacks are not zeroed at boot: Zephyr's K_THREAD_STACK_DEFINE and
 * K_KERNEL_STACK_ARRAY_DEFINE put them in .noinit. */
#define K_THREAD_STACK_DEFINE(sym, size) __attribute__((section(".noinit." #sym), aligned(8))) uint8_t sym[size]
#define K_KERNEL_STACK_ARRAY_DEFINE(sym, n, size) \
  __attribute__((section(".noinit." #sym), aligned(8))) uint8_t sym[n][size]
#define K_THREAD_STACK_SIZEOF(sym) sizeof(sym)

typedef void (*k_thread_entry_t)(void *p1, void *p2, void *p3);

/* The thread object. PendSV (arch.c, assembly) reads and writes the first
 * three parts at fixed offsets, checked below. */
struct _callee_saved {
  uint32_t v1, v2, v3, v4, v5, v6, v7, v8; /* r4-r11 */
  uint32_t psp;
};
struct _thread_arch {
  uint32_t mode_exc_return; /* the EXC_RETURN the thread resumes with */
  uint32_t basepri;         /* irq_lock key saved by arch_swap */
  int32_t swap_return_value;
  uint32_t preempt_float[16]; /* s16-s31 when the thread had an FP frame */
};
enum thread_state { THREAD_READY, THREAD_SLEEPING, THREAD_DEAD };
struct k_thread {
  struct _callee_saved callee_saved;
  struct _thread_arch arch;
  int prio; /* lower number, higher priority; all preemptible (>= 0) */
  enum thread_state state;
  int64_t wake_tick; /* absolute tick of a sleeping thread's timeout; < 0: forever */
  const char *name;
  uint8_t *stack_start;
  size_t stack_size;
};
#define OFFSET_CALLEE_SAVED 0
#define OFFSET_PSP 32
#define OFFSET_EXC_RETURN 36
#define OFFSET_BASEPRI 40
#define OFFSET_SWAP_RETURN 44
#define OFFSET_PREEMPT_FLOAT 48
_Static_assert(offsetof(struct k_thread, callee_saved.psp) == OFFSET_PSP, "PendSV offsets");
_Static_assert(offsetof(struct k_thread, arch.mode_exc_return) == OFFSET_EXC_RETURN, "PendSV offsets");
_Static_assert(offsetof(struct k_thread, arch.basepri) == OFFSET_BASEPRI, "PendSV offsets");
_Static_assert(offsetof(struct k_thread, arch.preempt_float) == OFFSET_PREEMPT_FLOAT, "PendSV offsets");

/* _kernel: the running thread and the one the scheduler picked. */
struct z_kernel {
  struct k_thread *current;       /* offset 0 */
  struct k_thread *ready_q_cache; /* offset 4 */
  volatile int64_t ticks;
};
#define OFFSET_KERNEL_CURRENT 0
#define OFFSET_KERNEL_READY_Q_CACHE 4
extern struct z_kernel _kernel;
#define _current (_kernel.current)

/* IRQ locking with BASEPRI (BASEPRI_MAX only ever raises the mask). */
static inline unsigned int irq_lock(void) {
  unsigned int key, level;
  __asm volatile(
      "mov %1, %2\n\t"
      "mrs %0, BASEPRI\n\t"
      "msr BASEPRI_MAX, %1\n\t"
      "isb"
      : "=r"(key), "=&r"(level)
      : "i"(EXC_IRQ_DEFAULT_PRIO)
      : "memory");
  return key;
}
static inline void irq_unlock(unsigned int key) { __asm volatile("msr BASEPRI, %0\n\tisb" ::"r"(key) : "memory"); }
static inline uint32_t get_basepri(void) {
  uint32_t v;
  __asm volatile("mrs %0, BASEPRI" : "=r"(v));
  return v;
}
static inline uint32_t get_ipsr(void) {
  uint32_t v;
  __asm volatile("mrs %0, IPSR" : "=r"(v));
  return v;
}

/* arch.c */
int arch_swap(unsigned int key);
void arch_new_thread(struct k_thread *thread, uint8_t *stack, uint8_t *stack_ptr, k_thread_entry_t entry, void *p1,
                     void *p2, void *p3);
void arch_switch_to_main_thread(struct k_thread *main_thread, uint8_t *stack_ptr, k_thread_entry_t main_entry)
    __attribute__((noreturn));
void arch_kernel_init(void);
void k_cpu_idle(void);
void z_arm_int_exit(void);
typedef void (*irq_offload_routine_t)(const void *parameter);
void irq_offload(irq_offload_routine_t routine, const void *parameter);
void k_oops(void) __attribute__((noreturn));
void z_arm_switch_to_main_no_multithreading(k_thread_entry_t main_entry, void *p1, void *p2, void *p3)
    __attribute__((noreturn));
#define DWT_CTRL REG32(0xE0001000u)
#define DWT_CYCCNT REG32(0xE0001004u)
#define DEMCR REG32(0xE000EDFCu)

/* sched.c */
void z_cstart(void) __attribute__((noreturn));
void z_thread_entry(k_thread_entry_t entry, void *p1, void *p2, void *p3) __attribute__((noreturn));
struct k_thread *k_thread_create(struct k_thread *thread, uint8_t *stack, size_t stack_size, k_thread_entry_t entry,
                                 void *p1, void *p2, void *p3, int prio, const char *name);
#define K_FOREVER (-1)
void k_sleep_ticks(int32_t ticks);
void k_msleep(int32_t ms);
int64_t k_uptime_ticks(void);
void sys_clock_announce(int32_t ticks);
extern volatile uint32_t sys_clock_isr_count; /* SysTick interrupts taken */
size_t k_thread_stack_unused(const struct k_thread *thread);
extern struct k_thread z_main_thread;
extern struct k_thread z_idle_threads[1];
extern volatile uint32_t z_context_switches;

/* console.c */
void console_init(void);
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sys_exit(int code) __attribute__((noreturn));
uint32_t sys_clock_hw_cycles_per_sec(void);

/* app.c */
int main(void);

#endif

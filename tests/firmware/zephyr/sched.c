/* The kernel proper in Zephyr's shape: threads with priorities, sleeping on
 * a tick timeout, the scheduler's choice kept in _kernel.ready_q_cache for
 * PendSV, the SysTick system clock announcing ticks, the idle thread, and
 * z_cstart bringing up the main and idle threads. */
#include "kernel.h"

struct z_kernel _kernel;
struct k_thread z_main_thread;
struct k_thread z_idle_threads[1];
K_THREAD_STACK_DEFINE(z_main_stack, MAIN_STACK_SIZE);
K_KERNEL_STACK_ARRAY_DEFINE(z_idle_stacks, 1, IDLE_STACK_SIZE);

#define MAX_THREADS 8
static struct k_thread *threads[MAX_THREADS];
static int thread_count;

/* The highest-priority ready thread; the current one keeps the CPU against
 * equals (no time slicing). */
static struct k_thread *next_up(void) {
  struct k_thread *best = 0;
  if (_current && _current->state == THREAD_READY) best = _current;
  for (int i = 0; i < thread_count; ++i) {
    struct k_thread *t = threads[i];
    if (t->state == THREAD_READY && (!best || t->prio < best->prio)) best = t;
  }
  return best;
}

static void update_cache(void) { _kernel.ready_q_cache = next_up(); }

/* Called with the lock held (key from irq_lock). */
static int z_swap(unsigned int key) {
  update_cache();
  return arch_swap(key);
}

/* ---- the system clock: SysTick, one interrupt per tick ---- */

void sys_clock_announce(int32_t ticks) {
  unsigned int key = irq_lock();
  int64_t now = _kernel.ticks + ticks;
  _kernel.ticks = now;
  for (int i = 0; i < thread_count; ++i) {
    struct k_thread *t = threads[i];
    if (t->state == THREAD_SLEEPING && t->wake_tick >= 0 && t->wake_tick <= now) t->state = THREAD_READY;
  }
  update_cache();
  irq_unlock(key);
}

void sys_clock_isr(void) {
  sys_clock_announce(1);
  z_arm_int_exit();
}

static void sys_clock_driver_init(void) {
  SCB_SHPR3 = (SCB_SHPR3 & 0x00FFFFFFu) | ((uint32_t)EXC_IRQ_DEFAULT_PRIO << 24); /* SysTick: first IRQ level */
  SYST_RVR = sys_clock_hw_cycles_per_sec() / TICKS_PER_SEC - 1u;
  SYST_CVR = 0;
  SYST_CSR = 7u; /* processor clock, interrupt, enable */
}

int64_t k_uptime_ticks(void) {
  unsigned int key = irq_lock();
  int64_t t = _kernel.ticks;
  irq_unlock(key);
  return t;
}

/* ---- sleeping ---- */

/* A relative timeout of n ticks expires at the n-th tick boundary after
 * the next one (the current tick is partly gone). */
void k_sleep_ticks(int32_t ticks) {
  unsigned int key = irq_lock();
  _current->wake_tick = ticks == K_FOREVER ? -1 : _kernel.ticks + (ticks > 0 ? ticks : 0) + 1;
  _current->state = THREAD_SLEEPING;
  z_swap(key);
}

void k_msleep(int32_t ms) {
  k_sleep_ticks(ms == K_FOREVER ? K_FOREVER : (int32_t)(((uint32_t)ms * TICKS_PER_SEC + 999u) / 1000u));
}

/* ---- threads ---- */

__attribute__((noreturn)) static void thread_abort_current(void) {
  unsigned int key = irq_lock();
  _current->state = THREAD_DEAD;
  z_swap(key);
  for (;;) {
  }
}

void z_thread_entry(k_thread_entry_t entry, void *p1, void *p2, void *p3) {
  entry(p1, p2, p3);
  thread_abort_current();
}

/* Fill the stack (CONFIG_INIT_STACKS) and build its first frame. Returns
 * the stack pointer the thread starts with. */
static uint8_t *z_setup_new_thread(struct k_thread *thread, uint8_t *stack, size_t stack_size, k_thread_entry_t entry,
                                   void *p1, void *p2, void *p3, int prio, const char *name) {
  for (volatile uint8_t *p = stack; p < stack + stack_size;) *p++ = STACK_FILL;
  uint8_t *stack_ptr = stack + stack_size;
  arch_new_thread(thread, stack, stack_ptr, entry, p1, p2, p3);
  thread->prio = prio;
  thread->name = name;
  thread->stack_start = stack;
  thread->stack_size = stack_size;
  thread->wake_tick = -1;
  threads[thread_count++] = thread;
  return stack_ptr;
}

struct k_thread *k_thread_create(struct k_thread *thread, uint8_t *stack, size_t stack_size, k_thread_entry_t entry,
                                 void *p1, void *p2, void *p3, int prio, const char *name) {
  z_setup_new_thread(thread, stack, stack_size, entry, p1, p2, p3, prio, name);
  unsigned int key = irq_lock();
  thread->state = THREAD_READY;
  update_cache();
  if (_kernel.ready_q_cache != _current) z_swap(key); /* a more urgent thread runs now */
  else irq_unlock(key);
  return thread;
}

/* Bytes never written, counted from the stack's low end (as
 * k_thread_stack_space_get does with CONFIG_INIT_STACKS). */
size_t k_thread_stack_unused(const struct k_thread *thread) {
  size_t n = 0;
  while (n < thread->stack_size && thread->stack_start[n] == STACK_FILL) ++n;
  return n;
}

/* ---- idle and start-up ---- */

static void idle(void *p1, void *p2, void *p3) {
  (void)p1, (void)p2, (void)p3;
  for (;;) {
    (void)irq_lock();
    k_cpu_idle();
  }
}

extern void bg_thread_main(void *p1, void *p2, void *p3);

void z_cstart(void) {
  arch_kernel_init();
  console_init();
  uint8_t *main_sp = z_setup_new_thread(&z_main_thread, z_main_stack, sizeof z_main_stack, bg_thread_main, 0, 0, 0,
                                        0, "main");
  z_setup_new_thread(&z_idle_threads[0], z_idle_stacks[0], IDLE_STACK_SIZE, idle, 0, 0, 0, 15, "idle");
  z_main_thread.state = THREAD_READY;
  z_idle_threads[0].state = THREAD_READY;
  _kernel.ready_q_cache = &z_main_thread;
  sys_clock_driver_init(); /* ticks stay masked by BASEPRI until main starts */
  arch_switch_to_main_thread(&z_main_thread, main_sp, bg_thread_main);
}

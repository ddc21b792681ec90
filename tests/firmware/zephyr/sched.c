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

/* ---- the system clock ---- */

volatile uint32_t sys_clock_isr_count;
__attribute__((unused)) static int64_t next_timeout(void);
void sys_clock_set_timeout(int32_t ticks, int idle);

void sys_clock_announce(int32_t ticks) {
  unsigned int key = irq_lock();
  int64_t now = _kernel.ticks + ticks;
  _kernel.ticks = now;
  for (int i = 0; i < thread_count; ++i) {
    struct k_thread *t = threads[i];
    if (t->state == THREAD_SLEEPING && t->wake_tick >= 0 && t->wake_tick <= now) t->state = THREAD_READY;
  }
  update_cache();
#if defined(ZEPHYR_TICKLESS)
  sys_clock_set_timeout((int32_t)next_timeout(), 0); /* the next expiry, from the new tick on */
#endif
  irq_unlock(key);
}

#if !defined(ZEPHYR_TICKLESS)
/* SysTick, one interrupt per tick. */
void sys_clock_isr(void) {
  sys_clock_isr_count++;
  sys_clock_announce(1);
  z_arm_int_exit();
}

static void sys_clock_driver_init(void) {
  SCB_SHPR3 = (SCB_SHPR3 & 0x00FFFFFFu) | ((uint32_t)EXC_IRQ_DEFAULT_PRIO << 24); /* SysTick: first IRQ level */
  SYST_RVR = sys_clock_hw_cycles_per_sec() / TICKS_PER_SEC - 1u;
  SYST_CVR = 0;
  SYST_CSR = 7u; /* processor clock, interrupt, enable */
}

void sys_clock_set_timeout(int32_t ticks, int idle) { (void)ticks, (void)idle; }
static int64_t sys_clock_elapsed(void) { return 0; }
#else
/* Tickless (CONFIG_TICKLESS_KERNEL): SysTick's LOAD is the time to the
 * next timeout, up to what its 24 bits hold; one interrupt per timeout.
 * `cycle_count` counts cycles up to the counter's last restart (a write of
 * VAL) or wrap; the counter tells the cycles since (a wrap seen by
 * COUNTFLAG or by the value going up adds a whole LOAD). The few cycles
 * between reading the counter and restarting it are not counted: each
 * reprogramming makes the clock that much late. */
#define COUNTER_MAX 0x00FFFFFFu
#define TIMER_STOPPED 0xFF000000u
static uint32_t cyc_per_tick(void) { return sys_clock_hw_cycles_per_sec() / TICKS_PER_SEC; }
static uint32_t last_load, overflow_cyc;
static uint64_t cycle_count, announced_cycles;

static uint32_t cycles_since_load(void) {
  if (last_load == TIMER_STOPPED) return 0;
  uint32_t v1 = SYST_CVR, ctrl = SYST_CSR, v2 = SYST_CVR;
  if ((ctrl & (1u << 16)) || v1 < v2) {
    overflow_cyc += last_load;
    (void)SYST_CSR; /* a wrap between the reads set COUNTFLAG again: clear it */
  }
  /* At 0 the period just ended (the reload comes on the next cycle). */
  return overflow_cyc + (v2 ? last_load - v2 : 0u);
}
static int64_t sys_clock_elapsed(void) {
  return (int64_t)((cycle_count + cycles_since_load() - announced_cycles) / cyc_per_tick());
}

void sys_clock_set_timeout(int32_t ticks, int idle) {
  if (idle && ticks == K_FOREVER) { /* nothing will ever expire: stop the counter */
    SYST_CSR &= ~1u;
    if (last_load != TIMER_STOPPED) cycle_count += cycles_since_load();
    overflow_cyc = 0;
    last_load = TIMER_STOPPED;
    return;
  }
  uint32_t max_ticks = COUNTER_MAX / cyc_per_tick() - 1u;
  if (ticks == K_FOREVER || (uint32_t)ticks > max_ticks) ticks = (int32_t)max_ticks;
  if (ticks < 1) ticks = 1;
  unsigned int key = irq_lock();
  int was_stopped = last_load == TIMER_STOPPED;
  if (!was_stopped) cycle_count += cycles_since_load();
  overflow_cyc = 0;
  /* To the tick boundary `ticks` after the last announced one (which is
   * where announced_cycles stands); one already due comes at once. */
  uint64_t unannounced = cycle_count - announced_cycles;
  uint64_t target = (uint64_t)ticks * cyc_per_tick();
  uint64_t delay = target > unannounced + 1024u ? target - unannounced : 1024u; /* not closer than that */
  if (delay > COUNTER_MAX) delay = COUNTER_MAX;
  last_load = (uint32_t)delay;
  SYST_RVR = last_load - 1u;
  SYST_CVR = 0; /* reloads from RVR on the next cycle */
  if (was_stopped) SYST_CSR |= 1u;
  irq_unlock(key);
}

void sys_clock_isr(void) {
  sys_clock_isr_count++;
  /* The counter runs on from its reload: only whole periods move into
   * cycle_count, what it counted since stays its to tell. */
  (void)cycles_since_load();
  cycle_count += overflow_cyc;
  overflow_cyc = 0;
  uint32_t dticks = (uint32_t)((cycle_count - announced_cycles) / cyc_per_tick());
  announced_cycles += (uint64_t)dticks * cyc_per_tick();
  sys_clock_announce((int32_t)dticks);
  z_arm_int_exit();
}

static void sys_clock_driver_init(void) {
  SCB_SHPR3 = (SCB_SHPR3 & 0x00FFFFFFu) | ((uint32_t)EXC_IRQ_DEFAULT_PRIO << 24);
  last_load = cyc_per_tick();
  SYST_RVR = last_load - 1u;
  SYST_CVR = 0;
  SYST_CSR = 7u;
}
#endif

int64_t k_uptime_ticks(void) {
  unsigned int key = irq_lock();
  int64_t t = _kernel.ticks + sys_clock_elapsed();
  irq_unlock(key);
  return t;
}

/* The nearest wake-up, in ticks from the last announced tick (the driver
 * counts from there); K_FOREVER: none. */
__attribute__((unused)) static int64_t next_timeout(void) {
  int64_t best = -1;
  for (int i = 0; i < thread_count; ++i) {
    const struct k_thread *t = threads[i];
    if (t->state == THREAD_SLEEPING && t->wake_tick >= 0 && (best < 0 || t->wake_tick < best)) best = t->wake_tick;
  }
  if (best < 0) return K_FOREVER;
  int64_t d = best - _kernel.ticks;
  return d > 0x7FFFFFFF ? 0x7FFFFFFF : d;
}

/* ---- sleeping ---- */

/* A relative timeout of n ticks expires at the n-th tick boundary after
 * the next one (the current tick is partly gone). */
void k_sleep_ticks(int32_t ticks) {
  unsigned int key = irq_lock();
  _current->wake_tick = ticks == K_FOREVER ? -1 : _kernel.ticks + sys_clock_elapsed() + (ticks > 0 ? ticks : 0) + 1;
  _current->state = THREAD_SLEEPING;
#if defined(ZEPHYR_TICKLESS)
  sys_clock_set_timeout((int32_t)next_timeout(), 0);
#endif
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
#if defined(ZEPHYR_TICKLESS)
    sys_clock_set_timeout((int32_t)next_timeout(), 1);
#endif
    k_cpu_idle();
  }
}

extern void bg_thread_main(void *p1, void *p2, void *p3);

void z_cstart(void) {
  arch_kernel_init();
  console_init();
#if defined(ZEPHYR_NO_MULTITHREADING)
  for (volatile uint8_t *p = z_main_stack; p < z_main_stack + sizeof z_main_stack;) *p++ = STACK_FILL;
  sys_clock_driver_init();
  z_arm_switch_to_main_no_multithreading(bg_thread_main, 0, 0, 0);
#endif
  uint8_t *main_sp = z_setup_new_thread(&z_main_thread, z_main_stack, sizeof z_main_stack, bg_thread_main, 0, 0, 0,
                                        0, "main");
  z_setup_new_thread(&z_idle_threads[0], z_idle_stacks[0], IDLE_STACK_SIZE, idle, 0, 0, 0, 15, "idle");
  z_main_thread.state = THREAD_READY;
  z_idle_threads[0].state = THREAD_READY;
  _kernel.ready_q_cache = &z_main_thread;
  sys_clock_driver_init(); /* ticks stay masked by BASEPRI until main starts */
  arch_switch_to_main_thread(&z_main_thread, main_sp, bg_thread_main);
}

/* A TinyML application in Zephyr's shape: main checks the kernel's
 * primitives, then starts an inference thread (an int8 two-layer network
 * on its own K_THREAD_STACK_DEFINE stack) and a periodic timer thread with
 * k_thread_create, sleeps with k_msleep until both are done and prints
 * what every interleaving gives (QEMU's SysTick follows the host clock, so
 * nothing printed may depend on when ticks arrive).
 *
 * Variants (mcusim only, -D): ZEPHYR_PERIODIC=N runs N inferences 50 ms
 * apart with the idle thread in WFI between them; ZEPHYR_ALL_ASLEEP leaves
 * every thread asleep forever with the tick running; ZEPHYR_TICK_STOPPED
 * does the same with SysTick stopped first; ZEPHYR_IDLE_KEEPS_BASEPRI has an
 * idle thread that sleeps with the BASEPRI lock still on (arch.c), so no
 * tick can end its WFI. ZEPHYR_TICKLESS (also on QEMU and the other boards)
 * sleeps 500 and 1500 ms first and prints checks that hold on every board;
 * with ZEPHYR_TICKLESS_CYCLES (mcusim on mps2-an386 only) it prints the
 * sleep's DWT cycles, ticks and SysTick interrupts instead. */
#include "kernel.h"

#ifndef INFERENCES
#define INFERENCES 6
#endif
#define TIMER_PERIODS 8

/* ---- the inference: int8 fully connected layers, requantised ---- */

#define IN 96
#define HIDDEN 48
#define OUT 10

static int8_t w1[HIDDEN][IN], w2[OUT][HIDDEN];
static int32_t b1[HIDDEN];
static int8_t input[IN], hidden[HIDDEN], logits[OUT];

static uint32_t lcg_state = 2024u;
static uint32_t lcg(void) { return lcg_state = lcg_state * 1664525u + 1013904223u; }

/* acc * multiplier / 2^31, rounded, then >> shift: the fixed-point
 * requantisation of TFLite's int8 kernels. */
static int32_t requantize(int32_t acc, int32_t multiplier, int shift) {
  int64_t p = (int64_t)acc * multiplier;
  int32_t high = (int32_t)((p + (1ll << 30)) >> 31);
  return (high + (1 << (shift - 1))) >> shift;
}

__attribute__((noinline)) static int32_t dot_s8(const int8_t *a, const int8_t *b, int n) {
  int32_t acc = 0;
  for (int i = 0; i < n; ++i) acc += (int32_t)a[i] * b[i];
  return acc;
}

__attribute__((noinline)) void fully_connected_s8(const int8_t *in, const int8_t *w, const int32_t *bias, int8_t *out,
                                                   int n_in, int n_out, int32_t multiplier, int shift, int relu) {
  for (int o = 0; o < n_out; ++o) {
    int32_t acc = dot_s8(in, w + o * n_in, n_in) + (bias ? bias[o] : 0);
    int32_t v = requantize(acc, multiplier, shift);
    if (relu && v < 0) v = 0;
    out[o] = (int8_t)(v > 127 ? 127 : v < -128 ? -128 : v);
  }
}

__attribute__((noinline)) static int argmax_s8(const int8_t *v, int n) {
  int best = 0;
  for (int i = 1; i < n; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}

__attribute__((noinline)) static int run_inference(void) {
  fully_connected_s8(input, &w1[0][0], b1, hidden, IN, HIDDEN, 1518500250, 6, 1);
  fully_connected_s8(hidden, &w2[0][0], 0, logits, HIDDEN, OUT, 1518500250, 5, 0);
  return argmax_s8(logits, OUT);
}

static volatile uint32_t infer_checksum, infer_done;

static void inference_thread(void *p1, void *p2, void *p3) {
  (void)p1, (void)p2, (void)p3;
  for (int o = 0; o < HIDDEN; ++o) {
    b1[o] = (int32_t)(lcg() >> 20) - 2048;
    for (int i = 0; i < IN; ++i) w1[o][i] = (int8_t)(lcg() >> 24);
  }
  for (int o = 0; o < OUT; ++o)
    for (int i = 0; i < HIDDEN; ++i) w2[o][i] = (int8_t)(lcg() >> 24);
  uint32_t sum = 0;
  for (int n = 0; n < INFERENCES; ++n) {
    for (int i = 0; i < IN; ++i) input[i] = (int8_t)(lcg() >> 24);
    int cls = run_inference();
    sum = sum * 31u + (uint32_t)cls * 256u + (uint8_t)logits[cls];
#if !defined(ZEPHYR_NO_MULTITHREADING)
    k_msleep(2);
#endif
  }
#if defined(ZEPHYR_PERIODIC)
  for (int n = 0; n < ZEPHYR_PERIODIC; ++n) {
    k_msleep(50);
    sum = sum * 31u + (uint32_t)run_inference();
  }
#endif
  infer_checksum = sum;
  infer_done = 1;
}

/* ---- the periodic timer thread: wakes every 3 ms, samples, sleeps ---- */

static volatile uint32_t timer_periods, timer_crc, timer_late;

__attribute__((noinline)) static uint32_t sample_sensor(uint32_t crc, uint32_t value) {
  crc ^= value;
  for (int k = 0; k < 32; ++k) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1u));
  return crc;
}

static void timer_thread(void *p1, void *p2, void *p3) {
  (void)p2, (void)p3;
  uint32_t period_ms = (uint32_t)(uintptr_t)p1, crc = 0xFFFFFFFFu;
  for (uint32_t n = 0; n < TIMER_PERIODS; ++n) {
    int64_t before = k_uptime_ticks();
    k_msleep((int32_t)period_ms);
    if (k_uptime_ticks() - before < (int64_t)period_ms) timer_late++; /* woke early: wrong */
    crc = sample_sensor(crc, n);
    timer_periods++;
  }
  timer_crc = ~crc;
}

/* ---- main ---- */

K_THREAD_STACK_DEFINE(inference_stack, 1024);
K_THREAD_STACK_DEFINE(timer_stack, 512);
static struct k_thread inference_tid, timer_tid;

static volatile uint32_t offload_ipsr, offload_basepri;
static void offloaded(const void *param) {
  offload_ipsr = get_ipsr();
  offload_basepri = get_basepri();
  *(volatile uint32_t *)param = 1;
}

#if defined(ZEPHYR_NO_MULTITHREADING)
/* No threads: main runs the inferences itself and ends the run. */
int main(void) {
  printk("*** Booting Zephyr-shaped kernel (mcusim test), no multithreading ***\n");
  inference_thread(0, 0, 0);
  printk("inference: %d runs, checksum %08lx\n", INFERENCES, (unsigned long)infer_checksum);
  printk("zephyr: PASS\n");
  sys_exit(0);
}
#else
#if defined(ZEPHYR_TICKLESS)
/* Tickless: one SysTick interrupt per timeout, up to the 24-bit counter's
 * limit; the cycles a sleep took, by DWT CYCCNT. */
static void tickless_sleep(int32_t ms) {
  DEMCR |= 1u << 24; /* TRCENA */
  DWT_CTRL |= 1u;    /* CYCCNTENA */
  uint32_t isr0 = sys_clock_isr_count, c0 = DWT_CYCCNT;
  int64_t t0 = k_uptime_ticks();
  k_msleep(ms);
  uint32_t c1 = DWT_CYCCNT, isr1 = sys_clock_isr_count;
  int64_t ticks = k_uptime_ticks() - t0;
#if defined(ZEPHYR_TICKLESS_CYCLES)
  printk("tickless: k_msleep(%ld): %lu cycles, %lu ticks, %lu SysTick interrupts\n", (long)ms,
         (unsigned long)(c1 - c0), (unsigned long)ticks, (unsigned long)(isr1 - isr0));
#else
  /* The same on every board and on QEMU (no DWT there, ticks in host
   * time): the sleep took at least its ticks, and at least as many SysTick
   * interrupts as timeouts of at most 24 bits of cycles cover its ticks.
   * No upper bound here: QEMU's SysTick runs on host time, and on a loaded
   * host the time between reading and reprogramming the counter can add an
   * interrupt (seen in CI); the exact count is checked on mcusim alone
   * (ZEPHYR_TICKLESS_CYCLES, ZephyrCliTest). */
  (void)c0, (void)c1;
  uint32_t max_ticks = 0x00FFFFFFu / (sys_clock_hw_cycles_per_sec() / TICKS_PER_SEC) - 1u;
  uint32_t isr = isr1 - isr0, fewest = ((uint32_t)ms + 1u + max_ticks - 1u) / max_ticks;
  printk("tickless: k_msleep(%ld): at least %ld ticks: %s, a SysTick interrupt for each 24-bit timeout: %s\n",
         (long)ms, (long)ms, ticks >= ms ? "yes" : "no", isr >= fewest ? "yes" : "no");
#endif
}
#endif

int main(void) {
  printk("*** Booting Zephyr-shaped kernel (mcusim test) ***\n");
  int ok = 1;
#if defined(ZEPHYR_TICKLESS)
  tickless_sleep(500);
  tickless_sleep(1500);
#endif

  /* irq_lock raises BASEPRI to the lock level and returns the old value. */
  unsigned int key = irq_lock();
  uint32_t locked = get_basepri();
  /* irq_offload: SVC is above the lock, so it runs in handler mode (IPSR 11)
   * while interrupts stay locked. */
  volatile uint32_t ran = 0;
  irq_offload(offloaded, (const void *)&ran);
  irq_unlock(key);
  printk("irq_lock: key %u, BASEPRI 0x%02x, after unlock 0x%02x\n", key, (unsigned)locked, (unsigned)get_basepri());
  printk("irq_offload: ran %u, IPSR %u, BASEPRI 0x%02x\n", (unsigned)ran, (unsigned)offload_ipsr,
         (unsigned)offload_basepri);
  ok &= key == 0 && locked == EXC_IRQ_DEFAULT_PRIO && ran == 1 && offload_ipsr == 11;

  int64_t t0 = k_uptime_ticks();
  k_msleep(10);
  int64_t slept = k_uptime_ticks() - t0;
  printk("k_msleep(10): at least 10 ticks: %s\n", slept >= 10 ? "yes" : "no");
  ok &= slept >= 10;

#if defined(ZEPHYR_TICK_STOPPED)
  printk("stopping SysTick, then every thread sleeps forever\n");
  SYST_CSR = 0;
  k_sleep_ticks(K_FOREVER);
#elif defined(ZEPHYR_ALL_ASLEEP)
  printk("every thread sleeps forever, the tick runs on\n");
  k_sleep_ticks(K_FOREVER);
#endif

  k_thread_create(&inference_tid, inference_stack, K_THREAD_STACK_SIZEOF(inference_stack), inference_thread, 0, 0, 0,
                  5, "inference");
  k_thread_create(&timer_tid, timer_stack, K_THREAD_STACK_SIZEOF(timer_stack), timer_thread, (void *)(uintptr_t)3u, 0,
                  0, 2, "timer");
  while (!(infer_done && timer_periods == TIMER_PERIODS)) k_msleep(20);

  printk("inference: %d runs, checksum %08lx\n", INFERENCES, (unsigned long)infer_checksum);
  printk("timer: %u periods, crc %08lx, woke early %u\n", (unsigned)timer_periods, (unsigned long)timer_crc,
         (unsigned)timer_late);
  printk("context switches > 0: %s\n", z_context_switches ? "yes" : "no");
  const struct k_thread *all[] = {&z_main_thread, &inference_tid, &timer_tid, &z_idle_threads[0]};
  for (unsigned i = 0; i < sizeof all / sizeof all[0]; ++i) {
    size_t unused = k_thread_stack_unused(all[i]);
#if defined(ZEPHYR_PERIODIC)
    printk("stack %s: %u of %u bytes used\n", all[i]->name, (unsigned)(all[i]->stack_size - unused),
           (unsigned)all[i]->stack_size);
#endif
    printk("stack %s: used and unused > 0: %s\n", all[i]->name,
           unused > 0 && unused < all[i]->stack_size ? "yes" : "no");
    ok &= unused > 0 && unused < all[i]->stack_size;
  }
  ok &= timer_late == 0;
  printk("zephyr: %s\n", ok ? "PASS" : "FAIL");
  sys_exit(ok ? 0 : 1);
}

#endif

/* Zephyr's main thread runs bg_thread_main, which finishes the kernel's
 * initialisation and then calls main. */
void bg_thread_main(void *p1, void *p2, void *p3) {
  (void)p1, (void)p2, (void)p3;
  (void)main();
}

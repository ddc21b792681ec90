/* A small kernel in RTX5's shape (our own code): the caller-side API
 * (osXxx) enters the kernel through SVC 0 with the service's address in
 * r12 (RTX's __svcXxx wrappers), or, from an interrupt handler, takes the
 * ISR path (isrRtxXxx) that changes the object with exclusive loads and
 * stores and leaves the rest to PendSV through the ISR post-processing
 * queue. Scheduling: a ready list sorted by priority (RTX's
 * osRtxThreadListPut), a delta-sorted delay list driven by the tick, an
 * idle thread and a timer thread, both created by osKernelStart from
 * statically allocated control blocks and stacks as RTX_Config.c does. */
#include "rtx_os.h"

#include "rtx_hw.h"
#include "rtx_memory.h"

osRtxInfo_t osRtxInfo = {.os_id = osRtxKernelId, .version = osRtxVersionKernel};

/* ---- exclusive-access helpers (RTX's rtx_core_cm.h atomic_*: LDREX/STREX
 * loops, so that an interrupt between the load and the store makes the
 * store fail and the loop retry) ---- */
static inline uint32_t ldrex32(volatile uint32_t *p) {
  uint32_t v;
  __asm volatile("ldrex %0, [%1]" : "=r"(v) : "r"(p) : "memory");
  return v;
}
static inline uint32_t strex32(uint32_t v, volatile uint32_t *p) {
  uint32_t failed;
  __asm volatile("strex %0, %1, [%2]" : "=&r"(failed) : "r"(v), "r"(p) : "memory");
  return failed;
}
static inline uint16_t ldrex16(volatile uint16_t *p) {
  uint32_t v;
  __asm volatile("ldrexh %0, [%1]" : "=r"(v) : "r"(p) : "memory");
  return (uint16_t)v;
}
static inline uint32_t strex16(uint16_t v, volatile uint16_t *p) {
  uint32_t failed;
  __asm volatile("strexh %0, %1, [%2]" : "=&r"(failed) : "r"((uint32_t)v), "r"(p) : "memory");
  return failed;
}
static inline void clrex(void) { __asm volatile("clrex" ::: "memory"); }

uint32_t rtx_strex_retries; /* how often a store-exclusive failed and the loop ran again */

/* atomic_set32: flags |= bits; returns the new value. */
static uint32_t atomic_set32(volatile uint32_t *p, uint32_t bits) {
  for (;;) {
    uint32_t v = ldrex32(p) | bits;
    if (!strex32(v, p)) return v;
    rtx_strex_retries++;
  }
}

/* atomic_chk32_any: when any of `bits` is set, clear them; returns the
 * value before (0: none set, nothing cleared). */
static uint32_t atomic_chk32_any(volatile uint32_t *p, uint32_t bits) {
  for (;;) {
    uint32_t v = ldrex32(p);
    if ((v & bits) == 0) {
      clrex();
      return 0;
    }
    if (!strex32(v & ~bits, p)) return v;
    rtx_strex_retries++;
  }
}

/* atomic_inc16_lt: ++*p when *p < limit; returns the value before. */
static uint16_t atomic_inc16_lt(volatile uint16_t *p, uint16_t limit) {
  for (;;) {
    uint16_t v = ldrex16(p);
    if (v >= limit) {
      clrex();
      return v;
    }
    if (!strex16((uint16_t)(v + 1u), p)) return v;
    rtx_strex_retries++;
  }
}

/* atomic_inc16_lim: *p = (*p + 1) % limit; returns the value before. */
static uint16_t atomic_inc16_lim(volatile uint16_t *p, uint16_t limit) {
  for (;;) {
    uint16_t v = ldrex16(p);
    uint16_t n = (uint16_t)(v + 1u);
    if (n >= limit) n = 0;
    if (!strex16(n, p)) return v;
    rtx_strex_retries++;
  }
}

static uint16_t atomic_dec16_nz(volatile uint16_t *p) {
  for (;;) {
    uint16_t v = ldrex16(p);
    if (v == 0) {
      clrex();
      return 0;
    }
    if (!strex16((uint16_t)(v - 1u), p)) return v;
    rtx_strex_retries++;
  }
}

/* ---- SVC entry: RTX's SVC0_n macros ---- */
static inline uint32_t svc4(void *fn, uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3) {
  register uint32_t r0 __asm("r0") = a0;
  register uint32_t r1 __asm("r1") = a1;
  register uint32_t r2 __asm("r2") = a2;
  register uint32_t r3 __asm("r3") = a3;
  register uint32_t r12 __asm("r12") = (uint32_t)(uintptr_t)fn;
  __asm volatile("svc 0" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3), "r"(r12) : "memory");
  return r0;
}
#define SVC0(fn) svc4((void *)(fn), 0, 0, 0, 0)
#define SVC1(fn, a) svc4((void *)(fn), (uint32_t)(a), 0, 0, 0)
#define SVC2(fn, a, b) svc4((void *)(fn), (uint32_t)(a), (uint32_t)(b), 0, 0)
#define SVC4(fn, a, b, c, d) svc4((void *)(fn), (uint32_t)(a), (uint32_t)(b), (uint32_t)(c), (uint32_t)(d))

static inline uint32_t ipsr(void) {
  uint32_t v;
  __asm volatile("mrs %0, ipsr" : "=r"(v));
  return v;
}

/* ---- thread lists ---- */
static osRtxThread_t *running(void) { return osRtxInfo.thread.run.next; }

static void ready_put(osRtxThread_t *t) {
  osRtxThread_t *prev = NULL, *next = osRtxInfo.thread.ready.thread_list;
  while (next && next->priority >= t->priority) prev = next, next = next->thread_next;
  t->thread_prev = prev;
  t->thread_next = next;
  if (next) next->thread_prev = t;
  if (prev) prev->thread_next = t;
  else osRtxInfo.thread.ready.thread_list = t;
  t->state = osRtxThreadReady;
}

static osRtxThread_t *ready_get(void) {
  osRtxThread_t *t = osRtxInfo.thread.ready.thread_list;
  osRtxInfo.thread.ready.thread_list = t->thread_next;
  if (t->thread_next) t->thread_next->thread_prev = NULL;
  t->thread_next = t->thread_prev = NULL;
  return t;
}

static void thread_switch(osRtxThread_t *t) {
  t->state = osRtxThreadRunning;
  osRtxInfo.thread.run.next = t;
}

/* osRtxThreadDispatch: `t` became ready; it runs now if it beats the
 * running thread. NULL: compare the ready list's head. */
static void thread_dispatch(osRtxThread_t *t) {
  osRtxThread_t *run = running();
  if (t == NULL) {
    t = osRtxInfo.thread.ready.thread_list;
    if (t == NULL || run == NULL || run->state != osRtxThreadRunning || t->priority <= run->priority) return;
    ready_get();
  } else if (run != NULL && run->state == osRtxThreadRunning && t->priority <= run->priority) {
    ready_put(t);
    return;
  }
  if (run != NULL && run->state == osRtxThreadRunning) ready_put(run);
  thread_switch(t);
}

/* The running thread stops (blocked or gone); the best ready one runs. */
static void thread_block_running(uint8_t state) {
  running()->state = state;
  thread_switch(ready_get());
}

/* RTX's osRtxThreadRegPtr: a switched-out thread's stacked r0, past r4-r11
 * and, for an extended frame, s16-s31. */
static uint32_t *thread_r0(const osRtxThread_t *t) {
  uint32_t ofs = (t->stack_frame & 0x10u) ? 8u * 4u : (8u + 16u) * 4u;
  return (uint32_t *)(uintptr_t)(t->sp + ofs);
}

static void delay_put(osRtxThread_t *t, uint32_t ticks) {
  osRtxThread_t *prev = NULL, *next = osRtxInfo.thread.delay_list;
  while (next && ticks >= next->delay) ticks -= next->delay, prev = next, next = next->delay_next;
  t->delay = ticks;
  t->delay_prev = prev;
  t->delay_next = next;
  if (next) next->delay -= ticks, next->delay_prev = t;
  if (prev) prev->delay_next = t;
  else osRtxInfo.thread.delay_list = t;
}

/* ---- threads ---- */
static void svcThreadExit(void);
void osThreadExit(void) {
  SVC0(svcThreadExit);
  for (;;) {
  }
}

#if defined(RTX_POOL_STACKS)
/* RTX_Config.c's memory: the global dynamic memory (os_mem,
 * OS_DYNAMIC_MEM_SIZE; osRtxInfo.mem.common and, with no separate stack
 * area, mem.stack too) and the fixed-size stack pool (os_thread_stack,
 * OS_THREAD_NUM blocks of OS_STACK_SIZE; osRtxInfo.mpi.stack). */
static uint64_t os_mem[OS_DYNAMIC_MEM_SIZE / 8];
static uint64_t os_thread_stack[OS_THREAD_NUM * OS_STACK_SIZE / 8];
static osRtxMpInfo_t os_mpi_thread_stack;
#endif

static osThreadId_t svcThreadNew(osThreadFunc_t func, void *argument, const osThreadAttr_t *attr) {
  osRtxThread_t *t = attr->cb_mem;
  uint32_t *stack = attr->stack_mem;
  uint32_t stack_size = attr->stack_size;
#if defined(RTX_POOL_STACKS)
  /* osThreadNew without cb_mem/stack_mem: the control block from the
   * common memory (type 1: an object), the stack from the fixed-size pool
   * when it is the default size, else from the stack memory (type 0). */
  if (!t) t = osRtxMemoryAlloc(osRtxInfo.mem.common, sizeof(osRtxThread_t), 1u);
  if (!stack) {
    if (stack_size == 0) stack_size = OS_STACK_SIZE;
    if (osRtxInfo.mpi.stack && stack_size == OS_STACK_SIZE) stack = osRtxMemoryPoolAlloc(osRtxInfo.mpi.stack);
    else stack = osRtxMemoryAlloc(osRtxInfo.mem.stack, stack_size, 0u);
  }
#endif
  uint32_t words = stack_size / 4u;
  if (!t || !stack || ((uintptr_t)stack & 7u) || stack_size < 128u || (stack_size & 7u)) return NULL;
  /* osRtxConfig's watermark option: the whole stack filled, then the
   * magic word at its base (checked for overflow at every switch by RTX's
   * stack check; here by the application at the end). */
  for (uint32_t i = 0; i < words; ++i) stack[i] = osRtxStackFillPattern;
  stack[0] = osRtxStackMagicWord;
  /* The first frame: r4-r11, then what exception return pops. */
  uint32_t *sp = stack + words - 16u;
  for (int i = 0; i < 8; ++i) sp[i] = 0x04040404u * (uint32_t)(4 + i); /* r4..r11: recognisable */
  sp[8] = (uint32_t)(uintptr_t)argument;            /* r0 */
  sp[9] = sp[10] = sp[11] = sp[12] = 0;             /* r1-r3, r12 */
  sp[13] = (uint32_t)(uintptr_t)osThreadExit;       /* lr: a returning thread exits */
  sp[14] = (uint32_t)(uintptr_t)func & ~1u;         /* pc */
  sp[15] = 0x01000000u;                             /* xPSR: Thumb */
  *t = (osRtxThread_t){0};
  t->id = osRtxIdThread;
  t->name = attr->name;
  t->priority = t->priority_base = (int8_t)(attr->priority ? attr->priority : osPriorityNormal);
  t->stack_frame = 0xFDu; /* thread mode, PSP, basic frame */
  t->stack_mem = stack;
  t->stack_size = stack_size;
  t->sp = (uint32_t)(uintptr_t)sp;
  t->thread_addr = (uint32_t)(uintptr_t)func;
  if (osRtxInfo.kernel.state == osRtxKernelRunning) thread_dispatch(t);
  else ready_put(t);
  return t;
}

osThreadId_t osThreadNew(osThreadFunc_t func, void *argument, const osThreadAttr_t *attr) {
  if (ipsr()) return NULL;
  return (osThreadId_t)SVC4(svcThreadNew, func, argument, attr, 0);
}

static osThreadId_t svcThreadGetId(void) { return running(); }
osThreadId_t osThreadGetId(void) { return ipsr() ? running() : (osThreadId_t)SVC0(svcThreadGetId); }

static void svcThreadExit(void) {
  osRtxThread_t *t = running();
  t->thread_next = osRtxInfo.thread.terminate_list;
  thread_block_running(osRtxThreadInactive);
  osRtxInfo.thread.terminate_list = t;
}

static osStatus_t svcDelay(uint32_t ticks) {
  if (ticks == 0) return osOK;
  osRtxThread_t *t = running();
  thread_block_running(osRtxThreadWaitingDelay);
  delay_put(t, ticks);
  return osOK;
}
osStatus_t osDelay(uint32_t ticks) { return ipsr() ? osErrorISR : (osStatus_t)SVC1(svcDelay, ticks); }

static uint32_t svcKernelGetTickCount(void) { return osRtxInfo.kernel.tick; }
uint32_t osKernelGetTickCount(void) { return ipsr() ? osRtxInfo.kernel.tick : SVC0(svcKernelGetTickCount); }

/* ---- event flags ---- */
/* The waiting threads whose flags are now there run again, with the flags
 * as osEventFlagsWait's result (written into their stacked r0). */
static void event_flags_post(osRtxEventFlags_t *ef) {
  osRtxThread_t **link = &ef->thread_list;
  while (*link) {
    osRtxThread_t *t = *link;
    uint32_t got = atomic_chk32_any(&ef->event_flags, t->wait_flags);
    if (!got) {
      link = &t->thread_next;
      continue;
    }
    *link = t->thread_next;
    t->thread_next = NULL;
    *thread_r0(t) = got;
    thread_dispatch(t);
  }
}

static osEventFlagsId_t svcEventFlagsNew(osRtxEventFlags_t *cb, const char *name) {
  *cb = (osRtxEventFlags_t){.id = osRtxIdEventFlags, .name = name};
  return cb;
}
osEventFlagsId_t osEventFlagsNew(osRtxEventFlags_t *cb, const char *name) {
  return ipsr() ? NULL : (osEventFlagsId_t)SVC2(svcEventFlagsNew, cb, name);
}

static uint32_t svcEventFlagsSet(osRtxEventFlags_t *ef, uint32_t flags) {
  atomic_set32(&ef->event_flags, flags);
  event_flags_post(ef);
  return ef->event_flags;
}

/* RTX's osRtxPostProcess: the object into the ISR queue, PendSV pending. */
static void post_process(void *object) {
  if (atomic_inc16_lt(&osRtxInfo.isr_queue.cnt, osRtxInfo.isr_queue.max) < osRtxInfo.isr_queue.max) {
    uint16_t in = atomic_inc16_lim(&osRtxInfo.isr_queue.in, osRtxInfo.isr_queue.max);
    osRtxInfo.isr_queue.data[in] = object;
    SCB_ICSR = ICSR_PENDSVSET;
  }
}

static uint32_t isrEventFlagsSet(osRtxEventFlags_t *ef, uint32_t flags) {
  uint32_t v = atomic_set32(&ef->event_flags, flags);
  post_process(ef);
  return v;
}

uint32_t osEventFlagsSet(osEventFlagsId_t ef, uint32_t flags) {
  if (!ef || ef->id != osRtxIdEventFlags || (flags & 0x80000000u)) return osFlagsErrorParameter;
  return ipsr() ? isrEventFlagsSet(ef, flags) : SVC2(svcEventFlagsSet, ef, flags);
}

static uint32_t svcEventFlagsWait(osRtxEventFlags_t *ef, uint32_t flags, uint32_t options, uint32_t timeout) {
  uint32_t got = atomic_chk32_any(&ef->event_flags, flags);
  if (got) return got;
  if (timeout != osWaitForever || options != osFlagsWaitAny) return osFlagsErrorResource; /* not needed here */
  osRtxThread_t *t = running();
  t->wait_flags = flags;
  t->flags_options = (uint8_t)options;
  thread_block_running(osRtxThreadWaitingEventFlags);
  osRtxThread_t **link = &ef->thread_list;
  while (*link) link = &(*link)->thread_next;
  *link = t;
  t->thread_next = NULL;
  return osFlagsErrorResource; /* replaced by the flags when it wakes */
}
uint32_t osEventFlagsWait(osEventFlagsId_t ef, uint32_t flags, uint32_t options, uint32_t timeout) {
  if (ipsr()) return osFlagsErrorParameter;
  return SVC4(svcEventFlagsWait, ef, flags, options, timeout);
}

/* ---- timers and the timer thread ---- */
static osRtxEventFlags_t timer_thread_flags;
static osRtxTimer_t *timer_fired[8];
static uint32_t timer_fired_in, timer_fired_out;

static osTimerId_t svcTimerNew(osRtxTimer_t *cb, void (*func)(void *), void *arg, const char *name) {
  *cb = (osRtxTimer_t){.id = osRtxIdTimer, .state = 1 /* stopped */, .type = 1 /* periodic */, .name = name};
  cb->finfo.func = func;
  cb->finfo.arg = arg;
  return cb;
}
osTimerId_t osTimerNew(osRtxTimer_t *cb, void (*func)(void *), void *arg, const char *name) {
  return ipsr() ? NULL : (osTimerId_t)SVC4(svcTimerNew, cb, func, arg, name);
}

static osStatus_t svcTimerStart(osRtxTimer_t *timer, uint32_t ticks) {
  if (ticks == 0) return osError;
  timer->load = timer->tick = ticks;
  timer->state = 2; /* running */
  timer->next = osRtxInfo.timer.list;
  osRtxInfo.timer.list = timer;
  return osOK;
}
osStatus_t osTimerStart(osTimerId_t timer, uint32_t ticks) {
  return ipsr() ? osErrorISR : (osStatus_t)SVC2(svcTimerStart, timer, ticks);
}

/* osRtxTimerTick, called by the tick: an expired timer goes to the timer
 * thread (RTX puts its callback into the timer message queue). */
static void timer_tick(void) {
  for (osRtxTimer_t *t = osRtxInfo.timer.list; t; t = t->next) {
    if (--t->tick) continue;
    t->tick = t->load;
    if (timer_fired_in - timer_fired_out < 8u) timer_fired[timer_fired_in++ % 8u] = t;
    atomic_set32(&timer_thread_flags.event_flags, 1u);
    event_flags_post(&timer_thread_flags);
  }
}

static void osRtxTimerThread(void *arg) {
  (void)arg;
  for (;;) {
    osEventFlagsWait(&timer_thread_flags, 1u, osFlagsWaitAny, osWaitForever);
    while (timer_fired_out != timer_fired_in) {
      osRtxTimer_t *t = timer_fired[timer_fired_out++ % 8u];
      t->finfo.func(t->finfo.arg);
    }
  }
}

/* Mbed OS's idle thread: sleep until the next interrupt. */
static void osRtxIdleThread(void *arg) {
  (void)arg;
  for (;;) __asm volatile("wfi");
}

/* ---- interrupt side ---- */
void osRtxPendSV_Handler(void) {
  while (atomic_dec16_nz(&osRtxInfo.isr_queue.cnt)) {
    uint16_t out = atomic_inc16_lim(&osRtxInfo.isr_queue.out, osRtxInfo.isr_queue.max);
    osRtxObject_t *object = osRtxInfo.isr_queue.data[out];
    if (object->id == osRtxIdEventFlags) osRtxInfo.post_process.event_flags((osRtxEventFlags_t *)object);
  }
  thread_dispatch(NULL);
}

void rtx_tick_hook(uint32_t tick); /* the application's (an Mbed ticker's) per-tick work */

void osRtxTick_Handler(void) {
  osRtxInfo.kernel.tick++;
  osRtxThread_t *t = osRtxInfo.thread.delay_list;
  if (t) t->delay--;
  while ((t = osRtxInfo.thread.delay_list) && t->delay == 0) {
    osRtxInfo.thread.delay_list = t->delay_next;
    if (t->delay_next) t->delay_next->delay_prev = NULL;
    t->delay_next = NULL;
    thread_dispatch(t);
  }
  if (osRtxInfo.timer.tick) osRtxInfo.timer.tick();
  rtx_tick_hook(osRtxInfo.kernel.tick);
}

/* ---- kernel start ---- */
static osRtxThread_t os_idle_thread_cb, os_timer_thread_cb;
static uint64_t os_idle_thread_stack[OS_IDLE_THREAD_STACK_SIZE / 8];
static uint64_t os_timer_thread_stack[OS_TIMER_THREAD_STACK_SIZE / 8];
static void *os_isr_queue[OS_ISR_FIFO_QUEUE];

static int32_t svcKernelInitialize(void) {
  if (osRtxInfo.kernel.state != osRtxKernelInactive) return osError;
  osRtxInfo.isr_queue.max = OS_ISR_FIFO_QUEUE;
  osRtxInfo.isr_queue.data = os_isr_queue;
  osRtxInfo.post_process.event_flags = event_flags_post;
#if defined(RTX_POOL_STACKS)
  osRtxMemoryInit(os_mem, sizeof os_mem);
  osRtxInfo.mem.stack = osRtxInfo.mem.common = os_mem;
  osRtxMemoryPoolInit(&os_mpi_thread_stack, OS_THREAD_NUM, OS_STACK_SIZE, os_thread_stack);
  osRtxInfo.mpi.stack = &os_mpi_thread_stack;
#endif
  osRtxInfo.kernel.state = osRtxKernelReady;
  return osOK;
}
int32_t osKernelInitialize(void) { return ipsr() ? osErrorISR : (int32_t)SVC0(svcKernelInitialize); }

static int32_t svcKernelStart(void) {
  if (osRtxInfo.kernel.state != osRtxKernelReady) return osError;
  static const osThreadAttr_t idle = {"osRtxIdleThread", &os_idle_thread_cb, os_idle_thread_stack,
                                      sizeof os_idle_thread_stack, osPriorityIdle};
  static const osThreadAttr_t timer = {"osRtxTimerThread", &os_timer_thread_cb, os_timer_thread_stack,
                                       sizeof os_timer_thread_stack, osPriorityRealtime - 8};
  osRtxInfo.thread.idle = svcThreadNew(osRtxIdleThread, NULL, &idle);
  timer_thread_flags = (osRtxEventFlags_t){.id = osRtxIdEventFlags, .name = "osRtxTimerThread"};
  osRtxInfo.timer.thread = svcThreadNew(osRtxTimerThread, NULL, &timer);
  osRtxInfo.timer.tick = timer_tick;
  /* SVC one level above PendSV and the tick, which are the lowest
   * (RTX's SVC_Setup and OS_Tick_Setup); the tick at OS_TICK_FREQ. */
  SCB_SHPR2 = 0xFEu << 24;
  SCB_SHPR3 = (0xFFu << 24) | (0xFFu << 16);
  SYST_RVR = SystemCoreClock / OS_TICK_FREQ - 1u;
  SYST_CVR = 0;
  SYST_CSR = 7u; /* processor clock, interrupt, enable */
  osRtxInfo.thread.robin.timeout = 0;
  osRtxInfo.tick_irqn = -1; /* SysTick_IRQn */
  osRtxInfo.kernel.state = osRtxKernelRunning;
  thread_switch(ready_get()); /* the first switch: run.curr is NULL, nothing to save */
  return osOK;
}
int32_t osKernelStart(void) { return ipsr() ? osErrorISR : (int32_t)SVC0(svcKernelStart); }

/* An RTOS in FreeRTOS's shape, written for mcusim's tests: inference in a
 * task, task stacks on the PSP, a PendSV context switch, SysTick
 * preemption, SVC 0 starting the first task, an idle task in WFI.
 *
 * The facts followed are FreeRTOS's Cortex-M4F port conventions, not its
 * code: the TCB's first word is the task's saved stack pointer; stacks are
 * static arrays in .bss filled with 0xa5 at creation; a new task's stack
 * holds an exception frame (xPSR T bit, PC = task entry, LR = a trap),
 * EXC_RETURN 0xfffffffd and r4-r11; PendSV saves r4-r11 and EXC_RETURN on
 * the PSP, and s16-s31 too when EXC_RETURN bit 4 is clear (an FP frame,
 * lazily stacked), then switches TCBs; starting the scheduler writes SHPR3
 * (PendSV and SysTick at the lowest priority), resets the MSP to the vector
 * table's initial value and takes SVC 0, whose handler returns into the
 * first task. Ticks round-robin tasks of equal priority.
 *
 * The TCB has FreeRTOS's field order (tasks.c, default configuration), so
 * that debuggers' task awareness (and mcusim's, profiler/freertos_tasks.h)
 * finds the tasks: pxTopOfStack, xStateListItem and xEventListItem
 * (ListItem_t: value, next, previous, owner = the TCB, container),
 * uxPriority, pxStack (the stack's low end), pcTaskName[16]; the running
 * task's TCB is `pxCurrentTCB`. By default the stacks and TCBs are static
 * buffers (xTaskCreateStatic). With HEAP_STACKS they come from one heap
 * array in heap_4's shape, as xTaskCreate gets them: `ucHeap`, a first-fit
 * allocator over an address-ordered free list, a BlockLink_t header
 * (pxNextFreeBlock, xBlockSize; an allocated block has a null next and the
 * top bit of its size set, the size counting the 8-byte header) before
 * each block, blocks rounded up to 8 bytes and split when the rest is
 * larger than two headers; the stack is allocated before the TCB. With
 * HEAP1_STACKS, heap_1's shape (handed out in order from `ucHeap` with no
 * header, so a TCB follows its stack); with HEAP3_STACKS, heap_3's (the C
 * library's malloc). With TCB_OWNERS_UNSET the list items do not point back to their TCB (a layout
 * a debugger would not recognise).
 *
 * CMSIS_OS2 (implies HEAP_STACKS) creates the tasks as STM32Cube's
 * CMSIS-RTOS2 wrapper over FreeRTOS does (cmsis_os2.c's osThreadNew, our
 * own code): with cb_mem and stack_mem given, xTaskCreateStatic on them
 * (infer, as CubeMX generates: a static buffer and control block); with
 * neither, xTaskCreate from the heap (worker, IDLE). With TCB_CONFIG_FIELDS
 * the TCB has the fields configRECORD_STACK_HIGH_ADDRESS,
 * portCRITICAL_NESTING_IN_TCB, configUSE_TRACE_FACILITY and
 * configUSE_MUTEXES add after pcTaskName (pxEndOfStack,
 * uxCriticalNesting, uxTCBNumber, uxTaskNumber, uxBasePriority,
 * uxMutexesHeld), which CubeMX's FreeRTOSConfig.h turns on.
 *
 * Output does not depend on when ticks arrive (QEMU's SysTick follows the
 * host's clock): only results that every interleaving gives are printed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_hw.h"

#if defined(CMSIS_OS2) && !defined(HEAP_STACKS)
#define HEAP_STACKS
#endif

#define SCB_VTOR REG32(0xE000ED08u)
#define FPU_FPCCR REG32(0xE000EF34u)
#define FPCCR_ASPEN_LSPEN (3u << 30)
#define STACK_FILL 0xa5a5a5a5u
#if defined(PERIODIC)
/* mcusim only (not a differential program): PERIODIC inferences 100 ticks
 * apart, ticks of 1 ms at 25 MHz, the idle task in WFI between them; and
 * each task's stack use as the firmware itself measures it. */
#define TICK_CYCLES 25000u
#else
#define TICK_CYCLES 20000u
#endif

enum task_state { READY, BLOCKED, DONE };

typedef struct list_item {
  uint32_t xItemValue;
  struct list_item *pxNext, *pxPrevious;
  void *pvOwner;
  void *pvContainer;
} ListItem_t;

#define MAX_PRIORITIES 4
#define MAX_TASK_NAME_LEN 16

struct tcb {
  volatile uint32_t *pxTopOfStack; /* first member: PendSV reads and writes it */
  ListItem_t xStateListItem;
  ListItem_t xEventListItem;
  uint32_t uxPriority;
  uint32_t *pxStack;
  char pcTaskName[MAX_TASK_NAME_LEN];
#if defined(TCB_CONFIG_FIELDS)
  uint32_t *pxEndOfStack; /* configRECORD_STACK_HIGH_ADDRESS: the initial top of stack */
  uint32_t uxCriticalNesting;
  uint32_t uxTCBNumber, uxTaskNumber; /* configUSE_TRACE_FACILITY */
  uint32_t uxBasePriority, uxMutexesHeld; /* configUSE_MUTEXES */
#endif
  /* this scheduler's own */
  enum task_state state;
  uint32_t wake_tick;
  uint32_t stack_words;
};

#define INFER_WORDS 512
#define WORKER_WORDS 384
#define IDLE_WORDS 1024 /* printf runs here */

#if defined(HEAP_STACKS)
/* heap_4's shape: one array, BlockLink_t before each block. */
#define TOTAL_HEAP_SIZE 8192u
#define HEAP_ALIGNMENT 8u
#define ALLOCATED_BIT 0x80000000u
typedef struct block_link {
  struct block_link *pxNextFreeBlock;
  uint32_t xBlockSize;
} BlockLink_t;
#define HEAP_STRUCT_SIZE ((sizeof(BlockLink_t) + HEAP_ALIGNMENT - 1u) & ~(HEAP_ALIGNMENT - 1u))
#define MINIMUM_BLOCK_SIZE (2u * HEAP_STRUCT_SIZE)

static uint8_t ucHeap[TOTAL_HEAP_SIZE] __attribute__((aligned(8)));
static BlockLink_t xStart, *pxEnd;

static void heap_init(void) {
  uintptr_t start = (uintptr_t)ucHeap;
  uintptr_t end = (start + TOTAL_HEAP_SIZE - HEAP_STRUCT_SIZE) & ~(uintptr_t)(HEAP_ALIGNMENT - 1u);
  pxEnd = (BlockLink_t *)end;
  pxEnd->xBlockSize = 0;
  pxEnd->pxNextFreeBlock = 0;
  BlockLink_t *first = (BlockLink_t *)start;
  first->xBlockSize = (uint32_t)(end - start);
  first->pxNextFreeBlock = pxEnd;
  xStart.pxNextFreeBlock = first;
  xStart.xBlockSize = 0;
}

/* First fit; the rest of a block large enough stays free where it was. */
static void *pvPortMalloc(uint32_t wanted) {
  if (!pxEnd) heap_init();
  if (wanted == 0) return 0;
  wanted = (wanted + HEAP_STRUCT_SIZE + HEAP_ALIGNMENT - 1u) & ~(HEAP_ALIGNMENT - 1u);
  BlockLink_t *prev = &xStart, *block = xStart.pxNextFreeBlock;
  while (block->xBlockSize < wanted && block->pxNextFreeBlock) {
    prev = block;
    block = block->pxNextFreeBlock;
  }
  if (block == pxEnd) return 0;
  prev->pxNextFreeBlock = block->pxNextFreeBlock;
  if (block->xBlockSize - wanted > MINIMUM_BLOCK_SIZE) {
    BlockLink_t *rest = (BlockLink_t *)((uint8_t *)block + wanted);
    rest->xBlockSize = block->xBlockSize - wanted;
    rest->pxNextFreeBlock = prev->pxNextFreeBlock;
    prev->pxNextFreeBlock = rest;
    block->xBlockSize = wanted;
  }
  block->xBlockSize |= ALLOCATED_BIT;
  block->pxNextFreeBlock = 0;
  return (uint8_t *)block + HEAP_STRUCT_SIZE;
}
#elif defined(HEAP1_STACKS)
/* heap_1's shape: one array handed out in order, 8-byte aligned, no
 * header and never freed, so each TCB lies right after its task's stack. */
#define TOTAL_HEAP_SIZE 8192u
static uint8_t ucHeap[TOTAL_HEAP_SIZE] __attribute__((aligned(8)));
static uint32_t heap_next;
static void *pvPortMalloc(uint32_t wanted) {
  wanted = (wanted + 7u) & ~7u;
  if (heap_next + wanted > TOTAL_HEAP_SIZE) return 0;
  void *block = &ucHeap[heap_next];
  heap_next += wanted;
  return block;
}
#elif defined(HEAP3_STACKS)
/* heap_3's shape: the C library's malloc (newlib's, from _sbrk's heap). */
static void *pvPortMalloc(uint32_t wanted) { return malloc(wanted); }
#else
/* Static task buffers in .bss (xTaskCreateStatic's stack and TCB buffers). */
static uint32_t infer_stack[INFER_WORDS];
static uint32_t worker_stack[WORKER_WORDS];
static uint32_t idle_stack[IDLE_WORDS];
static struct tcb task_buffers[3];
#endif

static struct tcb *tasks[3];
struct tcb *volatile pxCurrentTCB;
static volatile uint32_t tick_count, switch_count, yield_count;

static void critical_enter(void) { __asm volatile("cpsid i" ::: "memory"); }
static void critical_exit(void) { __asm volatile("cpsie i" ::: "memory"); }

static void yield(void) {
  yield_count++;
  SCB_ICSR = ICSR_PENDSVSET;
  barrier();
}

static void task_delay(uint32_t ticks) {
  critical_enter();
  pxCurrentTCB->wake_tick = tick_count + ticks;
  pxCurrentTCB->state = BLOCKED;
  critical_exit();
  yield();
}

static void task_exit_error(void) {
  for (;;) {
  }
}

static void list_item_init(ListItem_t *item, struct tcb *owner, uint32_t value) {
  item->xItemValue = value;
  item->pxNext = item->pxPrevious = 0;
#if !defined(TCB_OWNERS_UNSET)
  item->pvOwner = owner;
#else
  (void)owner;
  item->pvOwner = 0;
#endif
  item->pvContainer = 0;
}

static struct tcb *task_init(struct tcb *t, void (*entry)(void *), void *param, uint32_t *stack, uint32_t words,
                             uint32_t priority, const char *name) {
  for (uint32_t i = 0; i < words; ++i) stack[i] = STACK_FILL;
  uint32_t *sp = stack + words;
  sp = (uint32_t *)((uintptr_t)sp & ~(uintptr_t)7);
  *--sp = 0x01000000u;                  /* xPSR: Thumb */
  *--sp = (uint32_t)(uintptr_t)entry;   /* PC */
  *--sp = (uint32_t)(uintptr_t)task_exit_error; /* LR */
  sp -= 4;                              /* r12, r3, r2, r1 */
  *--sp = (uint32_t)(uintptr_t)param;   /* r0 */
  *--sp = 0xfffffffdu;                  /* EXC_RETURN: thread mode, PSP, basic frame */
  sp -= 8;                              /* r11..r4 */
  t->pxTopOfStack = sp;
  list_item_init(&t->xStateListItem, t, 0);
  list_item_init(&t->xEventListItem, t, MAX_PRIORITIES - priority);
  t->uxPriority = priority;
  t->pxStack = stack;
  uint32_t i = 0;
  for (; i + 1 < MAX_TASK_NAME_LEN && name[i]; ++i) t->pcTaskName[i] = name[i];
  t->pcTaskName[i] = 0;
#if defined(TCB_CONFIG_FIELDS)
  static uint32_t tcb_numbers;
  t->pxEndOfStack = (uint32_t *)((uintptr_t)(stack + words - 1) & ~(uintptr_t)7);
  t->uxCriticalNesting = 0;
  t->uxTCBNumber = ++tcb_numbers;
  t->uxTaskNumber = 0;
  t->uxBasePriority = priority;
  t->uxMutexesHeld = 0;
#endif
  t->state = READY;
  t->stack_words = words;
  return t;
}

#if defined(HEAP_STACKS) || defined(HEAP1_STACKS) || defined(HEAP3_STACKS)
/* xTaskCreate: the stack first, then the TCB, both from the heap. */
static struct tcb *task_create(void (*entry)(void *), void *param, uint32_t words, uint32_t priority, const char *name) {
  uint32_t *stack = pvPortMalloc(words * 4u);
  struct tcb *t = stack ? pvPortMalloc(sizeof *t) : 0;
  if (!t) {
    printf("rtos: out of heap\n");
    exit(4);
  }
  return task_init(t, entry, param, stack, words, priority, name);
}
#endif

/* Called by PendSV with BASEPRI raised: the next ready task, round-robin
 * among the highest priority. */
__attribute__((used)) void switch_context(void) {
  uint32_t n = sizeof tasks / sizeof tasks[0], cur = 0;
  while (cur < n && tasks[cur] != pxCurrentTCB) ++cur;
  struct tcb *best = 0;
  for (uint32_t k = 1; k <= n; ++k) {
    struct tcb *t = tasks[(cur + k) % n];
    if (t->state == READY && (!best || t->uxPriority > best->uxPriority)) best = t;
  }
  if (best != pxCurrentTCB) switch_count++;
  pxCurrentTCB = best;
}

void SysTick_Handler(void) {
  uint32_t now = ++tick_count;
  for (uint32_t i = 0; i < sizeof tasks / sizeof tasks[0]; ++i)
    if (tasks[i]->state == BLOCKED && (int32_t)(now - tasks[i]->wake_tick) >= 0) tasks[i]->state = READY;
  SCB_ICSR = ICSR_PENDSVSET;
}

__attribute__((naked)) void PendSV_Handler(void) {
  __asm volatile(
      "mrs r0, psp\n\t"
      "isb\n\t"
      "ldr r3, =pxCurrentTCB\n\t"
      "ldr r2, [r3]\n\t"
#if defined(__ARM_FP)
      "tst r14, #0x10\n\t"
      "it eq\n\t"
      "vstmdbeq r0!, {s16-s31}\n\t"
#endif
      "stmdb r0!, {r4-r11, r14}\n\t"
      "str r0, [r2]\n\t"
      "stmdb sp!, {r0, r3}\n\t"
      "mov r0, #0x20\n\t"
      "msr basepri, r0\n\t"
      "dsb\n\t"
      "isb\n\t"
      "bl switch_context\n\t"
      "mov r0, #0\n\t"
      "msr basepri, r0\n\t"
      "ldmia sp!, {r0, r3}\n\t"
      "ldr r1, [r3]\n\t"
      "ldr r0, [r1]\n\t"
      "ldmia r0!, {r4-r11, r14}\n\t"
#if defined(__ARM_FP)
      "tst r14, #0x10\n\t"
      "it eq\n\t"
      "vldmiaeq r0!, {s16-s31}\n\t"
#endif
      "msr psp, r0\n\t"
      "isb\n\t"
      "bx r14\n\t"
      ".ltorg\n\t");
}

/* SVC 0: restore the first task's context and return into it. */
__attribute__((naked)) void SVC_Handler(void) {
  __asm volatile(
      "ldr r3, =pxCurrentTCB\n\t"
      "ldr r1, [r3]\n\t"
      "ldr r0, [r1]\n\t"
      "ldmia r0!, {r4-r11, r14}\n\t"
      "msr psp, r0\n\t"
      "isb\n\t"
      "mov r0, #0\n\t"
      "msr basepri, r0\n\t"
      "bx r14\n\t"
      ".ltorg\n\t");
}

static void start_scheduler(void) {
  /* Ticks stay masked until the SVC handler lowers BASEPRI in the first task. */
  __asm volatile("msr basepri, %0" ::"r"(0x20u) : "memory");
  SCB_SHPR3 |= 0xFFu << 16; /* PendSV lowest */
  SCB_SHPR3 |= 0xFFu << 24; /* SysTick lowest */
  SYST_RVR = TICK_CYCLES - 1u;
  SYST_CVR = 0;
  SYST_CSR = 7u; /* processor clock, interrupt, enable */
#if defined(__ARM_FP)
  FPU_FPCCR |= FPCCR_ASPEN_LSPEN; /* lazy stacking, as the port enables it */
#endif
  pxCurrentTCB = tasks[0];
  /* The MSP back to its initial value (the main stack is the handlers' from
   * now on), CONTROL.FPCA cleared, interrupts on, SVC 0. */
  __asm volatile(
      "ldr r0, [%0]\n\t"
      "ldr r0, [r0]\n\t"
      "msr msp, r0\n\t"
      "mov r0, #0\n\t"
      "msr control, r0\n\t"
      "cpsie i\n\t"
      "cpsie f\n\t"
      "dsb\n\t"
      "isb\n\t"
      "svc 0\n\t"
      "nop\n\t" ::"r"(&SCB_VTOR)
      : "r0", "memory");
}

/* ---- the inference task: int8 and fp32 layers with function calls ---- */

#define IN 64
#define HIDDEN 32
#define OUT 10
#define INFERENCES 12

static int8_t weights1[HIDDEN][IN];
static float weights2[OUT][HIDDEN];
static int8_t input[IN];
static int32_t hidden_acc[HIDDEN];
static float hidden[HIDDEN];
static float output[OUT];
static volatile uint32_t infer_checksum, infer_done;

static uint32_t lcg_state = 12345u;
static uint32_t lcg(void) { return lcg_state = lcg_state * 1103515245u + 12345u; }

__attribute__((noinline)) static int32_t dot_s8(const int8_t *a, const int8_t *b, int n) {
  int32_t acc = 0;
  for (int i = 0; i < n; ++i) acc += (int32_t)a[i] * b[i];
  return acc;
}

/* A small layer kernel: int8 fully connected, one dot product per output. */
__attribute__((noinline)) void fully_connected_s8(const int8_t *in, const int8_t *w, int32_t *out, int n_in,
                                                   int n_out) {
  for (int o = 0; o < n_out; ++o) out[o] = dot_s8(in, w + o * n_in, n_in);
}

__attribute__((noinline)) static void dequantize_relu(const int32_t *in, float *out, int n, float scale) {
  for (int i = 0; i < n; ++i) {
    float v = (float)in[i] * scale;
    out[i] = v > 0.0f ? v : 0.0f;
  }
}

__attribute__((noinline)) static void dense_f32(const float *in, const float *w, float *out, int n_in, int n_out) {
  for (int o = 0; o < n_out; ++o) {
    float acc = 0.0f;
    for (int i = 0; i < n_in; ++i) acc += in[i] * w[o * n_in + i];
    out[o] = acc;
  }
}

__attribute__((noinline)) static int argmax(const float *v, int n) {
  int best = 0;
  for (int i = 1; i < n; ++i)
    if (v[i] > v[best]) best = i;
  return best;
}

__attribute__((noinline)) static int run_inference(void) {
  fully_connected_s8(input, &weights1[0][0], hidden_acc, IN, HIDDEN);
  dequantize_relu(hidden_acc, hidden, HIDDEN, 1.0f / 256.0f);
  dense_f32(hidden, &weights2[0][0], output, HIDDEN, OUT);
  return argmax(output, OUT);
}

static void infer_task(void *param) {
  (void)param;
  for (int o = 0; o < HIDDEN; ++o)
    for (int i = 0; i < IN; ++i) weights1[o][i] = (int8_t)(lcg() >> 24);
  for (int o = 0; o < OUT; ++o)
    for (int i = 0; i < HIDDEN; ++i) weights2[o][i] = (float)((int32_t)(lcg() >> 20) - 2048) / 2048.0f;
  uint32_t sum = 0;
  for (int n = 0; n < INFERENCES; ++n) {
    for (int i = 0; i < IN; ++i) input[i] = (int8_t)(lcg() >> 24);
    int cls = run_inference();
    uint32_t bits;
    __builtin_memcpy(&bits, &output[cls], sizeof bits);
    sum = (sum * 31u) ^ (uint32_t)cls ^ bits;
    if (n % 4 == 3) task_delay(1); /* block until the next tick */
  }
#if defined(PERIODIC)
  for (int n = 0; n < PERIODIC; ++n) {
    task_delay(100);
    sum = (sum * 31u) ^ (uint32_t)run_inference();
  }
#endif
  infer_checksum = sum;
  infer_done = 1;
  critical_enter();
  pxCurrentTCB->state = DONE;
  critical_exit();
  yield();
  for (;;) {
  }
}

/* ---- the worker: CRC work, yields, blocks, and keeps s16-s31 live ---- */

static volatile uint32_t worker_crc, worker_fp_ok, worker_done;

__attribute__((noinline)) static uint32_t crc32_update(uint32_t crc, uint32_t word) {
  crc ^= word;
  for (int k = 0; k < 32; ++k) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1u));
  return crc;
}

#if defined(__ARM_FP)
/* Puts known values in s16-s31, spins long enough to be preempted, and
 * checks they survived: PendSV must save them for an FP frame. */
__attribute__((noinline)) static uint32_t fp_registers_survive(uint32_t spins) {
  uint32_t ok;
  __asm volatile(
      "vmov.f32 s16, #1.0\n\t"
      "vmov.f32 s17, #2.0\n\t"
      "vmov.f32 s20, #3.0\n\t"
      "vmov.f32 s24, #4.0\n\t"
      "vmov.f32 s28, #5.0\n\t"
      "vmov.f32 s31, #6.0\n\t"
      "1: subs %1, %1, #1\n\t"
      "bne 1b\n\t"
      "vadd.f32 s0, s16, s17\n\t"   /* 3 */
      "vadd.f32 s0, s0, s20\n\t"    /* 6 */
      "vadd.f32 s0, s0, s24\n\t"    /* 10 */
      "vadd.f32 s0, s0, s28\n\t"    /* 15 */
      "vadd.f32 s0, s0, s31\n\t"    /* 21 */
      "vcvt.u32.f32 s0, s0\n\t"
      "vmov %0, s0\n\t"
      : "=r"(ok), "+r"(spins)
      :
      : "s0", "s16", "s17", "s20", "s24", "s28", "s31", "cc");
  return ok == 21u;
}
#else
static uint32_t fp_registers_survive(uint32_t spins) {
  while (spins--) __asm volatile("");
  return 1;
}
#endif

static void worker_task(void *param) {
  (void)param;
  uint32_t crc = 0xFFFFFFFFu, fp_ok = 1;
  for (uint32_t round = 0; round < 24; ++round) {
    for (uint32_t w = 0; w < 64; ++w) crc = crc32_update(crc, round * 64u + w);
    fp_ok &= fp_registers_survive(3000);
    if (round % 3 == 0) yield();
    if (round % 8 == 7) task_delay(2);
  }
  worker_crc = ~crc;
  worker_fp_ok = fp_ok;
  worker_done = 1;
  critical_enter();
  pxCurrentTCB->state = DONE;
  critical_exit();
  yield();
  for (;;) {
  }
}

/* ---- idle: WFI until both are done, then report ---- */

static uint32_t stack_high_water_words(const struct tcb *t) {
  uint32_t n = 0;
  while (n < t->stack_words && t->pxStack[n] == STACK_FILL) ++n;
  return n; /* words never written, as uxTaskGetStackHighWaterMark counts */
}

static void idle_task(void *param) {
  (void)param;
  while (!(infer_done && worker_done)) __asm volatile("wfi");
  SYST_CSR = 0;
  printf("rtos: inference checksum %08lx\n", (unsigned long)infer_checksum);
  printf("rtos: worker crc %08lx, fp registers preserved: %s\n", (unsigned long)worker_crc,
         worker_fp_ok ? "yes" : "no");
  printf("rtos: ticks %s, context switches %s, voluntary yields %lu\n", tick_count ? "> 0" : "0",
         switch_count ? "> 0" : "0", (unsigned long)yield_count);
  printf("rtos: stacks unused > 0: %s %s\n", stack_high_water_words(tasks[0]) ? "yes" : "no",
         stack_high_water_words(tasks[1]) ? "yes" : "no");
#if defined(PERIODIC)
  printf("rtos: %d periodic inferences, %lu ticks\n", PERIODIC, (unsigned long)tick_count);
  for (int i = 0; i < 2; ++i)
    printf("rtos: %s stack used %lu of %lu bytes\n", tasks[i]->pcTaskName,
           (unsigned long)(4u * (tasks[i]->stack_words - stack_high_water_words(tasks[i]))),
           (unsigned long)(4u * tasks[i]->stack_words));
#endif
  exit(worker_fp_ok ? 0 : 3);
}

#if defined(CMSIS_OS2)
/* cmsis_os2.c's osThreadNew over FreeRTOS: static when both buffers are
 * given (and cb_size holds a StaticTask_t), dynamic when neither is. */
typedef struct {
  const char *name;
  uint32_t attr_bits;
  void *cb_mem;
  uint32_t cb_size;
  void *stack_mem;
  uint32_t stack_size;
  int32_t priority;
  uint32_t tz_module, reserved;
} osThreadAttr_t;
static struct tcb *osThreadNew(void (*func)(void *), void *argument, const osThreadAttr_t *attr) {
  uint32_t words = attr->stack_size / 4u;
  if (attr->cb_mem && attr->cb_size >= sizeof(struct tcb) && attr->stack_mem && words)
    return task_init(attr->cb_mem, func, argument, attr->stack_mem, words, (uint32_t)attr->priority, attr->name);
  if (!attr->cb_mem && !attr->cb_size && !attr->stack_mem)
    return task_create(func, argument, words, (uint32_t)attr->priority, attr->name);
  return 0;
}
/* As CubeMX generates a static task: its buffer and control block. */
static uint32_t inferTaskBuffer[INFER_WORDS];
static struct tcb inferTaskControlBlock;
#endif

int main(void) {
  printf("rtos: starting 3 tasks\n");
#if defined(CMSIS_OS2)
  const osThreadAttr_t infer_attributes = {.name = "infer", .cb_mem = &inferTaskControlBlock,
                                           .cb_size = sizeof inferTaskControlBlock, .stack_mem = inferTaskBuffer,
                                           .stack_size = sizeof inferTaskBuffer, .priority = 1};
  const osThreadAttr_t worker_attributes = {.name = "worker", .stack_size = 4u * WORKER_WORDS, .priority = 1};
  const osThreadAttr_t idle_attributes = {.name = "IDLE", .stack_size = 4u * IDLE_WORDS, .priority = 0};
  tasks[0] = osThreadNew(infer_task, 0, &infer_attributes);
  tasks[1] = osThreadNew(worker_task, 0, &worker_attributes);
  tasks[2] = osThreadNew(idle_task, 0, &idle_attributes);
  if (!tasks[0] || !tasks[1] || !tasks[2]) {
    printf("rtos: osThreadNew failed\n");
    exit(4);
  }
#elif defined(HEAP_STACKS) || defined(HEAP1_STACKS) || defined(HEAP3_STACKS)
  tasks[0] = task_create(infer_task, 0, INFER_WORDS, 1, "infer");
  tasks[1] = task_create(worker_task, 0, WORKER_WORDS, 1, "worker");
  tasks[2] = task_create(idle_task, 0, IDLE_WORDS, 0, "IDLE");
#else
  tasks[0] = task_init(&task_buffers[0], infer_task, 0, infer_stack, INFER_WORDS, 1, "infer");
  tasks[1] = task_init(&task_buffers[1], worker_task, 0, worker_stack, WORKER_WORDS, 1, "worker");
  tasks[2] = task_init(&task_buffers[2], idle_task, 0, idle_stack, IDLE_WORDS, 0, "IDLE");
#endif
  start_scheduler();
  return 1; /* not reached */
}

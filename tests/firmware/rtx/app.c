/* The application, as an Mbed OS TinyML sketch would be shaped: main
 * (an RTX thread on _main_stack) starts an inference thread and a
 * printing thread; a ticker interrupt (RTC1 on the Nano 33 BLE Sense)
 * signals "a sample is ready" with osEventFlagsSet from handler mode; the
 * inference thread runs a small int8 conv + dense model on it and signals
 * the printer; a periodic osTimer runs in the timer thread; the idle
 * thread sleeps in WFI while everything waits.
 *
 * At the end main checks every thread's stack (the magic word at its
 * base, RTX's overflow check) and, built with RTX_STACK_REPORT, prints
 * each one's use measured as RTX's osThreadGetStackSpace does: from the
 * word above the magic word up, the words still holding the 0xCC fill are
 * unused. Exit 0 when every check passed. */
#include "rtx_hw.h"
#include "rtx_os.h"

#ifndef INFERENCES
#define INFERENCES 4
#endif
#define TICKER_PERIOD 5u /* ticks between samples */

#define FLAG_SAMPLE 1u
#define FLAG_RESULT 2u
#define FLAG_DONE 4u

static osRtxEventFlags_t app_flags_cb;
static osEventFlagsId_t app_flags;
static osRtxTimer_t blink_timer_cb;
#if defined(RTX_POOL_STACKS)
/* osThreadNew with neither cb_mem nor stack_mem: RTX takes both from its
 * memory (infer: the dynamic memory; printer, default size: the stack
 * pool). */
static const osThreadAttr_t infer_attr = {"infer", NULL, NULL, 1536, osPriorityAboveNormal};
static const osThreadAttr_t printer_attr = {"printer", NULL, NULL, 0, osPriorityNormal};
#elif defined(RTX_MALLOC_STACKS)
/* Mbed OS's rtos::Thread: the control block inside the Thread object,
 * the stack allocated with new (newlib's malloc). */
#include <stdlib.h>
static osRtxThread_t infer_cb, printer_cb;

/* Mbed OS's _sbrk (mbed_retarget.cpp's shape): the heap runs from the end
 * of .bss to the linker script's heap limit. The C library's own _sbrk
 * refuses to grow the heap past the running stack pointer, and a thread's
 * stack (here main's, on the PSP in .bss) lies below the heap. */
extern uint8_t __end__[], __HeapLimit[];
void *_sbrk(ptrdiff_t incr) {
  static uint8_t *heap = __end__;
  uint8_t *prev = heap;
  if (incr < 0 || (uintptr_t)(__HeapLimit - heap) < (uintptr_t)incr) return (void *)-1;
  heap += incr;
  return prev;
}
static osThreadAttr_t infer_attr = {"infer", &infer_cb, NULL, 1536, osPriorityAboveNormal};
static osThreadAttr_t printer_attr = {"printer", &printer_cb, NULL, 1024, osPriorityNormal};
#else
static osRtxThread_t infer_cb, printer_cb;
static uint64_t infer_stack[1536 / 8];
static uint64_t printer_stack[1024 / 8];
static const osThreadAttr_t infer_attr = {"infer", &infer_cb, infer_stack, sizeof infer_stack,
                                          osPriorityAboveNormal};
static const osThreadAttr_t printer_attr = {"printer", &printer_cb, printer_stack, sizeof printer_stack,
                                            osPriorityNormal};
#endif

static volatile uint32_t ticker_irqs, timer_callbacks, results_ready;
static volatile uint32_t results_class[INFERENCES], results_sum[INFERENCES];
static volatile int32_t results_score[INFERENCES];
extern uint32_t rtx_strex_retries;

/* ---- the ticker interrupt ---- */
/* Called by the kernel tick: every TICKER_PERIOD ticks the ticker's
 * interrupt is made pending, as the RTC's compare event would. */
void rtx_tick_hook(uint32_t tick) {
  if (tick % TICKER_PERIOD == 0) NVIC_ISPR(TICKER_IRQn / 32u) = 1u << (TICKER_IRQn % 32u);
}

void RTC1_IRQHandler(void) {
  ticker_irqs++;
  /* Handler mode: the ISR path (exclusive set, post to PendSV). Samples
   * the inference thread is too busy for coalesce into one flag. */
  osEventFlagsSet(app_flags, FLAG_SAMPLE);
}

/* ---- the model: conv 3x3 (1 -> 4 channels, int8, ReLU) then dense 4 ---- */
#define IN 12
#define OUT (IN - 2)
#define CH 4
#define CLASSES 4

static int8_t input[IN * IN];
static int8_t feature[OUT * OUT * CH];

static int8_t clamp8(int32_t v) { return (int8_t)(v > 127 ? 127 : v < -128 ? -128 : v); }

static uint32_t conv_weight(uint32_t i) { return (i * 2654435761u) >> 27; } /* 0..31, fixed per index */

static void make_input(uint32_t k) {
  uint32_t x = 12345u + 977u * k;
  for (int i = 0; i < IN * IN; ++i) {
    x = x * 1103515245u + 12345u;
    input[i] = (int8_t)(x >> 24);
  }
}

static void conv2d(void) {
  for (int c = 0; c < CH; ++c)
    for (int y = 0; y < OUT; ++y)
      for (int x = 0; x < OUT; ++x) {
        int32_t acc = 0;
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx)
            acc += input[(y + ky) * IN + x + kx] * ((int32_t)conv_weight((uint32_t)(c * 9 + ky * 3 + kx)) - 16);
        acc >>= 5;
        feature[(y * OUT + x) * CH + c] = clamp8(acc < 0 ? 0 : acc);
      }
}

static void dense(int32_t out[CLASSES]) {
  for (int o = 0; o < CLASSES; ++o) {
    int32_t acc = 0;
    for (int i = 0; i < OUT * OUT * CH; ++i) acc += feature[i] * ((int32_t)conv_weight((uint32_t)(i + 97 * o)) - 15);
    out[o] = acc;
  }
}

static void infer_thread(void *arg) {
  (void)arg;
  for (uint32_t k = 0; k < INFERENCES; ++k) {
    osEventFlagsWait(app_flags, FLAG_SAMPLE, osFlagsWaitAny, osWaitForever);
    make_input(k);
    conv2d();
    int32_t out[CLASSES];
    dense(out);
    uint32_t best = 0, sum = 0;
    for (uint32_t o = 0; o < CLASSES; ++o) {
      if (out[o] > out[best]) best = o;
      sum = sum * 31u + (uint32_t)out[o];
    }
    results_class[k] = best;
    results_score[k] = out[best];
    results_sum[k] = sum;
    results_ready = k + 1;
    osEventFlagsSet(app_flags, FLAG_RESULT);
  }
  /* returns: osThreadExit (the frame's LR) */
}

/* The printer works in float (a mean score): its frames are extended on
 * a core with an FPU, so a switch saves and restores s16-s31 too. */
static void printer_thread(void *arg) {
  (void)arg;
  float total = 0.0f;
  uint32_t k = 0;
  while (k < INFERENCES) {
    /* Results the printer is too slow for coalesce into one flag: print
     * every one ready. */
    osEventFlagsWait(app_flags, FLAG_RESULT, osFlagsWaitAny, osWaitForever);
    for (; k < results_ready; ++k) {
      total += (float)results_score[k];
      float mean = total / (float)(k + 1);
      serial_printf("inference %u: class %u score %d checksum %08x mean %d\n", k, results_class[k],
                    results_score[k], results_sum[k], (int)mean);
      osDelay(1);
    }
  }
  osEventFlagsSet(app_flags, FLAG_DONE);
}

static void blink(void *arg) {
  (void)arg;
  timer_callbacks++;
}

/* ---- stacks ---- */
struct stack_check {
  const osRtxThread_t *t;
  uint32_t used;
  int magic_ok;
};

static void check_stack(struct stack_check *s) {
  const uint32_t *mem = s->t->stack_mem;
  uint32_t words = s->t->stack_size / 4u, i = 1;
  s->magic_ok = mem[0] == osRtxStackMagicWord;
  while (i < words && mem[i] == osRtxStackFillPattern) ++i;
  s->used = (words - i) * 4u;
}

int main(void) {
  serial_printf("rtx: %s, kernel %u\n", osRtxInfo.os_id, osRtxInfo.version);
  int ok = 1;
  osThreadId_t self = osThreadGetId();
  uint32_t psp, control;
  __asm volatile("mrs %0, psp\n\tmrs %1, control" : "=r"(psp), "=r"(control));
  int on_own_stack = psp > (uint32_t)(uintptr_t)self->stack_mem &&
                     psp <= (uint32_t)(uintptr_t)self->stack_mem + self->stack_size && (control & 2u);
  serial_printf("main thread: %s, on its own stack (PSP): %s\n", self->name, on_own_stack ? "yes" : "no");
  ok &= on_own_stack;

  app_flags = osEventFlagsNew(&app_flags_cb, "app_flags");
  osTimerStart(osTimerNew(&blink_timer_cb, blink, NULL, "blink"), 3);
#if defined(RTX_MALLOC_STACKS)
  infer_attr.stack_mem = malloc(infer_attr.stack_size);
  printer_attr.stack_mem = malloc(printer_attr.stack_size);
#endif
  NVIC_IPR8(TICKER_IRQn) = 0x40u;
  NVIC_ISER(TICKER_IRQn / 32u) = 1u << (TICKER_IRQn % 32u);
  osThreadId_t infer = osThreadNew(infer_thread, NULL, &infer_attr);
  osThreadId_t printer = osThreadNew(printer_thread, NULL, &printer_attr);
  ok &= infer != NULL && printer != NULL;
  uint32_t flags = osEventFlagsWait(app_flags, FLAG_DONE, osFlagsWaitAny, osWaitForever);
  ok &= (flags & FLAG_DONE) != 0;

  struct stack_check stacks[] = {{self, 0, 0}, {infer, 0, 0}, {printer, 0, 0},
                                 {osRtxInfo.thread.idle, 0, 0}, {osRtxInfo.timer.thread, 0, 0}};
  int magic_ok = 1;
  for (unsigned i = 0; i < sizeof stacks / sizeof stacks[0]; ++i) {
    check_stack(&stacks[i]);
    magic_ok &= stacks[i].magic_ok;
  }
#if defined(RTX_STACK_REPORT)
  for (unsigned i = 0; i < sizeof stacks / sizeof stacks[0]; ++i)
    serial_printf("stack %s: size %u used %u\n", stacks[i].t->name, stacks[i].t->stack_size, stacks[i].used);
#endif
  ok &= magic_ok;
  serial_printf("stack magic words intact: %s\n", magic_ok ? "yes" : "no");
  int ticker_ok = ticker_irqs >= INFERENCES, timer_ok = timer_callbacks > 0;
  serial_printf("ticker interrupts >= %u: %s, timer callbacks > 0: %s\n", INFERENCES, ticker_ok ? "yes" : "no",
                timer_ok ? "yes" : "no");
  ok &= ticker_ok & timer_ok;
  ok &= infer->state == osRtxThreadInactive && printer->state == osRtxThreadInactive;
  serial_printf("rtx: %s\n", ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}

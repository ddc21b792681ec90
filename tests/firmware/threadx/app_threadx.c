/* The application, in STM32Cube's app_azure_rtos.c / app_threadx.c shape:
 * main() brings the board up and calls tx_kernel_enter(); 
 * tx_application_define creates a byte pool, over the static
 * tx_byte_pool_buffer[] (USE_STATIC_ALLOCATION, the default) or, built
 * with -DTX_POOL_AFTER_BSS, over the first unused memory after .bss
 * (USE_DYNAMIC_MEMORY_ALLOCATION), and allocates each thread's stack from
 * it. Three threads:
 * - "inference" (priority 10): an int8 3x3 convolution and a dense layer,
 *   INFERENCES times, sleeping a tick between them, with s16-s31 held
 *   across one sleep (FP-extended frames on its PSP);
 * - "sleeper" (priority 8): sleeps 3 ticks SLEEPS times, keeps its own
 *   s16-s31 pattern across each;
 * - "printer" (priority 5): sleeps until the inferences are done, then
 *   prints the results and each thread's stack use as ThreadX's stack
 *   checking measures it (words still holding the 0xEF fill from
 *   tx_thread_stack_start up) and exits.
 * While all three sleep, the PendSV handler waits with WFI. Built with
 * -DTX_ALL_ASLEEP the printer prints, then every thread sleeps forever. */
#include <stdint.h>
#include <string.h>

#include "app.h"
#include "tx_api.h"

#define TX_APP_MEM_POOL_SIZE (12u * 1024u)
#define INFERENCE_STACK 2048u
#define SLEEPER_STACK 768u
#define PRINTER_STACK 1024u
#ifndef INFERENCES
#define INFERENCES 6
#endif
#define SLEEPS 20

#ifndef TX_POOL_AFTER_BSS
static UCHAR tx_byte_pool_buffer[TX_APP_MEM_POOL_SIZE] __attribute__((aligned(8)));
#endif
static TX_BYTE_POOL tx_app_byte_pool;
static TX_THREAD inference_thread, sleeper_thread, printer_thread;

static volatile uint32_t inferences_done, sleeper_wakes, fp_mismatches, checksum;
static int32_t logits[10];

uint32_t fp_regs_hold_across_sleep(uint32_t pattern, ULONG ticks);

/* The workload: int8 NHWC, 12x12x4 input, 3x3 conv to 8 channels (valid),
 * ReLU, requantised by a float scale, then a dense layer to 10. */
#define IN_H 12
#define IN_W 12
#define IN_C 4
#define OUT_C 8
#define OUT_H (IN_H - 2)
#define OUT_W (IN_W - 2)
static const int8_t conv_weights[OUT_C][3][3][IN_C] = {{{{1, -2, 3, 1}}}, {{{2, 1}}}, {{{-1, 3, 2}}}, {{{1}}},
                                                        {{{0, 1, -1, 2}}}, {{{3}}}, {{{-2, 2}}}, {{{1, 1, 1, 1}}}};
static int8_t input[IN_H][IN_W][IN_C];
static int8_t activations[OUT_H][OUT_W][OUT_C];
static int8_t dense_weights[10][OUT_H * OUT_W * OUT_C];

static int8_t requantize(int32_t acc, float scale) {
  float v = (float)acc * scale;
  if (v > 127.0f) v = 127.0f;
  if (v < 0.0f) v = 0.0f; /* ReLU */
  return (int8_t)(int32_t)v;
}

static void conv3x3_s8(float scale) {
  for (int y = 0; y < OUT_H; ++y)
    for (int x = 0; x < OUT_W; ++x)
      for (int o = 0; o < OUT_C; ++o) {
        int32_t acc = 0;
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx)
            for (int c = 0; c < IN_C; ++c) acc += conv_weights[o][ky][kx][c] * input[y + ky][x + kx][c];
        activations[y][x][o] = requantize(acc, scale);
      }
}

static void dense_s8(void) {
  const int8_t *a = &activations[0][0][0];
  for (int o = 0; o < 10; ++o) {
    int32_t acc = 0;
    for (int i = 0; i < OUT_H * OUT_W * OUT_C; ++i) acc += dense_weights[o][i] * a[i];
    logits[o] = acc;
  }
}

static void inference_entry(ULONG param) {
  (void)param;
  uint32_t seed = 12345u;
  for (int i = 0; i < IN_H * IN_W * IN_C; ++i) {
    seed = seed * 1103515245u + 12345u;
    (&input[0][0][0])[i] = (int8_t)(seed >> 24);
  }
  for (int i = 0; i < 10 * OUT_H * OUT_W * OUT_C; ++i) {
    seed = seed * 1103515245u + 12345u;
    (&dense_weights[0][0])[i] = (int8_t)((seed >> 27) - 16);
  }
  for (int n = 0; n < INFERENCES; ++n) {
    conv3x3_s8(0.25f + 0.125f * (float)n);
    dense_s8();
    uint32_t sum = checksum;
    for (int o = 0; o < 10; ++o) sum = (sum << 5 | sum >> 27) ^ (uint32_t)logits[o];
    checksum = sum;
    inferences_done = n + 1;
#ifdef __ARM_FP
    if (n == 0) fp_mismatches += fp_regs_hold_across_sleep(0x3f800000u, 1);
    else
#endif
      tx_thread_sleep(1);
  }
}

static void sleeper_entry(ULONG param) {
  (void)param;
  for (int i = 0; i < SLEEPS; ++i) {
#ifdef __ARM_FP
    fp_mismatches += fp_regs_hold_across_sleep(0x40000000u + 0x100u * (uint32_t)i, 3);
#else
    tx_thread_sleep(3);
#endif
    sleeper_wakes++;
  }
}

/* ThreadX's stack checking measure: from tx_thread_stack_start up, the
 * words still holding TX_STACK_FILL were never used. */
static ULONG stack_used(const TX_THREAD *t) {
  const ULONG *p = t->tx_thread_stack_start;
  const ULONG *end = (const ULONG *)((const UCHAR *)t->tx_thread_stack_end + 1);
  while (p < end && *p == TX_STACK_FILL) ++p;
  return (ULONG)((const UCHAR *)end - (const UCHAR *)p);
}

static void printer_entry(ULONG param) {
  (void)param;
  while (inferences_done < INFERENCES || sleeper_wakes < SLEEPS) tx_thread_sleep(10);
  console_printf("threadx: %u inferences, checksum 0x%08x, logits[0] %d\n", (unsigned)inferences_done,
                 (unsigned)checksum, (int)logits[0]);
  console_printf("threadx: sleeper woke %u times\n", (unsigned)sleeper_wakes);
#ifdef __ARM_FP
  console_printf("threadx: fp registers preserved: %s\n", fp_mismatches ? "no" : "yes");
#endif
  console_printf("threadx: pool '%s' %u bytes, %u available, %u fragments\n", tx_app_byte_pool.tx_byte_pool_name,
                 (unsigned)tx_app_byte_pool.tx_byte_pool_size, (unsigned)tx_app_byte_pool.tx_byte_pool_available,
                 tx_app_byte_pool.tx_byte_pool_fragments);
#ifdef TX_PRINT_STACKS
  const TX_THREAD *t = _tx_thread_created_ptr;
  for (ULONG n = 0; n < _tx_thread_created_count; ++n, t = t->tx_thread_created_next)
    console_printf("threadx: stack %s used %u of %u bytes at 0x%08x\n", t->tx_thread_name, (unsigned)stack_used(t),
                   (unsigned)t->tx_thread_stack_size, (unsigned)(uintptr_t)t->tx_thread_stack_start);
#else
  (void)stack_used;
#endif
  int ok = inferences_done == INFERENCES && sleeper_wakes == SLEEPS && fp_mismatches == 0;
#ifdef TX_ALL_ASLEEP
  console_printf("threadx: every thread asleep now\n");
  tx_thread_sleep(TX_WAIT_FOREVER);
#endif
  console_printf("threadx: %s\n", ok ? "PASS" : "FAIL");
  semihosting_exit(ok ? 0 : 1);
}

static UINT create_thread(TX_THREAD *t, CHAR *name, VOID (*entry)(ULONG), ULONG stack_size, UINT priority) {
  VOID *stack = 0;
  if (tx_byte_allocate(&tx_app_byte_pool, &stack, stack_size, TX_NO_WAIT) != TX_SUCCESS) return TX_NO_MEMORY;
  return tx_thread_create(t, name, entry, 0, stack, stack_size, priority, priority, TX_NO_TIME_SLICE, TX_AUTO_START);
}

VOID tx_application_define(VOID *first_unused_memory) {
#ifdef TX_POOL_AFTER_BSS
  VOID *pool_memory = first_unused_memory;
#else
  (void)first_unused_memory;
  VOID *pool_memory = tx_byte_pool_buffer;
#endif
  UINT status = tx_byte_pool_create(&tx_app_byte_pool, "Tx App memory pool", pool_memory, TX_APP_MEM_POOL_SIZE);
  if (status == TX_SUCCESS) status = create_thread(&inference_thread, "inference", inference_entry, INFERENCE_STACK, 10);
  if (status == TX_SUCCESS) status = create_thread(&sleeper_thread, "sleeper", sleeper_entry, SLEEPER_STACK, 8);
  if (status == TX_SUCCESS) status = create_thread(&printer_thread, "printer", printer_entry, PRINTER_STACK, 5);
  if (status != TX_SUCCESS) {
    console_printf("threadx: tx_application_define failed: 0x%x\n", status);
    semihosting_exit(2);
  }
}

int main(void) {
  console_init();
  console_printf("threadx: kernel enter\n");
  tx_kernel_enter();
}

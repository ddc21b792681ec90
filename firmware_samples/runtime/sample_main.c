/* One inference on a deterministic pseudo-random input; prints a checksum of
 * the logits and the top-5 classes. The same file is built for the host
 * (golden output) and for the boards, so their stdout must match exactly. */
#include <stdio.h>

#include "model_api.h"

#if defined(__arm__) && !defined(MCUSIM_SAMPLE_NO_CACHES)
/* On a Cortex-M7, turn on the L1 I- and D-caches as the published TinyEngine
 * measurements do (CMSIS SCB_EnableICache / SCB_EnableDCache sequence);
 * the CPUID check leaves Cortex-M4 parts alone. */
#define SCB_REG(off) (*(volatile uint32_t *)(0xE000E000u + (off)))
static void enable_m7_caches(void) {
  if (((SCB_REG(0xD00) >> 4) & 0xFFFu) != 0xC27u) return; /* CPUID.PartNo: Cortex-M7 */
  __asm volatile("dsb\n\tisb" ::: "memory");
  SCB_REG(0xF50) = 0u; /* ICIALLU */
  __asm volatile("dsb\n\tisb" ::: "memory");
  SCB_REG(0xD14) |= 1u << 17; /* CCR.IC */
  __asm volatile("dsb\n\tisb" ::: "memory");
  SCB_REG(0xD84) = 0u; /* CSSELR: level 1 data cache */
  __asm volatile("dsb" ::: "memory");
  const uint32_t ccsidr = SCB_REG(0xD80);
  for (uint32_t set = (ccsidr >> 13) & 0x7FFFu;; --set) {
    for (uint32_t way = (ccsidr >> 3) & 0x3FFu;; --way) {
      SCB_REG(0xF60) = ((set & 0x1FFu) << 5) | ((way & 0x3u) << 30); /* DCISW */
      if (way == 0) break;
    }
    if (set == 0) break;
  }
  __asm volatile("dsb" ::: "memory");
  SCB_REG(0xD14) |= 1u << 16; /* CCR.DC */
  __asm volatile("dsb\n\tisb" ::: "memory");
}
#else
static void enable_m7_caches(void) {}
#endif

#if defined(MCUSIM_BOARD_STM32F407) && !defined(MCUSIM_SAMPLE_NO_CACHES)
/* STM32F4 clock set-up code (CubeMX SystemClock_Config) turns on the ART
 * accelerator with 5 wait states for 168 MHz: FLASH_ACR = LATENCY_5WS |
 * PRFTEN | ICEN | DCEN. Without it every Flash fetch waits. */
static void enable_flash_accelerator(void) { *(volatile uint32_t *)0x40023C00u = 0x705u; }
#else
static void enable_flash_accelerator(void) {}
#endif

static uint32_t xorshift32(uint32_t *s) {
  uint32_t x = *s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *s = x;
}

int main(void) {
  enable_m7_caches();
  enable_flash_accelerator();
  int8_t *in = mcusim_model_input();
  if (!in) {
    printf("model %s engine %s: cannot prepare the model (arena too small)\n", mcusim_model_name,
           mcusim_model_engine);
    return 1;
  }
  uint32_t seed = 0x2545F491u;
  for (int i = 0; i < mcusim_model_input_bytes; ++i) in[i] = (int8_t)(xorshift32(&seed) >> 24);

  const int8_t *logits = mcusim_model_run();
  if (!logits) {
    printf("model %s engine %s: inference failed\n", mcusim_model_name, mcusim_model_engine);
    return 1;
  }

  uint32_t h = 2166136261u; /* FNV-1a over the logit bytes */
  for (int i = 0; i < mcusim_model_classes; ++i) h = (h ^ (uint8_t)logits[i]) * 16777619u;

  int top[5];
  for (int t = 0; t < 5; ++t) {
    int best = -1;
    for (int i = 0; i < mcusim_model_classes; ++i) {
      int taken = 0;
      for (int u = 0; u < t; ++u) taken |= top[u] == i;
      if (!taken && (best < 0 || logits[i] > logits[best])) best = i;
    }
    top[t] = best;
  }
  printf("model %s engine %s\n", mcusim_model_name, mcusim_model_engine);
  printf("logits checksum 0x%08lx\n", (unsigned long)h);
  for (int t = 0; t < 5; ++t) printf("top%d class %d logit %d\n", t + 1, top[t], logits[top[t]]);
  return 0;
}

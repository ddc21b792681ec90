/* Kernel timing firmware (docs/accuracy.md, "Inference kernels"): each kernel
 * runs twice and prints "<name> <cycles>" for the second (warm) run and
 * "<name>_cold <cycles>" for the first, measured with DWT CYCCNT. The Flash
 * accelerator and caches are switched on as the firmware of a deployed
 * model does: STM32F4 ART with prefetch, STM32L4 ART instruction and data
 * caches (on from reset) without prefetch, STM32F7/H7 L1 caches; the mps2
 * boards have no cache or wait states. */
#include <arm_acle.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kernels.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define DWT_CYCCNT REG(0xE0001004u)

/* External linkage: the compiler cannot drop the kernels' results. */
int8_t in_1x1[64 * 32], out_1x1[64 * 32];
int8_t in_3x3[10 * 10 * 8], out_3x3[8 * 8 * 16];
int8_t in_dw[18 * 18 * 16], out_dw[16 * 16 * 16];
int8_t in_fc[256], out_fc[64];
float in_fp[260], out_fp[32];
uint32_t stream_sum;

static int8_t requantize(int32_t acc) {
  acc >>= 7;
  return (int8_t)(acc > 127 ? 127 : acc < -128 ? -128 : acc);
}

__attribute__((noinline)) static void conv1x1(void) {
  for (int p = 0; p < 64; ++p)
    for (int o = 0; o < 32; ++o) {
      const int8_t *x = &in_1x1[p * 32], *w = &w_conv1x1[o * 32];
      int32_t acc = 0;
      for (int c = 0; c < 32; ++c) acc += x[c] * w[c];
      out_1x1[p * 32 + o] = requantize(acc);
    }
}

/* The 1x1 convolution as CMSIS-NN-style kernels write it: four int8 values
 * per word, sign-extended in pairs (SXTB16) and multiplied-accumulated two
 * at a time (SMLAD). */
static inline uint32_t ror8(uint32_t v) { return (v >> 8) | (v << 24); }

__attribute__((noinline)) static void conv1x1_simd(void) {
  for (int p = 0; p < 64; ++p)
    for (int o = 0; o < 32; ++o) {
      const int8_t *x = &in_1x1[p * 32], *w = &w_conv1x1[o * 32];
      int32_t acc = 0;
      for (int c = 0; c < 32; c += 4) {
        uint32_t xv, wv;
        memcpy(&xv, x + c, 4);
        memcpy(&wv, w + c, 4);
        acc = __smlad(__sxtb16(xv), __sxtb16(wv), acc);
        acc = __smlad(__sxtb16(ror8(xv)), __sxtb16(ror8(wv)), acc);
      }
      out_1x1[p * 32 + o] = requantize(acc);
    }
}

/* One pointwise kernel for two layers, as TF-Lite Micro and CMSIS-NN run
 * every layer of a kind through the same code: first 8 -> 16 channels (128
 * bytes of weights, which any cache holds), then 64 -> 96 (6 KiB, more than
 * the ART's data lines or the F746's D-cache hold; the H743's 16 KiB do).
 * The whole filter is re-read for every pixel. */
__attribute__((noinline)) static void pointwise_layer(const int8_t *w, int cin, int cout, const int8_t *in, int8_t *out) {
  for (int p = 0; p < 16; ++p)
    for (int o = 0; o < cout; ++o) {
      const int8_t *x = &in[p * cin], *wr = &w[o * cin];
      int32_t acc = 0;
      for (int c = 0; c < cin; c += 4) {
        uint32_t xv, wv;
        memcpy(&xv, x + c, 4);
        memcpy(&wv, wr + c, 4);
        acc = __smlad(__sxtb16(xv), __sxtb16(wv), acc);
        acc = __smlad(__sxtb16(ror8(xv)), __sxtb16(ror8(wv)), acc);
      }
      out[p * cout + o] = requantize(acc);
    }
}

__attribute__((noinline)) static void pointwise_shared(void) {
  pointwise_layer(w_pw_small, 8, 16, in_1x1, out_1x1);
  pointwise_layer(w_pw_large, 64, 96, in_1x1, out_1x1);
}

__attribute__((noinline)) static void conv3x3(void) {
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x)
      for (int o = 0; o < 16; ++o) {
        int32_t acc = 0;
        const int8_t *w = &w_conv3x3[o * 72];
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx) {
            const int8_t *px = &in_3x3[((y + ky) * 10 + x + kx) * 8];
            for (int c = 0; c < 8; ++c) acc += px[c] * *w++;
          }
        out_3x3[(y * 8 + x) * 16 + o] = requantize(acc);
      }
}

__attribute__((noinline)) static void depthwise(void) {
  for (int y = 0; y < 16; ++y)
    for (int x = 0; x < 16; ++x)
      for (int c = 0; c < 16; ++c) {
        int32_t acc = 0;
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx)
            acc += in_dw[((y + ky) * 18 + x + kx) * 16 + c] * w_depthwise[(ky * 3 + kx) * 16 + c];
        out_dw[(y * 16 + x) * 16 + c] = requantize(acc);
      }
}

__attribute__((noinline)) static void fully_connected(void) {
  for (int o = 0; o < 64; ++o) {
    const int8_t *w = &w_fc[o * 256];
    int32_t acc = 0;
    for (int i = 0; i < 256; ++i) acc += in_fc[i] * w[i];
    out_fc[o] = requantize(acc);
  }
}

__attribute__((noinline)) static void fp32_dot(void) {
  for (int o = 0; o < 32; ++o) {
    const float *w = &w_fp32[o * 260];
    float acc = 0.0f;
    for (int i = 0; i < 260; i += 5) {
      acc += in_fp[i] * w[i];
      acc += in_fp[i + 1] * w[i + 1];
      acc += in_fp[i + 2] * w[i + 2];
      acc += in_fp[i + 3] * w[i + 3];
      acc += in_fp[i + 4] * w[i + 4];
    }
    out_fp[o] = acc;
  }
}

/* fp32 layers as a model compiler's C loops give them to GCC: no manual
 * unrolling, pointers stepped per element, so the inner loops are
 * `vldmia rN!, {sX}` loads and a VFMA right before the backward branch
 * (docs/timing-model.md, rule fp_unit_carries_over). Weights: w_fp32_conv
 * and w_fp32_dw (Flash; kernels.h). */
#define FP_CONV_IN 10
#define FP_CONV_C 8
#define FP_CONV_K 16
#define FP_DW_C 16
float in_fp_conv[FP_CONV_IN * FP_CONV_IN * FP_CONV_C], out_fp_conv[8 * 8 * FP_CONV_K];
float in_fp_dw[FP_CONV_IN * FP_CONV_IN * FP_DW_C], out_fp_dw[8 * 8 * FP_DW_C];
float out_fp_dense[32];

__attribute__((noinline)) static void fp32_conv3x3(void) {
  const float *w_all = w_fp32_conv; /* [k][ky][kx][c]: 16 x 72 */
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x)
      for (int k = 0; k < FP_CONV_K; ++k) {
        float acc = 0.0f;
        const float *w = &w_all[k * 9 * FP_CONV_C];
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx) {
            const float *px = &in_fp_conv[((y + ky) * FP_CONV_IN + x + kx) * FP_CONV_C];
            for (int c = 0; c < FP_CONV_C; ++c) acc += *px++ * *w++;
          }
        out_fp_conv[(y * 8 + x) * FP_CONV_K + k] = acc > 0.0f ? acc : 0.0f;
      }
}

__attribute__((noinline)) static void fp32_depthwise(void) {
  const float *w_all = w_fp32_dw; /* [ky][kx][c]: 9 x 16 */
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x)
      for (int c = 0; c < FP_DW_C; ++c) {
        float acc = 0.0f;
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx)
            acc += in_fp_dw[((y + ky) * FP_CONV_IN + x + kx) * FP_DW_C + c] * w_all[(ky * 3 + kx) * FP_DW_C + c];
        out_fp_dw[(y * 8 + x) * FP_DW_C + c] = acc;
      }
}

__attribute__((noinline)) static void fp32_dense(void) {
  for (int o = 0; o < 32; ++o) {
    const float *w = &w_fp32[o * 260], *x = in_fp;
    float acc = 0.0f;
    for (int i = 0; i < 260; ++i) acc += *x++ * *w++;
    out_fp_dense[o] = acc;
  }
}

__attribute__((noinline)) static void flash_walk(void) {
  const uint32_t *w = (const uint32_t *)w_fc;
  uint32_t sum = 0;
  for (int i = 0; i < 64 * 256 / 4; ++i) sum += w[i];
  stream_sum = sum;
}

static void accelerators_on(void) {
#if defined(MCUSIM_BOARD_STM32F407)
  REG(0x40023C00u) |= (1u << 8) | (1u << 9) | (1u << 10); /* FLASH_ACR PRFTEN | ICEN | DCEN */
#elif defined(MCUSIM_BOARD_STM32L4R5)
  REG(0x40022000u) = (REG(0x40022000u) & ~(1u << 8)) | (1u << 9) | (1u << 10); /* ICEN | DCEN, PRFTEN off */
#elif defined(MCUSIM_BOARD_STM32F746G_DISCO) || defined(MCUSIM_BOARD_STM32H743)
#if defined(MCUSIM_BOARD_STM32H743)
  const uint32_t dcache_sets = 128; /* 16 KiB, 4 ways, 32-byte lines */
#else
  const uint32_t dcache_sets = 32; /* 4 KiB, 4 ways, 32-byte lines */
#endif
  __asm volatile("dsb\n\tisb" ::: "memory");
  REG(0xE000EF50u) = 0; /* ICIALLU */
  for (uint32_t set = 0; set < dcache_sets; ++set)
    for (uint32_t way = 0; way < 4; ++way) REG(0xE000EF60u) = (way << 30) | (set << 5); /* DCISW */
  __asm volatile("dsb\n\tisb" ::: "memory");
  REG(0xE000ED14u) |= (1u << 17) | (1u << 16); /* CCR.IC | CCR.DC */
  __asm volatile("dsb\n\tisb" ::: "memory");
#endif
}

static void fill(void) {
  for (unsigned i = 0; i < sizeof in_1x1; ++i) in_1x1[i] = (int8_t)(i * 7 + 3);
  for (unsigned i = 0; i < sizeof in_3x3; ++i) in_3x3[i] = (int8_t)(i * 5 + 1);
  for (unsigned i = 0; i < sizeof in_dw; ++i) in_dw[i] = (int8_t)(i * 3 + 2);
  for (unsigned i = 0; i < sizeof in_fc; ++i) in_fc[i] = (int8_t)(i * 11 + 5);
  for (unsigned i = 0; i < 260; ++i) in_fp[i] = (float)(int)(i % 13) * 0.25f - 1.0f;
  for (unsigned i = 0; i < sizeof in_fp_conv / sizeof in_fp_conv[0]; ++i) in_fp_conv[i] = (float)(int)(i % 11) * 0.125f - 0.5f;
  for (unsigned i = 0; i < sizeof in_fp_dw / sizeof in_fp_dw[0]; ++i) in_fp_dw[i] = (float)(int)(i % 7) * 0.25f - 0.75f;
}

struct kernel {
  const char *name;
  void (*fn)(void);
};
static const struct kernel kKernels[] = {
    {"conv1x1", conv1x1}, {"conv1x1_simd", conv1x1_simd}, {"conv3x3", conv3x3}, {"depthwise", depthwise},
    {"fully_connected", fully_connected}, {"fp32_dot", fp32_dot}, {"fp32_conv3x3", fp32_conv3x3},
    {"fp32_depthwise", fp32_depthwise}, {"fp32_dense", fp32_dense}, {"flash_walk", flash_walk},
    {"pointwise_shared", pointwise_shared},
};

int main(void) {
  REG(0xE000EDFCu) |= 1u << 24; /* DEMCR.TRCENA */
  REG(0xE0001000u) |= 1u;       /* DWT_CTRL.CYCCNTENA */
  accelerators_on();
  fill();
  uint32_t total = 0;
  for (unsigned k = 0; k < sizeof kKernels / sizeof kKernels[0]; ++k) {
    uint32_t t0 = DWT_CYCCNT;
    kKernels[k].fn();
    uint32_t t1 = DWT_CYCCNT;
    kKernels[k].fn();
    uint32_t t2 = DWT_CYCCNT;
    printf("%s_cold %lu\n%s %lu\n", kKernels[k].name, (unsigned long)(t1 - t0), kKernels[k].name,
           (unsigned long)(t2 - t1));
    total += t2 - t1;
  }
  printf("total %lu\n", (unsigned long)total);
  return 0;
}

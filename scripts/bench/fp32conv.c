/* fp32 convolution workload: VLDR/VSTR/VFMA loops over arrays whose
 * addresses the loops compute from strides held in registers (as a
 * reference HWC convolution does), so most FP loads are alignment-checked
 * sites whose base changes inside the block. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { H = 20, W = 20, CIN = 8, COUT = 8, K = 3 };
static float input[H * W * CIN];
static float weights[COUT * K * K * CIN];
static float bias[COUT];
static float output[H * W * COUT];

__attribute__((noinline)) static void conv_hwc(const float *in, int h, int w, int cin, const float *wt,
                                               const float *b, int cout, float *out) {
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int o = 0; o < cout; o++) {
        float acc = b[o];
        for (int ky = 0; ky < K; ky++) {
          int iy = y + ky - 1;
          if (iy < 0 || iy >= h) continue;
          for (int kx = 0; kx < K; kx++) {
            int ix = x + kx - 1;
            if (ix < 0 || ix >= w) continue;
            const float *px = in + (iy * w + ix) * cin;
            const float *pw = wt + ((o * K + ky) * K + kx) * cin;
            for (int c = 0; c < cin; c++) acc += px[c] * pw[c];
          }
        }
        out[(y * w + x) * cout + o] = acc > 0.0f ? acc : 0.0f;
      }
}

/* A strided dot product: the stride is a run-time value, so the address
 * step is a register add inside the loop block. */
__attribute__((noinline)) static float dot_strided(const float *a, const float *b, int n, int stride) {
  float acc = 0.0f;
  for (int i = 0; i < n; i++) acc += a[i * stride] * b[i];
  return acc;
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 4;
  for (int i = 0; i < H * W * CIN; i++) input[i] = (float)((i * 37) % 17) * 0.125f - 1.0f;
  for (int i = 0; i < COUT * K * K * CIN; i++) weights[i] = (float)((i * 11) % 13) * 0.0625f - 0.375f;
  for (int i = 0; i < COUT; i++) bias[i] = 0.01f * (float)i;
  float check = 0.0f;
  for (int r = 0; r < rounds; r++) {
    conv_hwc(input, H, W, CIN, weights, bias, COUT, output);
    for (int i = 0; i < H * W; i++) check += dot_strided(output + (i % COUT), weights, COUT, COUT + (r & 1));
    input[r % (H * W * CIN)] += 0.5f;
  }
  printf("fp32conv: %d rounds, checksum %d\n", rounds, (int)(check * 16.0f));
  return 0;
}

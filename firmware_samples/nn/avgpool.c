/* Global average pooling, TF-Lite reference rounding (half away from zero). */
#include "kernels.h"
#include "requant.h"

void mcusim_nn_avgpool(const int8_t *in, int pixels, int c, int8_t *out, int32_t act_min,
                       int32_t act_max) {
  for (int cc = 0; cc < c; ++cc) {
    int32_t acc = 0;
    for (int p = 0; p < pixels; ++p) acc += in[p * c + cc];
    const int32_t avg = acc > 0 ? (acc + pixels / 2) / pixels : (acc - pixels / 2) / pixels;
    out[cc] = mcusim_nn_clamp8(avg, act_min, act_max);
  }
}

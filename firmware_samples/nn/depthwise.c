/* Depthwise int8 convolution, out of place (TF-Lite reference loop order,
 * weights [c][k][k]); also used on patch tiles with explicit padding. */
#include "kernels.h"
#include "requant.h"

void mcusim_nn_depthwise(const int8_t *in, int in_h, int in_w, int c, const int8_t *w,
                         mcusim_nn_channel_t ch, int8_t *out, int out_h, int out_w, int k,
                         int stride, int pad_t, int pad_l, const mcusim_nn_quant_t *q) {
  const int32_t off = q->in_offset;
  for (int oy = 0; oy < out_h; ++oy) {
    const int y0 = oy * stride - pad_t;
    for (int ox = 0; ox < out_w; ++ox) {
      const int x0 = ox * stride - pad_l;
      for (int cc = 0; cc < c; ++cc) {
        const int8_t *wc = w + cc * k * k;
        int32_t acc = ch.bias[cc];
        for (int ky = 0; ky < k; ++ky) {
          const int y = y0 + ky;
          if (y < 0 || y >= in_h) continue;
          for (int kx = 0; kx < k; ++kx) {
            const int x = x0 + kx;
            if (x < 0 || x >= in_w) continue;
            acc += (in[(y * in_w + x) * c + cc] + off) * wc[ky * k + kx];
          }
        }
        acc = mcusim_nn_requant(acc, ch.multiplier[cc], ch.shift[cc]) + q->out_offset;
        out[(oy * out_w + ox) * c + cc] = mcusim_nn_clamp8(acc, q->act_min, q->act_max);
      }
    }
  }
}

/* Full int8 convolution (NHWC, weights [out_c][k][k][in_c]); in the samples
 * this is the 3x3 stride-2 first layer on the 3-channel image. */
#include "kernels.h"
#include "requant.h"

void mcusim_nn_conv2d(const int8_t *in, int in_h, int in_w, int in_c, const int8_t *w,
                      mcusim_nn_channel_t ch, int8_t *out, int out_h, int out_w, int out_c, int k,
                      int stride, int pad_t, int pad_l, const mcusim_nn_quant_t *q) {
  const int32_t off = q->in_offset;
  for (int oy = 0; oy < out_h; ++oy) {
    const int y0 = oy * stride - pad_t;
    for (int ox = 0; ox < out_w; ++ox) {
      const int x0 = ox * stride - pad_l;
      for (int oc = 0; oc < out_c; ++oc) {
        const int8_t *wc = w + oc * k * k * in_c;
        int32_t acc = ch.bias[oc];
        for (int ky = 0; ky < k; ++ky) {
          const int y = y0 + ky;
          if (y < 0 || y >= in_h) continue;
          for (int kx = 0; kx < k; ++kx) {
            const int x = x0 + kx;
            if (x < 0 || x >= in_w) continue;
            const int8_t *px = in + (y * in_w + x) * in_c;
            const int8_t *wk = wc + (ky * k + kx) * in_c;
            for (int ic = 0; ic < in_c; ++ic) acc += (px[ic] + off) * wk[ic];
          }
        }
        acc = mcusim_nn_requant(acc, ch.multiplier[oc], ch.shift[oc]) + q->out_offset;
        out[(oy * out_w + ox) * out_c + oc] = mcusim_nn_clamp8(acc, q->act_min, q->act_max);
      }
    }
  }
}

/* Full int8 convolution (NHWC, weights [out_c][k][k][in_c]); in the samples
 * this is the 3x3 stride-2 first layer on the 3-channel image.
 *
 * Each output pixel's receptive field is gathered into a small column
 * (k*k*in_c bytes), out-of-image taps filled with the input zero point so
 * that (x + in_offset) = 0 there, exactly as if they were skipped; the column
 * is then multiplied with two weight rows at a time by the shared dot
 * product (SXTAB16/SMLAD on DSP builds). Fields larger than
 * MCUSIM_NN_CONV_COL_MAX take the direct loop. */
#include "dot.h"
#include "kernels.h"
#include "requant.h"

#define MCUSIM_NN_CONV_COL_MAX 256

static inline int8_t requant_out(int32_t acc, const mcusim_nn_channel_t *ch, int oc,
                                 const mcusim_nn_quant_t *q) {
  acc = mcusim_nn_requant(acc, ch->multiplier[oc], ch->shift[oc]) + q->out_offset;
  return mcusim_nn_clamp8(acc, q->act_min, q->act_max);
}

static void conv_direct(const int8_t *in, int in_h, int in_w, int in_c, const int8_t *w,
                        mcusim_nn_channel_t ch, int8_t *out, int out_h, int out_w, int out_c,
                        int k, int stride, int pad_t, int pad_l, const mcusim_nn_quant_t *q) {
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
        out[(oy * out_w + ox) * out_c + oc] = requant_out(acc, &ch, oc, q);
      }
    }
  }
}

void mcusim_nn_conv2d(const int8_t *in, int in_h, int in_w, int in_c, const int8_t *w,
                      mcusim_nn_channel_t ch, int8_t *out, int out_h, int out_w, int out_c, int k,
                      int stride, int pad_t, int pad_l, const mcusim_nn_quant_t *q) {
  const int n = k * k * in_c;
  if (n > MCUSIM_NN_CONV_COL_MAX) {
    conv_direct(in, in_h, in_w, in_c, w, ch, out, out_h, out_w, out_c, k, stride, pad_t, pad_l, q);
    return;
  }
  int8_t col[MCUSIM_NN_CONV_COL_MAX];
  const int8_t zp = (int8_t)(-q->in_offset);
  for (int oy = 0; oy < out_h; ++oy) {
    const int y0 = oy * stride - pad_t;
    for (int ox = 0; ox < out_w; ++ox) {
      const int x0 = ox * stride - pad_l;
      int8_t *c = col;
      for (int ky = 0; ky < k; ++ky) {
        const int y = y0 + ky;
        for (int kx = 0; kx < k; ++kx, c += in_c) {
          const int x = x0 + kx;
          if (y >= 0 && y < in_h && x >= 0 && x < in_w) {
            const int8_t *px = in + (y * in_w + x) * in_c;
            for (int ic = 0; ic < in_c; ++ic) c[ic] = px[ic];
          } else {
            for (int ic = 0; ic < in_c; ++ic) c[ic] = zp;
          }
        }
      }
      int8_t *o = out + (oy * out_w + ox) * out_c;
      int oc = 0;
      for (; oc + 2 <= out_c; oc += 2) {
        int32_t a0 = ch.bias[oc], a1 = ch.bias[oc + 1];
        mcusim_nn_dot2(col, w + oc * n, w + (oc + 1) * n, n, q->in_offset, &a0, &a1);
        o[oc] = requant_out(a0, &ch, oc, q);
        o[oc + 1] = requant_out(a1, &ch, oc + 1, q);
      }
      if (oc < out_c)
        o[oc] = requant_out(mcusim_nn_dot1(col, w + oc * n, n, q->in_offset, ch.bias[oc]), &ch, oc, q);
    }
  }
}

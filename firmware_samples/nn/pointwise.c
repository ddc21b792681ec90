/* Pointwise (1x1) int8 convolution over contiguous NHWC pixels, two output
 * channels per pass so every input word is expanded once for both. */
#include "dot.h"
#include "kernels.h"
#include "requant.h"

static inline int8_t requant_one(int32_t acc, const mcusim_nn_channel_t *ch, int oc,
                                 const mcusim_nn_quant_t *q) {
  acc = mcusim_nn_requant(acc, ch->multiplier[oc], ch->shift[oc]) + q->out_offset;
  return mcusim_nn_clamp8(acc, q->act_min, q->act_max);
}

void mcusim_nn_pointwise(const int8_t *in, int pixels, int in_c, const int8_t *w,
                         mcusim_nn_channel_t ch, int8_t *out, int out_c,
                         const mcusim_nn_quant_t *q) {
  const int32_t off = q->in_offset;
  for (int p = 0; p < pixels; ++p) {
    const int8_t *x = in + p * in_c;
    int8_t *o = out + p * out_c;
    int oc = 0;
    for (; oc + 2 <= out_c; oc += 2) {
      int32_t a0 = ch.bias[oc], a1 = ch.bias[oc + 1];
      mcusim_nn_dot2(x, w + oc * in_c, w + (oc + 1) * in_c, in_c, off, &a0, &a1);
      o[oc] = requant_one(a0, &ch, oc, q);
      o[oc + 1] = requant_one(a1, &ch, oc + 1, q);
    }
    if (oc < out_c) o[oc] = requant_one(mcusim_nn_dot1(x, w + oc * in_c, in_c, off, ch.bias[oc]), &ch, oc, q);
  }
}

/* In-place depthwise convolution (TinyEngine style). One channel at a time is
 * copied into a scratch surrounded by `pad` pixels of the input zero point
 * (which contribute (zp + in_offset) * w = 0), so the inner loops need no
 * bounds checks; the channel's outputs are then written back into buf with
 * the output's NHWC stride. An output byte (p, ch) only overwrites input byte
 * (p, ch) of the same channel, already saved in the scratch, so channels not
 * yet processed are intact. Kernel size and stride are specialised for
 * 3/5/7 x 1/2 so the compiler unrolls the tap loops; other sizes up to 8x8
 * take the generic path. */
#include "kernels.h"
#include "requant.h"

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#include <string.h>

/* DSP path: each kernel row is read as words of four taps; SXTB16 splits a
 * word into taps (0, 2) and (1, 3) and SMLAD multiplies them with the
 * weights packed the same way. Taps past the row's end get weight 0 (the
 * scratch has 4 bytes of slack for the last row's over-read). Exact integer
 * arithmetic: bit-identical to the C loop. */
static inline int32_t dw_load32(const int8_t *p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}

static inline int32_t dw_pack(int a, int b) {
  return (int32_t)(((uint32_t)(uint16_t)(int16_t)a) | ((uint32_t)(uint16_t)(int16_t)b << 16));
}

static inline void dw_channel(const int8_t *s, int sw, int8_t *out, int out_h, int out_w, int c,
                              const int8_t *wc, int32_t bias, int32_t mult, int32_t shift,
                              const int k, const int stride, const mcusim_nn_quant_t *q) {
  const int groups = (k + 3) / 4;
  int32_t wp[8][2][2]; /* [row][group][even taps, odd taps]: kernels up to 8x8 */
  int32_t wsum = 0;
  for (int ky = 0; ky < k; ++ky)
    for (int gr = 0; gr < groups; ++gr) {
      int t[4];
      for (int j = 0; j < 4; ++j) {
        const int kx = gr * 4 + j;
        t[j] = kx < k ? wc[ky * k + kx] : 0;
        wsum += t[j];
      }
      wp[ky][gr][0] = dw_pack(t[0], t[2]);
      wp[ky][gr][1] = dw_pack(t[1], t[3]);
    }
  const int32_t base = bias + q->in_offset * wsum;
  for (int oy = 0; oy < out_h; ++oy) {
    const int8_t *row = s + oy * stride * sw;
    for (int ox = 0; ox < out_w; ++ox) {
      const int8_t *win = row + ox * stride;
      int32_t acc = base;
      for (int ky = 0; ky < k; ++ky)
        for (int gr = 0; gr < groups; ++gr) {
          const int32_t v = dw_load32(win + ky * sw + gr * 4);
          acc = __smlad(__sxtb16(v), wp[ky][gr][0], acc);
          acc = __smlad(__sxtb16((int32_t)(((uint32_t)v >> 8) | ((uint32_t)v << 24))),
                        wp[ky][gr][1], acc);
        }
      acc = mcusim_nn_requant(acc, mult, shift) + q->out_offset;
      out[(oy * out_w + ox) * c] = mcusim_nn_clamp8(acc, q->act_min, q->act_max);
    }
  }
}
#else
static inline void dw_channel(const int8_t *s, int sw, int8_t *out, int out_h, int out_w, int c,
                              const int8_t *wc, int32_t bias, int32_t mult, int32_t shift,
                              const int k, const int stride, const mcusim_nn_quant_t *q) {
  int32_t wsum = 0;
  for (int i = 0; i < k * k; ++i) wsum += wc[i];
  const int32_t base = bias + q->in_offset * wsum; /* sum((x+off)*w) = sum(x*w) + off*sum(w) */
  for (int oy = 0; oy < out_h; ++oy) {
    const int8_t *row = s + oy * stride * sw;
    for (int ox = 0; ox < out_w; ++ox) {
      const int8_t *win = row + ox * stride;
      int32_t acc = base;
      for (int ky = 0; ky < k; ++ky)
        for (int kx = 0; kx < k; ++kx) acc += win[ky * sw + kx] * wc[ky * k + kx];
      acc = mcusim_nn_requant(acc, mult, shift) + q->out_offset;
      out[(oy * out_w + ox) * c] = mcusim_nn_clamp8(acc, q->act_min, q->act_max);
    }
  }
}
#endif

static inline void dw_inplace(int8_t *buf, int in_h, int in_w, int c, const int8_t *w,
                              mcusim_nn_channel_t ch, int out_h, int out_w, const int k,
                              const int stride, int pad, int8_t *scratch,
                              const mcusim_nn_quant_t *q) {
  const int sw = in_w + 2 * pad, sh = in_h + 2 * pad;
  const int8_t zp = (int8_t)(-q->in_offset);
  /* The border stays zero point for every channel: fill it once. */
  for (int i = 0; i < sw * sh; ++i) scratch[i] = zp;
  for (int cc = 0; cc < c; ++cc) {
    for (int y = 0; y < in_h; ++y) {
      int8_t *dst = scratch + (y + pad) * sw + pad;
      const int8_t *src = buf + y * in_w * c + cc;
      for (int x = 0; x < in_w; ++x) dst[x] = src[x * c];
    }
    dw_channel(scratch, sw, buf + cc, out_h, out_w, c, w + cc * k * k, ch.bias[cc],
               ch.multiplier[cc], ch.shift[cc], k, stride, q);
  }
}

#define DW_VARIANT(K, S)                                                                        \
  void mcusim_nn_depthwise_inplace_k##K##s##S(int8_t *buf, int in_h, int in_w, int c, const int8_t *w,           \
                            mcusim_nn_channel_t ch, int out_h, int out_w, int pad,             \
                            int8_t *scratch, const mcusim_nn_quant_t *q) {                     \
    dw_inplace(buf, in_h, in_w, c, w, ch, out_h, out_w, K, S, pad, scratch, q);                \
  }
DW_VARIANT(3, 1)
DW_VARIANT(3, 2)
DW_VARIANT(5, 1)
DW_VARIANT(5, 2)
DW_VARIANT(7, 1)
DW_VARIANT(7, 2)

void mcusim_nn_depthwise_inplace(int8_t *buf, int in_h, int in_w, int c, const int8_t *w,
                                 mcusim_nn_channel_t ch, int out_h, int out_w, int k, int stride,
                                 int pad, int8_t *scratch, const mcusim_nn_quant_t *q) {
#define DW_CASE(K, S)                                                                           \
  if (k == K && stride == S) {                                                                 \
    mcusim_nn_depthwise_inplace_k##K##s##S(buf, in_h, in_w, c, w, ch, out_h, out_w, pad, scratch, q);                   \
    return;                                                                                    \
  }
  DW_CASE(3, 1) DW_CASE(3, 2) DW_CASE(5, 1) DW_CASE(5, 2) DW_CASE(7, 1) DW_CASE(7, 2)
#undef DW_CASE
  dw_inplace(buf, in_h, in_w, c, w, ch, out_h, out_w, k, stride, pad, scratch, q);
}

/* int8 inference kernels (NHWC activations, TF-Lite quantisation rules).
 *
 * Activations are int8 with a zero point; weights are symmetric int8 with a
 * per-output-channel fixed-point multiplier and shift. Every kernel computes
 *   out = clamp(requant(bias + sum((x + in_offset) * w)) + out_offset)
 * with in_offset = -input_zero_point, exactly like TF-Lite's reference int8
 * kernels. Builds with __ARM_FEATURE_DSP use SXTAB16/SMLAD inner loops; the
 * results are bit-identical to the plain C paths used by the host build. */
#ifndef MCUSIM_NN_KERNELS_H
#define MCUSIM_NN_KERNELS_H

#include <stdint.h>

typedef struct {
  int32_t in_offset;  /* -(input zero point) */
  int32_t out_offset; /* output zero point */
  int32_t act_min, act_max;
} mcusim_nn_quant_t;

/* Per-output-channel requantisation data. */
typedef struct {
  const int32_t *bias, *multiplier, *shift;
} mcusim_nn_channel_t;

/* Full convolution, weights [out_c][k][k][in_c] (the 3x3 stride-2 first conv). */
void mcusim_nn_conv2d(const int8_t *in, int in_h, int in_w, int in_c, const int8_t *w,
                      mcusim_nn_channel_t ch, int8_t *out, int out_h, int out_w, int out_c, int k,
                      int stride, int pad_t, int pad_l, const mcusim_nn_quant_t *q);

/* 1x1 convolution over `pixels` contiguous pixels, weights [out_c][in_c]. */
void mcusim_nn_pointwise(const int8_t *in, int pixels, int in_c, const int8_t *w,
                         mcusim_nn_channel_t ch, int8_t *out, int out_c,
                         const mcusim_nn_quant_t *q);

/* Depthwise kxk, out of place, weights [c][k][k]. */
void mcusim_nn_depthwise(const int8_t *in, int in_h, int in_w, int c, const int8_t *w,
                         mcusim_nn_channel_t ch, int8_t *out, int out_h, int out_w, int k,
                         int stride, int pad_t, int pad_l, const mcusim_nn_quant_t *q);

/* Depthwise kxk (k <= 8) in place (TinyEngine style): channel by channel through a
 * padded one-channel scratch of (in_h + 2*pad) * (in_w + 2*pad) + 4 bytes
 * (MCUSIM_NN_DW_SCRATCH_BYTES; the DSP path reads up to 3 bytes past a row); the
 * output (out_h x out_w x c) overwrites the input at the start of buf. */
void mcusim_nn_depthwise_inplace(int8_t *buf, int in_h, int in_w, int c, const int8_t *w,
                                 mcusim_nn_channel_t ch, int out_h, int out_w, int k, int stride,
                                 int pad, int8_t *scratch, const mcusim_nn_quant_t *q);

#define MCUSIM_NN_DW_SCRATCH_BYTES(in_h, in_w, pad) (((in_h) + 2 * (pad)) * ((in_w) + 2 * (pad)) + 4)

/* The same, specialised for one kernel size and stride (planned engine). */
#define MCUSIM_NN_DW_INPLACE_DECL(K, S)                                                         \
  void mcusim_nn_depthwise_inplace_k##K##s##S(int8_t *buf, int in_h, int in_w, int c,           \
                                             const int8_t *w, mcusim_nn_channel_t ch,          \
                                             int out_h, int out_w, int pad, int8_t *scratch,   \
                                             const mcusim_nn_quant_t *q);
MCUSIM_NN_DW_INPLACE_DECL(3, 1)
MCUSIM_NN_DW_INPLACE_DECL(3, 2)
MCUSIM_NN_DW_INPLACE_DECL(5, 1)
MCUSIM_NN_DW_INPLACE_DECL(5, 2)
MCUSIM_NN_DW_INPLACE_DECL(7, 1)
MCUSIM_NN_DW_INPLACE_DECL(7, 2)

/* Residual add (TF-Lite int8 ADD): out may alias a or b. */
typedef struct {
  int32_t a_offset, b_offset, out_offset;
  int32_t a_multiplier, a_shift, b_multiplier, b_shift, out_multiplier, out_shift;
  int32_t left_shift, act_min, act_max;
} mcusim_nn_add_t;
void mcusim_nn_add(const int8_t *a, const int8_t *b, int8_t *out, int n, const mcusim_nn_add_t *p);

/* Global average pooling: in (pixels x c) -> out (c); same scale/zero point. */
void mcusim_nn_avgpool(const int8_t *in, int pixels, int c, int8_t *out, int32_t act_min,
                       int32_t act_max);

/* Fully connected, weights [out_n][in_n], one (per-tensor) multiplier/shift. */
void mcusim_nn_fully_connected(const int8_t *in, int in_n, const int8_t *w, const int32_t *bias,
                               int32_t multiplier, int32_t shift, int8_t *out, int out_n,
                               const mcusim_nn_quant_t *q);

#endif

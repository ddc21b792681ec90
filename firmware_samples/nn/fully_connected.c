/* Fully connected int8 layer with a per-tensor multiplier (TF-Lite FC). */
#include "dot.h"
#include "kernels.h"
#include "requant.h"

void mcusim_nn_fully_connected(const int8_t *in, int in_n, const int8_t *w, const int32_t *bias,
                               int32_t multiplier, int32_t shift, int8_t *out, int out_n,
                               const mcusim_nn_quant_t *q) {
  int o = 0;
  for (; o + 2 <= out_n; o += 2) {
    int32_t a0 = bias[o], a1 = bias[o + 1];
    mcusim_nn_dot2(in, w + o * in_n, w + (o + 1) * in_n, in_n, q->in_offset, &a0, &a1);
    out[o] = mcusim_nn_clamp8(mcusim_nn_requant(a0, multiplier, shift) + q->out_offset, q->act_min, q->act_max);
    out[o + 1] = mcusim_nn_clamp8(mcusim_nn_requant(a1, multiplier, shift) + q->out_offset, q->act_min, q->act_max);
  }
  if (o < out_n) {
    int32_t a = mcusim_nn_dot1(in, w + o * in_n, in_n, q->in_offset, bias[o]);
    out[o] = mcusim_nn_clamp8(mcusim_nn_requant(a, multiplier, shift) + q->out_offset, q->act_min, q->act_max);
  }
}

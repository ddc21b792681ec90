/* Residual add, TF-Lite reference int8 ADD arithmetic (left shift 20, both
 * inputs rescaled to twice the larger input scale, then to the output). */
#include "kernels.h"
#include "requant.h"

void mcusim_nn_add(const int8_t *a, const int8_t *b, int8_t *out, int n, const mcusim_nn_add_t *p) {
  for (int i = 0; i < n; ++i) {
    const int32_t va = (a[i] + p->a_offset) * (1 << p->left_shift);
    const int32_t vb = (b[i] + p->b_offset) * (1 << p->left_shift);
    const int32_t sa = mcusim_nn_requant_lt1(va, p->a_multiplier, p->a_shift);
    const int32_t sb = mcusim_nn_requant_lt1(vb, p->b_multiplier, p->b_shift);
    const int32_t r = mcusim_nn_requant_lt1(sa + sb, p->out_multiplier, p->out_shift) + p->out_offset;
    out[i] = mcusim_nn_clamp8(r, p->act_min, p->act_max);
  }
}

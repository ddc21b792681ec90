/* Dot products of an int8 vector (plus input offset) with int8 weight rows:
 * the inner loop of pointwise and fully connected layers. The DSP path
 * sign-extends four bytes into two halfword pairs (SXTAB16 adds the offset at
 * the same time) and accumulates with SMLAD; the products and sums are exact
 * int32 arithmetic, so it is bit-identical to the plain C loop. */
#ifndef MCUSIM_NN_DOT_H
#define MCUSIM_NN_DOT_H

#include <stdint.h>
#include <string.h>

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
static inline int32_t mcusim_nn_load32(const int8_t *p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}
static inline int32_t mcusim_nn_ror8(int32_t v) {
  return (int32_t)(((uint32_t)v >> 8) | ((uint32_t)v << 24));
}
#endif

/* acc[j] += sum_i (x[i] + off) * w_j[i] for the rows w0 and w1. */
static inline void mcusim_nn_dot2(const int8_t *x, const int8_t *w0, const int8_t *w1, int n,
                                  int32_t off, int32_t *acc0, int32_t *acc1) {
  int32_t a0 = *acc0, a1 = *acc1;
  int i = 0;
#if defined(__ARM_FEATURE_DSP)
  const int32_t off2 = (int32_t)(((uint32_t)off & 0xffffu) | ((uint32_t)off << 16));
  for (; i + 4 <= n; i += 4) {
    const int32_t xv = mcusim_nn_load32(x + i);
    const int32_t x02 = __sxtab16(off2, xv);
    const int32_t x13 = __sxtab16(off2, mcusim_nn_ror8(xv));
    const int32_t v0 = mcusim_nn_load32(w0 + i);
    const int32_t v1 = mcusim_nn_load32(w1 + i);
    a0 = __smlad(__sxtb16(v0), x02, a0);
    a0 = __smlad(__sxtb16(mcusim_nn_ror8(v0)), x13, a0);
    a1 = __smlad(__sxtb16(v1), x02, a1);
    a1 = __smlad(__sxtb16(mcusim_nn_ror8(v1)), x13, a1);
  }
#endif
  for (; i < n; ++i) {
    const int32_t xv = x[i] + off;
    a0 += xv * w0[i];
    a1 += xv * w1[i];
  }
  *acc0 = a0;
  *acc1 = a1;
}

/* acc += sum_i (x[i] + off) * w[i]. */
static inline int32_t mcusim_nn_dot1(const int8_t *x, const int8_t *w, int n, int32_t off,
                                     int32_t acc) {
  int i = 0;
#if defined(__ARM_FEATURE_DSP)
  const int32_t off2 = (int32_t)(((uint32_t)off & 0xffffu) | ((uint32_t)off << 16));
  for (; i + 4 <= n; i += 4) {
    const int32_t xv = mcusim_nn_load32(x + i);
    const int32_t v = mcusim_nn_load32(w + i);
    acc = __smlad(__sxtb16(v), __sxtab16(off2, xv), acc);
    acc = __smlad(__sxtb16(mcusim_nn_ror8(v)), __sxtab16(off2, mcusim_nn_ror8(xv)), acc);
  }
#endif
  for (; i < n; ++i) acc += (x[i] + off) * w[i];
  return acc;
}

#endif

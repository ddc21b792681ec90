/* Fixed-point requantisation, bit-exact with TF-Lite's reference kernels
 * (tensorflow/lite/kernels/internal/common.h and gemmlowp fixedpoint.h). */
#ifndef MCUSIM_NN_REQUANT_H
#define MCUSIM_NN_REQUANT_H

#include <stdint.h>

/* gemmlowp SaturatingRoundingDoublingHighMul. */
static inline int32_t mcusim_nn_srdhm(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  int64_t ab = (int64_t)a * (int64_t)b;
  int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return (int32_t)((ab + nudge) / (1ll << 31));
}

/* gemmlowp RoundingDivideByPOT: round half away from zero. */
static inline int32_t mcusim_nn_rdbpot(int32_t x, int exponent) {
  const int32_t mask = (int32_t)((1ll << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/* TF-Lite MultiplyByQuantizedMultiplier: shift > 0 is a left shift. */
static inline int32_t mcusim_nn_requant(int32_t x, int32_t multiplier, int32_t shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  return mcusim_nn_rdbpot(mcusim_nn_srdhm((int32_t)((uint32_t)x << left), multiplier), right);
}

/* TF-Lite MultiplyByQuantizedMultiplierSmallerThanOneExp (shift <= 0). */
static inline int32_t mcusim_nn_requant_lt1(int32_t x, int32_t multiplier, int32_t shift) {
  return mcusim_nn_rdbpot(mcusim_nn_srdhm(x, multiplier), -shift);
}

static inline int8_t mcusim_nn_clamp8(int32_t v, int32_t lo, int32_t hi) {
  return (int8_t)(v < lo ? lo : (v > hi ? hi : v));
}

#endif

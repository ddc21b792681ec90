// The int8 kernels' fixed-point requantisation rounds exactly like TF-Lite's
// reference kernels (gemmlowp SaturatingRoundingDoublingHighMul and
// RoundingDivideByPOT), including their asymmetric handling of halves.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

extern "C" {
#include "firmware_samples/nn/requant.h"
}

namespace {

TEST(NnRequant, DoublingHighMulSaturatesOnlyForMinTimesMin) {
  const int32_t mn = std::numeric_limits<int32_t>::min();
  EXPECT_EQ(mcusim_nn_srdhm(mn, mn), std::numeric_limits<int32_t>::max());
  EXPECT_EQ(mcusim_nn_srdhm(mn, std::numeric_limits<int32_t>::max()), mn + 1);
}

TEST(NnRequant, DoublingHighMulRoundsPositiveHalfUpAndNegativeHalfTowardZero) {
  // (a * b * 2) / 2^32 with |a*b| = 2^30 is exactly one half: gemmlowp's nudge
  // (2^30, or 1 - 2^30 for negative products) then truncation gives 1 and 0.
  EXPECT_EQ(mcusim_nn_srdhm(1 << 15, 1 << 15), 1);
  EXPECT_EQ(mcusim_nn_srdhm(-(1 << 15), 1 << 15), 0);
  EXPECT_EQ(mcusim_nn_srdhm((1 << 15) - 1, 1 << 15), 0);  // just under one half
  EXPECT_EQ(mcusim_nn_srdhm(-(1 << 15) - 1, 1 << 15), -1);  // just over minus one half
  EXPECT_EQ(mcusim_nn_srdhm(1000, 1 << 30), 500);
}

TEST(NnRequant, RoundingDivideByPowerOfTwoRoundsHalfAwayFromZero) {
  EXPECT_EQ(mcusim_nn_rdbpot(5, 1), 3);
  EXPECT_EQ(mcusim_nn_rdbpot(-5, 1), -3);
  EXPECT_EQ(mcusim_nn_rdbpot(6, 2), 2);
  EXPECT_EQ(mcusim_nn_rdbpot(-6, 2), -2);
  EXPECT_EQ(mcusim_nn_rdbpot(-7, 2), -2);
  EXPECT_EQ(mcusim_nn_rdbpot(7, 0), 7);
}

TEST(NnRequant, MultiplyByQuantizedMultiplierAppliesPositiveShiftFirst) {
  // 0.75 = 1610612736 * 2^-31; shift +1 -> x * 1.5.
  EXPECT_EQ(mcusim_nn_requant(100, 1610612736, 1), 150);
  EXPECT_EQ(mcusim_nn_requant(-101, 1610612736, 1), -151);  // -151.5: SRDHM's negative half
  // shift -3 -> x * 0.75 / 8: 1000 -> 93.75 -> 94.
  EXPECT_EQ(mcusim_nn_requant(1000, 1610612736, -3), 94);
}

}  // namespace

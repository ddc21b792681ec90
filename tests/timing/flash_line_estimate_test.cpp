// Fast timing's estimate of a Flash accelerator's data lines for the loads
// a block does not walk (sim/timing/flash_line_estimate.h): LRU by the
// bytes brought in since a read was last made.
#include <gtest/gtest.h>

#include "sim/timing/flash_line_estimate.h"

namespace mcusim {
namespace {

// STM32F407: 8 data lines of 16 bytes, 5 wait states.
FlashReads f407_reads(std::vector<uint32_t> reads) { return {std::move(reads), 5, 8 * 16, 16}; }

TEST(FlashLineEstimate, ReadMissesOnceThenHitsWhileNothingIsStreamed) {
  FlashLineEstimate lines;
  const FlashReads bias = f407_reads({0x08001000 / 16});
  EXPECT_EQ(lines.read(bias), 5u);
  EXPECT_EQ(lines.read(bias), 0u);
  lines.stream(64);  // half the capacity: still there
  EXPECT_EQ(lines.read(bias), 0u);
}

TEST(FlashLineEstimate, StreamOfTheCapacityEvictsWhatWasReadBeforeIt) {
  FlashLineEstimate lines;
  const FlashReads bias = f407_reads({0x08001000 / 16});
  lines.read(bias);
  lines.stream(127);  // under 8 lines since it was read
  EXPECT_EQ(lines.read(bias), 0u);
  lines.stream(128);
  EXPECT_EQ(lines.read(bias), 5u);
  // Two reads and 6 lines streamed fill the 8 lines: both stay. Two new
  // reads and 7: the first is evicted, and brought back in it evicts the
  // second, as true LRU does.
  const FlashReads pair = f407_reads({0x08002000 / 16, 0x08003000 / 16});
  lines.read(pair);
  lines.stream(96);
  EXPECT_EQ(lines.read(pair), 0u);
  const FlashReads other_pair = f407_reads({0x08004000 / 16, 0x08005000 / 16});
  lines.read(other_pair);
  lines.stream(112);
  EXPECT_EQ(lines.read(other_pair), 10u);
}

TEST(FlashLineEstimate, MissesOfOtherReadsCountTowardsEviction) {
  // A per-channel loop reading bias, multiplier, shift and a literal (4
  // lines) beside 80 bytes of weights: 80 + 3 x 16 bytes come in between two
  // reads of the bias, more than 128: every read misses, as in true LRU.
  FlashLineEstimate lines;
  const FlashReads bias = f407_reads({1}), others = f407_reads({2, 3, 4});
  for (int channel = 0; channel < 4; ++channel) {
    const uint32_t stall = lines.read(bias) + lines.read(others);
    lines.stream(80);
    EXPECT_EQ(stall, 20u) << channel;
  }
}

TEST(FlashLineEstimate, ReadsOfAnotherBlockKeepTheLineRecent) {
  // Two blocks reading words of the same line (multiplier[oc] and
  // multiplier[oc + 1]): the second hits, as the accelerator would.
  FlashLineEstimate lines;
  EXPECT_EQ(lines.read(f407_reads({7})), 5u);
  EXPECT_EQ(lines.read(f407_reads({7, 9})), 5u);  // only the other read misses
}

}  // namespace
}  // namespace mcusim

#include "sim/timing/branch_predictor.h"

#include <gtest/gtest.h>

namespace mcusim {
namespace {

TEST(BranchPredictorTest, UncachedBranchIsPredictedNotTaken) {
  BranchPredictor p(64);
  EXPECT_FALSE(p.mispredicted(0x100, false));
  EXPECT_TRUE(p.mispredicted(0x200, true));
}

TEST(BranchPredictorTest, LoopBranchMispredictsOnlyOnFirstTakenAndAtExit) {
  BranchPredictor p(64);
  int wrong = 0;
  for (int run = 0; run < 3; ++run) {
    for (int i = 0; i < 9; ++i) wrong += p.mispredicted(0x400, true);
    wrong += p.mispredicted(0x400, false);  // loop exit
  }
  EXPECT_EQ(wrong, 1 + 3);
}

TEST(BranchPredictorTest, AlternatingBranchAlwaysMispredicts) {
  BranchPredictor p(64);
  int wrong = 0;
  for (int i = 0; i < 10; ++i) wrong += p.mispredicted(0x400, i % 2 == 0);
  EXPECT_EQ(wrong, 10);
}

TEST(BranchPredictorTest, FifthBranchOfASetEvictsTheLeastRecentlyUsed) {
  BranchPredictor p(64);  // 16 sets of 4: ends 32 bytes apart share a set
  for (uint32_t k = 0; k < 4; ++k) p.mispredicted(0x1000 + k * 32, true);
  p.mispredicted(0x1000, true);  // the oldest is now 0x1020
  EXPECT_TRUE(p.mispredicted(0x1000 + 4 * 32, true));  // a fifth allocates over 0x1020
  EXPECT_FALSE(p.mispredicted(0x1000, true));
  EXPECT_TRUE(p.mispredicted(0x1020, true));  // evicted: predicted not taken again
}

TEST(BranchPredictorTest, RejectsSizesThatAreNotAPowerOfTwo) {
  EXPECT_THROW(BranchPredictor(48), std::invalid_argument);
  EXPECT_THROW(BranchPredictor(2), std::invalid_argument);
}

}  // namespace
}  // namespace mcusim

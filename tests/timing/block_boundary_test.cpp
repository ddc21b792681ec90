// Dual issue and load-use latency across block boundaries (Cortex-M7):
// what the cycle model records about how a block starts and ends
// (BlockLink), and what the timing engine charges at a block's entry
// (docs/timing-model.md, "Block boundaries"). Code bytes:
// arm-none-eabi-as -mcpu=cortex-m7 -mthumb.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "sim/board.h"
#include "sim/disassembler.h"
#include "sim/timing/timing_engine.h"
#include "tests/timing/test_util.h"

namespace mcusim {
namespace {

using test::time_bytes;

constexpr RegMask r(unsigned n) { return RegMask{1} << n; }

constexpr uint8_t kThreeAlu[] = {
    0x01, 0x30,  // adds r0, #1
    0x01, 0x31,  // adds r1, #1
    0x01, 0x32,  // adds r2, #1     alone in the last cycle: a slot is free
};
constexpr uint8_t kTwoAlu[] = {
    0x01, 0x30,  // adds r0, #1
    0x01, 0x31,  // adds r1, #1     the last cycle is full
};
constexpr uint8_t kLoadThenBranch[] = {
    0x20, 0x68,  // ldr r0, [r4]
    0x00, 0xd1,  // bne.n (not taken here)
};
constexpr uint8_t kByteLoadThenBranch[] = {
    0x20, 0x78,  // ldrb r0, [r4]
    0x00, 0xd1,  // bne.n
};
constexpr uint8_t kUseR0[] = {
    0x41, 0x1c,  // adds r1, r0, #1
};
constexpr uint8_t kOneAlu[] = {
    0x01, 0x33,  // adds r3, #1
};
constexpr uint8_t kDivide[] = {
    0xb1, 0xfb, 0xf2, 0xf0,  // udiv r0, r1, r2   (single issue)
};

class CortexM7BlockLink : public ::testing::Test {
 protected:
  std::unique_ptr<CycleModel> model = test::zero_wait_model(CoreKind::CortexM7);
};

TEST_F(CortexM7BlockLink, LastCycleWithOneInstructionLeavesASlot) {
  const BlockLink link = time_bytes(*model, kThreeAlu).link;
  EXPECT_TRUE(link.slot_free);
  // Joined, the first ADDS moves into the group before: the other two pair.
  EXPECT_FALSE(link.slot_free_when_joined);
  // r2 is written in the last cycle by an ADDS issued first in its group:
  // the early ALU forwards it to a late-ALU reader joining that cycle.
  EXPECT_EQ(link.late[0], 0u);
  EXPECT_EQ(link.late[1], 0u);
  constexpr uint8_t kLastIsEor[] = {
      0x01, 0x30,  // adds r0, #1
      0x01, 0x31,  // adds r1, #1
      0x5a, 0x40,  // eors r2, r3  (late ALU: not usable in its own cycle)
  };
  EXPECT_EQ(time_bytes(*model, kLastIsEor).link.late[0], r(2));
}

TEST_F(CortexM7BlockLink, FullLastCycleLeavesNoSlot) {
  const BlockLink link = time_bytes(*model, kTwoAlu).link;
  EXPECT_FALSE(link.slot_free);
  // Joined, the second ADDS is left alone in the block's only cycle.
  EXPECT_TRUE(link.slot_free_when_joined);
}

TEST_F(CortexM7BlockLink, LoadResultsStillInFlightAtTheEnd) {
  // LDR and BNE issue together in the block's only cycle: the word reaches
  // a late-ALU reader at the end (not in the block's last cycle), a byte one
  // cycle after it (jnk0le/random cortex_m7.md: late ALU next cycle / second
  // cycle).
  const BlockLink word = time_bytes(*model, kLoadThenBranch).link;
  EXPECT_EQ(word.late[0] & r(0), r(0));  // (the BNE's PC is there too)
  EXPECT_EQ(word.late[1], 0u);
  const BlockLink byte = time_bytes(*model, kByteLoadThenBranch).link;
  EXPECT_EQ(byte.late[1], r(0));
  EXPECT_EQ(byte.late[2], 0u);
}

TEST_F(CortexM7BlockLink, FirstInstructionThatCanPairSavesACycleWhenItJoins) {
  const BlockLink link = time_bytes(*model, kUseR0).link;
  EXPECT_EQ(link.join_saving, 1u);
  EXPECT_EQ(link.join_reads, r(0));
  EXPECT_EQ(link.reads_at0, r(0));
}

TEST_F(CortexM7BlockLink, SingleIssueFirstInstructionNeverJoins) {
  EXPECT_EQ(time_bytes(*model, kDivide).link.join_saving, 0u);
}

TEST(CortexM4BlockLink, SingleIssueCoreRecordsNothing) {
  const auto m4 = test::zero_wait_model(CoreKind::CortexM4);
  const BlockLink link = time_bytes(*m4, kLoadThenBranch).link;
  EXPECT_EQ(link.join_saving, 0u);
  EXPECT_FALSE(link.slot_free);
  EXPECT_EQ(link.late[1], 0u);
}

// The engine at block entries, on the zero-wait M7 board, fast timing.
class M7BlockEntry : public ::testing::Test {
 protected:
  struct Placed {
    uint32_t address, end, index;
    BlockCost cost;
  };
  template <size_t N>
  Placed place(uint32_t address, const uint8_t (&code)[N]) {
    const uint32_t index = next_index_++;
    return {address, address + static_cast<uint32_t>(N), index,
            engine.time_block(address, Disassembler().decode(address, code, N), 1, index)};
  }
  uint64_t enter(const Placed& b) {
    return engine.enter_block<false, true>(b.address, b.end, b.cost.taken_extra, b.cost.branch_entry, b.cost.fetch_path, b.index, b.cost.fp_link);
  }

  Board board = load_board("mps2-an500");
  uint64_t now = 0;
  TimingEngine engine{board, "fast", now};
  uint32_t next_index_ = 1;
};

TEST_F(M7BlockEntry, FallThroughJoinsAFreeSlotOfThePreviousLastCycle) {
  const Placed a = place(0x1000, kThreeAlu);
  const Placed b = place(a.end, kOneAlu);
  enter(a);
  EXPECT_EQ(enter(b), 0u);
  EXPECT_EQ(engine.overlap(), 1u);
}

TEST_F(M7BlockEntry, NoJoinWhenTheLastCycleIsFull) {
  const Placed a = place(0x1000, kTwoAlu);
  const Placed b = place(a.end, kOneAlu);
  enter(a);
  enter(b);
  EXPECT_EQ(engine.overlap(), 0u);
}

TEST_F(M7BlockEntry, NoJoinWhenEnteredByABranch) {
  const Placed a = place(0x1000, kThreeAlu);
  const Placed b = place(0x2000, kOneAlu);
  enter(a);
  enter(b);
  EXPECT_EQ(engine.overlap(), 0u);
}

TEST_F(M7BlockEntry, NoJoinWhenTheFirstInstructionReadsAResultOfTheLastCycle) {
  const Placed a = place(0x1000, kThreeAlu);  // adds r0 in cycle 0, r2 in the last: r0 is ready
  const Placed b = place(a.end, kUseR0);
  enter(a);
  EXPECT_EQ(enter(b), 0u);
  EXPECT_EQ(engine.overlap(), 1u);  // reads r0, written a cycle before the last
  constexpr uint8_t kUseR2[] = {0x51, 0x1c};  // adds r1, r2, #1
  constexpr uint8_t kLastIsEor[] = {
      0x01, 0x30,  // adds r0, #1
      0x01, 0x31,  // adds r1, #1
      0x5a, 0x40,  // eors r2, r3  (alone in the last cycle, late ALU)
  };
  const Placed c = place(0x3000, kLastIsEor);
  const Placed d = place(c.end, kUseR2);
  enter(c);
  EXPECT_EQ(enter(d), 0u);
  EXPECT_EQ(engine.overlap(), 0u);
  // An ADDS there forwards r2 from the early ALU: the reader joins.
  const Placed e = place(0x4000, kThreeAlu);
  const Placed f = place(e.end, kUseR2);
  enter(e);
  EXPECT_EQ(enter(f), 0u);
  EXPECT_EQ(engine.overlap(), 1u);
}

TEST_F(M7BlockEntry, ABlockThatJoinedAndEndedThereLeavesNoSlot) {
  const Placed a = place(0x1000, kThreeAlu);
  const Placed b = place(a.end, kOneAlu);  // joins a's last cycle, which is then full
  const Placed c = place(b.end, kOneAlu);
  enter(a);
  enter(b);
  ASSERT_EQ(engine.overlap(), 1u);
  enter(c);
  EXPECT_EQ(engine.overlap(), 0u);
}

TEST_F(M7BlockEntry, AJoinedBlockEndsAsItsJoinedScheduleDoes) {
  const Placed a = place(0x1000, kThreeAlu);
  // Alone, b ends with one ADDS in its last cycle (a free slot); joined, its
  // first ADDS moves into a's last cycle and the other two pair: no slot.
  const Placed b = place(a.end, kThreeAlu);
  const Placed c = place(b.end, kOneAlu);
  enter(a);
  enter(b);
  ASSERT_EQ(engine.overlap(), 1u);
  enter(c);
  EXPECT_EQ(engine.overlap(), 0u);
}

// Rule taken_branch_pair_narrow_before (REF2, STM32H743): a predicted taken
// branch shares its cycle with the first instruction at its target when at
// least two 16-bit instructions of its block come before it.
constexpr uint8_t kNarrowThenBranch[] = {
    0x01, 0x30,  // adds r0, #1
    0x01, 0x31,  // adds r1, #1
    0x00, 0xe0,  // b.n  .+4     (skips the next halfword) alone in the last cycle
};
constexpr uint8_t kWideThenBranch[] = {
    0x00, 0xf1, 0x01, 0x00,  // add.w r0, r0, #1
    0x01, 0xf1, 0x01, 0x01,  // add.w r1, r1, #1
    0x00, 0xf0, 0x01, 0xb8,  // b.w  .+6     alone in the last cycle
};
constexpr uint8_t kNarrowThenReturn[] = {
    0x01, 0x30,  // adds r0, #1
    0x01, 0x31,  // adds r1, #1
    0x70, 0x47,  // bx lr
};
constexpr uint8_t kNarrowThenForwardBne[] = {
    0x01, 0x30,  // adds r0, #1
    0x01, 0x31,  // adds r1, #1
    0x00, 0xd1,  // bne.n .+4   forward, not in the BTAC: predicted not taken
};

TEST_F(M7BlockEntry, PredictedTakenBranchSharesItsCycleWithItsTarget) {
  const Placed a = place(0x1000, kNarrowThenBranch);
  const Placed b = place(0x1008, kOneAlu);
  enter(a);
  EXPECT_EQ(enter(b), 0u);
  EXPECT_EQ(engine.overlap(), 1u);
}

TEST_F(M7BlockEntry, TakenBranchWithoutNarrowInstructionsBeforeItEndsItsCycle) {
  const Placed a = place(0x1000, kWideThenBranch);
  const Placed b = place(0x100e, kOneAlu);
  enter(a);
  EXPECT_EQ(enter(b), 0u);
  EXPECT_EQ(engine.overlap(), 0u);
}

TEST_F(M7BlockEntry, ReturnPaysItsRefillAndDoesNotPair) {
  const Placed a = place(0x1000, kNarrowThenReturn);
  const Placed b = place(0x2000, kOneAlu);
  EXPECT_EQ(a.cost.cycles, 2u + 4u);  // ADDS+ADDS, BX; refill_indirect 4 in the block's own cost
  enter(a);
  EXPECT_EQ(enter(b), 0u);
  EXPECT_EQ(engine.overlap(), 0u);
}

TEST_F(M7BlockEntry, MispredictedTakenBranchDoesNotPair) {
  const Placed a = place(0x1000, kNarrowThenForwardBne);
  const Placed b = place(0x1008, kOneAlu);
  enter(a);
  EXPECT_GT(enter(b), 0u);
  EXPECT_EQ(engine.overlap(), 0u);
}

TEST_F(M7BlockEntry, LoadUseStallCarriesIntoTheNextBlock) {
  const Placed word = place(0x1000, kLoadThenBranch);
  const Placed user = place(word.end, kUseR0);
  enter(word);
  EXPECT_EQ(enter(user), 0u);  // a word reaches the late ALU the next cycle
  EXPECT_EQ(engine.overlap(), 0u);
  const Placed byte = place(0x2000, kByteLoadThenBranch);
  const Placed byte_user = place(byte.end, kUseR0);
  enter(byte);
  EXPECT_EQ(enter(byte_user), 1u);  // a byte in the second cycle: one stall
}

constexpr uint8_t kVfmaS0[] = {
    0xa0, 0xee, 0x81, 0x0a,  // vfma.f32 s0, s1, s2
};
constexpr uint8_t kVldmS4[] = {
    0xb4, 0xec, 0x01, 0x2a,  // vldmia r4!, {s4}
};

TEST_F(M7BlockEntry, FpAccumulatorChainKeepsItsThreeCyclesAcrossABoundary) {
  // REF2: a VFMA result reaches the next VFMA's addend after 3 cycles; the
  // link charges at most 2 of a result's remaining latency, which with the
  // first block's own cycle makes exactly 3.
  const Placed first = place(0x1000, kVfmaS0);
  const Placed second = place(first.end, kVfmaS0);
  enter(first);
  EXPECT_EQ(enter(second), 2u);
}

TEST_F(M7BlockEntry, MacHoldOnTheAdderCarriesIntoTheNextBlock) {
  // A VLDM cannot issue in the 3 cycles after a MAC; across the boundary
  // the wait is capped at 2 (the documented limit of the link).
  const Placed mac = place(0x1000, kVfmaS0);
  const Placed load = place(mac.end, kVldmS4);
  enter(mac);
  EXPECT_EQ(enter(load), 2u);
}

TEST_F(M7BlockEntry, AnExceptionEndsTheChain) {
  const Placed a = place(0x1000, kThreeAlu);
  const Placed b = place(a.end, kOneAlu);
  enter(a);
  engine.exception_entered();
  enter(b);
  EXPECT_EQ(engine.overlap(), 0u);
}

}  // namespace
}  // namespace mcusim

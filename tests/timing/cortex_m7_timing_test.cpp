// Cortex-M7 block timing: dual issue with the pairing restrictions and
// latencies of docs/timing-model.md (LLVM ARMScheduleM7.td, STM32H743
// measurements, as restated in ../shared/reference/cortex-m-timing.md).
// Code bytes: arm-none-eabi-as -mcpu=cortex-m7 -mfpu=fpv5-d16 -mthumb.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "tests/timing/test_util.h"

namespace mcusim {
namespace {

using test::kBase;
using test::time_bytes;

class CortexM7Timing : public ::testing::Test {
 protected:
  std::unique_ptr<CycleModel> model = test::zero_wait_model(CoreKind::CortexM7);
};

constexpr uint8_t kIndependentAlu[] = {
    0x01, 0x30,  // adds r0, #1
    0x01, 0x31,  // adds r1, #1
};
constexpr uint8_t kDependentAlu[] = {
    0x01, 0x30,  // adds r0, #1
    0x41, 0x1c,  // adds r1, r0, #1
};
constexpr uint8_t kThreeIndependentAlu[] = {
    0x01, 0x30,  // adds r0, #1
    0x01, 0x31,  // adds r1, #1
    0x01, 0x32,  // adds r2, #1
};

TEST_F(CortexM7Timing, TwoIndependentAluOpsDualIssue) {
  const BlockTiming t = time_bytes(*model, kIndependentAlu);
  EXPECT_EQ(t.cycles_not_taken, 1u);
  EXPECT_EQ(t.cycles_before, (std::vector<uint16_t>{0, 0}));
}

constexpr uint8_t kDependentOnEor[] = {
    0x5a, 0x40,  // eors r2, r3      (late ALU only)
    0x50, 0x1c,  // adds r0, r2, #1
};
constexpr uint8_t kShiftedReadOfAdd[] = {
    0x01, 0x30,              // adds r0, #1
    0x02, 0xeb, 0x80, 0x01,  // add.w r1, r2, r0, lsl #2  (the shift reads r0 in the early ALU)
};

// REF2 (H743): "result of early alu can be forwarded to late alu in 0
// cycles"; ADD/SUB/MOV enter the early ALU "from older op only".
TEST_F(CortexM7Timing, DependentAddPairsThroughTheEarlyAlu) {
  EXPECT_EQ(time_bytes(*model, kDependentAlu).cycles_not_taken, 1u);
}

TEST_F(CortexM7Timing, DependentPairDoesNotIssueTogetherWithoutEarlyAluForwarding) {
  EXPECT_EQ(time_bytes(*model, kDependentOnEor).cycles_not_taken, 2u);
  EXPECT_EQ(time_bytes(*model, kShiftedReadOfAdd).cycles_not_taken, 2u);
}

TEST_F(CortexM7Timing, IssueWidthIsTwo) {
  const BlockTiming t = time_bytes(*model, kThreeIndependentAlu);
  EXPECT_EQ(t.cycles_not_taken, 2u);
  EXPECT_EQ(t.cycles_before, (std::vector<uint16_t>{0, 0, 1}));
}

constexpr uint8_t kTwoLoads[] = {
    0x08, 0x68,  // ldr r0, [r1, #0]
    0x1a, 0x68,  // ldr r2, [r3, #0]
};
constexpr uint8_t kLoadAndAlu[] = {
    0x08, 0x68,  // ldr r0, [r1, #0]
    0x01, 0x32,  // adds r2, #1
};

TEST_F(CortexM7Timing, AtMostOneLoadStorePerCycle) {
  EXPECT_EQ(time_bytes(*model, kTwoLoads).cycles_not_taken, 2u);
  EXPECT_EQ(time_bytes(*model, kLoadAndAlu).cycles_not_taken, 1u);
}

constexpr uint8_t kLoadUse[] = {
    0x08, 0x68,  // ldr r0, [r1, #0]
    0x42, 0x1c,  // adds r2, r0, #1
};
constexpr uint8_t kByteLoadUse[] = {
    0x08, 0x78,  // ldrb r0, [r1, #0]
    0x42, 0x1c,  // adds r2, r0, #1
};

// jnk0le/random cortex_m7.md (STM32H743): "word loads can be consumed by
// late ALU in next cycle"; "byte/half loads can be consumed in second cycle
// by late ALU ..., or third in early ALU".
TEST_F(CortexM7Timing, LoadResultReachesTheLateAluAfterOneCycleByteLoadsTwo) {
  // LDR at 0, ADDS at 1: 2 cycles. LDRB at 0, ADDS at 2: 3.
  EXPECT_EQ(time_bytes(*model, kLoadUse).cycles_not_taken, 2u);
  EXPECT_EQ(time_bytes(*model, kByteLoadUse).cycles_not_taken, 3u);
}

constexpr uint8_t kLoadShiftedUse[] = {
    0x08, 0x68,              // ldr r0, [r1, #0]
    0x03, 0xeb, 0x80, 0x02,  // add.w r2, r3, r0, lsl #2
};
constexpr uint8_t kLoadMulUse[] = {
    0x08, 0x68,              // ldr r0, [r1, #0]
    0x00, 0xfb, 0x07, 0xf2,  // mul.w r2, r0, r7
};
constexpr uint8_t kByteLoadMacUse[] = {
    0x08, 0x78,              // ldrb r0, [r1, #0]
    0x10, 0xfb, 0x07, 0x22,  // smlabb r2, r0, r7, r2
};
constexpr uint8_t kLoadAddressUse[] = {
    0x08, 0x68,  // ldr r0, [r1, #0]
    0x02, 0x68,  // ldr r2, [r0, #0]
};

// The same source: an inline-shifted operand is consumed in the early ALU
// (word load: 2), multiplies "can't consume ldr result from previous cycle"
// (2) and take a byte load as the late ALU does (2); an address waits the
// full latency (LLVM M7Read_ISS).
TEST_F(CortexM7Timing, ShiftedOperandsMultipliesAndAddressesWaitLonger) {
  EXPECT_EQ(time_bytes(*model, kLoadShiftedUse).cycles_before, (std::vector<uint16_t>{0, 2}));
  EXPECT_EQ(time_bytes(*model, kLoadMulUse).cycles_before, (std::vector<uint16_t>{0, 2}));
  EXPECT_EQ(time_bytes(*model, kByteLoadMacUse).cycles_before, (std::vector<uint16_t>{0, 2}));
  EXPECT_EQ(time_bytes(*model, kLoadAddressUse).cycles_before, (std::vector<uint16_t>{0, 2}));
}

constexpr uint8_t kLoadThenStore[] = {
    0x08, 0x68,  // ldr r0, [r1, #0]
    0x1a, 0x60,  // str r2, [r3, #0]
};
constexpr uint8_t kMulThenStore[] = {
    0x01, 0xfb, 0x02, 0xf0,  // mul.w r0, r1, r2
    0x1a, 0x60,              // str r2, [r3, #0]
};

// jnk0le/random cortex_m7.md: stores "can be dual issued with load";
// multiplies "can't dual issue with stores".
TEST_F(CortexM7Timing, StorePairsWithLoadNotWithMultiply) {
  EXPECT_EQ(time_bytes(*model, kLoadThenStore).cycles_before, (std::vector<uint16_t>{0, 0}));
  EXPECT_EQ(time_bytes(*model, kMulThenStore).cycles_before, (std::vector<uint16_t>{0, 1}));
}

constexpr uint8_t kMulUse[] = {
    0x01, 0xfb, 0x02, 0xf0,  // mul.w r0, r1, r2
    0x43, 0x1c,              // adds r3, r0, #1
};

TEST_F(CortexM7Timing, MultiplyLatencyTwo) {
  EXPECT_EQ(time_bytes(*model, kMulUse).cycles_not_taken, 3u);
}

constexpr uint8_t kDspPair[] = {
    0x81, 0xfa, 0x42, 0xf0,  // uadd8 r0, r1, r2
    0x84, 0xfa, 0x45, 0xf3,  // uadd8 r3, r4, r5
};
constexpr uint8_t kDspWithAlu[] = {
    0x81, 0xfa, 0x42, 0xf0,  // uadd8 r0, r1, r2
    0x01, 0x33,              // adds r3, #1
};

TEST_F(CortexM7Timing, DspInstructionsDoNotPairWithEachOther) {
  EXPECT_EQ(time_bytes(*model, kDspPair).cycles_not_taken, 2u);
  EXPECT_EQ(time_bytes(*model, kDspWithAlu).cycles_not_taken, 1u);
}

constexpr uint8_t kSimdThenSmlad[] = {
    0x2f, 0xfa, 0x87, 0xf0,  // sxtb16 r0, r7
    0x28, 0xfb, 0x09, 0xa1,  // smlad r1, r8, r9, r10
};
constexpr uint8_t kAluThenSimd[] = {
    0x01, 0x33,              // adds r3, #1
    0x3f, 0xfa, 0x87, 0xf2,  // uxtb16 r2, r7
};
constexpr uint8_t kSimdThenLoad[] = {
    0x3f, 0xfa, 0x87, 0xf2,  // uxtb16 r2, r7
    0x63, 0x68,              // ldr r3, [r4, #4]
};

// LLVM ARMScheduleM7.td: SIMD/extend/pack instructions use the SIMD unit and
// only begin an issue group; SMLAD uses the MAC unit alone.
TEST_F(CortexM7Timing, SimdInstructionsOnlyBeginAnIssueGroup) {
  EXPECT_EQ(time_bytes(*model, kSimdThenSmlad).cycles_not_taken, 1u);
  EXPECT_EQ(time_bytes(*model, kSimdThenLoad).cycles_not_taken, 1u);
  EXPECT_EQ(time_bytes(*model, kAluThenSimd).cycles_not_taken, 2u);
}

constexpr uint8_t kLdmSingleIssue[] = {
    0x01, 0x35,              // adds r5, #1
    0x90, 0xe8, 0x1e, 0x00,  // ldmia.w r0, {r1, r2, r3, r4}
    0x01, 0x36,              // adds r6, #1
};

TEST_F(CortexM7Timing, LoadMultipleIsSingleIssueAndTakesHalfN) {
  // ADDS at 0; LDM never pairs: 1..3 (ceil(4/2) = 2); ADDS at 3. Total 4.
  const BlockTiming t = time_bytes(*model, kLdmSingleIssue);
  EXPECT_EQ(t.cycles_not_taken, 4u);
  EXPECT_EQ(t.cycles_before, (std::vector<uint16_t>{0, 1, 3}));
}

constexpr uint8_t kFpAddChain[] = {
    0x30, 0xee, 0x81, 0x0a,  // vadd.f32 s0, s1, s2
    0x70, 0xee, 0x02, 0x1a,  // vadd.f32 s3, s0, s4
};
constexpr uint8_t kFpMacChain[] = {
    0xa0, 0xee, 0x81, 0x0a,  // vfma.f32 s0, s1, s2
    0x70, 0xee, 0x02, 0x1a,  // vadd.f32 s3, s0, s4
};
constexpr uint8_t kVdivF32[] = {
    0x80, 0xee, 0x81, 0x0a,  // vdiv.f32 s0, s1, s2
    0x70, 0xee, 0x02, 0x1a,  // vadd.f32 s3, s0, s4
};
constexpr uint8_t kVdivF64[] = {
    0x81, 0xee, 0x02, 0x0b,  // vdiv.f64 d0, d1, d2
    0x30, 0xee, 0x04, 0x3b,  // vadd.f64 d3, d0, d4
};

TEST_F(CortexM7Timing, FloatingPointLatencies) {
  EXPECT_EQ(time_bytes(*model, kFpAddChain).cycles_not_taken, 4u);  // 3 + 1
  EXPECT_EQ(time_bytes(*model, kFpMacChain).cycles_not_taken, 6u);  // REF2: VFMA to an FP ALU operand 5, + 1
  EXPECT_EQ(time_bytes(*model, kVdivF32).cycles_not_taken, 17u);    // 16 + 1
  EXPECT_EQ(time_bytes(*model, kVdivF64).cycles_not_taken, 31u);    // 30 + 1 (d0 = s0:s1 aliasing)
}

constexpr uint8_t kTwoShiftedRegisters[] = {
    0x02, 0xeb, 0x83, 0x01,  // add.w r1, r2, r3, lsl #2
    0x05, 0xeb, 0x86, 0x04,  // add.w r4, r5, r6, lsl #2
};
constexpr uint8_t kShiftedThenPlain[] = {
    0x02, 0xeb, 0x83, 0x01,  // add.w r1, r2, r3, lsl #2
    0x05, 0xeb, 0x06, 0x04,  // add.w r4, r5, r6
};
constexpr uint8_t kShiftedConstantThenShiftedRegister[] = {
    0x89, 0xf4, 0xfe, 0x50,  // eor.w r0, r9, #0x1fc0 (a shifted constant)
    0x05, 0xeb, 0x86, 0x04,  // add.w r4, r5, r6, lsl #2
};
constexpr uint8_t kPatternConstantThenShiftedRegister[] = {
    0x8b, 0xf0, 0xff, 0x0a,  // eor.w sl, fp, #0xff (a simple constant)
    0x05, 0xeb, 0x86, 0x04,  // add.w r4, r5, r6, lsl #2
};
constexpr uint8_t kBitfieldThenShifted[] = {
    0xc8, 0xf3, 0x03, 0x07,  // ubfx r7, r8, #0, #4
    0x05, 0xeb, 0x86, 0x04,  // add.w r4, r5, r6, lsl #2
};

// REF2's operand2 dual-issue matrix and its bitfield rule.
TEST_F(CortexM7Timing, TwoShiftedOperandsNeverShareACycle) {
  EXPECT_EQ(time_bytes(*model, kTwoShiftedRegisters).cycles_not_taken, 2u);
  EXPECT_EQ(time_bytes(*model, kShiftedConstantThenShiftedRegister).cycles_not_taken, 2u);
  EXPECT_EQ(time_bytes(*model, kBitfieldThenShifted).cycles_not_taken, 2u);
  EXPECT_EQ(time_bytes(*model, kShiftedThenPlain).cycles_not_taken, 1u);
  EXPECT_EQ(time_bytes(*model, kPatternConstantThenShiftedRegister).cycles_not_taken, 1u);
}

constexpr uint8_t kCompareBranch[] = {
    0x01, 0x28,  // cmp r0, #1
    0x00, 0xd1,  // bne.n 6
};

TEST_F(CortexM7Timing, PredictedBranchDualIssuesMispredictCostsEight) {
  const BlockTiming t = time_bytes(*model, kCompareBranch);
  EXPECT_EQ(t.cycles_not_taken, 1u);
  EXPECT_EQ(t.cycles_taken, 1u);  // correctly predicted taken: no refill
  EXPECT_TRUE(t.ends_in_conditional);
  EXPECT_EQ(t.cycles_mispredict, 8u);
}

// The flags are set, then a chain of dependent adds (one per cycle) passes before the branch.
constexpr uint8_t kEarlyCompareBranch[] = {
    0x01, 0x28,              // cmp r0, #1
    0x49, 0x1c,              // adds r1, r1, #1  (the last flag setter)
    0x81, 0xea, 0x01, 0x01,  // eor.w r1, r1, r1
    0x81, 0xea, 0x01, 0x01,  // eor.w r1, r1, r1
    0x81, 0xea, 0x01, 0x01,  // eor.w r1, r1, r1
    0x00, 0xd1,              // bne.n
};

TEST_F(CortexM7Timing, MispredictCostsSixWhenFlagsWereSetThreeCyclesEarlier) {
  // adds r1 sets the flags at cycle 0 (pairs with cmp); the EOR chain (no
  // early-ALU forwarding) puts the branch at cycle 3.
  const BlockTiming t = time_bytes(*model, kEarlyCompareBranch);
  EXPECT_EQ(t.cycles_before.back(), 3u);
  EXPECT_EQ(t.cycles_mispredict, 6u);
}

constexpr uint8_t kCbzOfOldRegister[] = {
    0x09, 0x44,  // add r1, r1
    0x08, 0xb1,  // cbz r0, (r0 not written in the block)
};

TEST_F(CortexM7Timing, CbzOnARegisterSettledBeforeTheBlockMispredictsCheaply) {
  EXPECT_EQ(time_bytes(*model, kCbzOfOldRegister).cycles_mispredict, 6u);
}

constexpr uint8_t kPopPc[] = {
    0x10, 0xbd,  // pop {r4, pc}
};

TEST_F(CortexM7Timing, ReturnByPopPaysIndirectRefill) {
  const BlockTiming t = time_bytes(*model, kPopPc);
  EXPECT_EQ(t.cycles_taken, 1u + 4);  // ceil(2/2) + indirect refill 4
  EXPECT_EQ(t.cycles_mispredict, 0u);
}

constexpr uint8_t kSsatDependency[] = {
    0x01, 0x31,              // adds r1, #1
    0x01, 0xf3, 0x07, 0x00,  // ssat r0, #8, r1
};

TEST_F(CortexM7Timing, SsatSourceIsADependencyDespiteCapstone) {
  // Capstone 4.0.2 gives SSAT's source no access flags; it is still read.
  EXPECT_EQ(time_bytes(*model, kSsatDependency).cycles_not_taken, 2u);
}

constexpr uint8_t kSdiv[] = {
    0x91, 0xfb, 0xf2, 0xf0,  // sdiv r0, r1, r2
};

TEST_F(CortexM7Timing, DivisionIsFixedAndHasNoRunTimePart) {
  const BlockTiming t = time_bytes(*model, kSdiv);
  EXPECT_EQ(t.cycles_not_taken, 7u);
  EXPECT_TRUE(t.div_addresses.empty());
  EXPECT_EQ(model->division_cycles(false, 0xFFFFFFFFu, 1), 0u);
}

TEST_F(CortexM7Timing, NoUnalignedTargetPenalty) {
  constexpr uint8_t kBl[] = {0x00, 0xf0, 0x00, 0xf8};  // bl 4
  EXPECT_EQ(time_bytes(*model, kBl, kBase + 2).cycles_branch_entry, 0u);
}

}  // namespace
}  // namespace mcusim

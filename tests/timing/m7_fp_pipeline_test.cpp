// Cortex-M7 FP pipeline: result latency by reader and the issue limits
// around a multiply-accumulate (CoreTiming::fp_result_latency,
// fp_mac_holds_adder, fp_mac_transfers_first_slot,
// fp_double_transfers_single_issue), from jnk0le/random "pipeline cycle
// test" doc/cortex_m7.md (STM32H743 measurements; docs/timing-model.md,
// *The FP pipeline of the Cortex-M7*).
// Code bytes: arm-none-eabi-as -mcpu=cortex-m7 -mfpu=fpv5-d16 -mthumb.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "tests/timing/test_util.h"

namespace mcusim {
namespace {

using test::time_bytes;

class M7FpPipeline : public ::testing::Test {
 protected:
  std::unique_ptr<CycleModel> m7 = test::zero_wait_model(CoreKind::CortexM7);
  std::unique_ptr<CycleModel> m4 = test::zero_wait_model(CoreKind::CortexM4);
  std::vector<uint16_t> issue(const BlockTiming& t) const { return t.cycles_before; }
};

constexpr uint8_t kVfmaChain[] = {
    0xa0, 0xee, 0x81, 0x0a,  // vfma.f32 s0, s1, s2
    0xa0, 0xee, 0x81, 0x0a,  // vfma.f32 s0, s1, s2
    0xa0, 0xee, 0x81, 0x0a,  // vfma.f32 s0, s1, s2
};
constexpr uint8_t kVmlaChain[] = {
    0x00, 0xee, 0x81, 0x0a,  // vmla.f32 s0, s1, s2
    0x00, 0xee, 0x81, 0x0a,  // vmla.f32 s0, s1, s2
};

TEST_F(M7FpPipeline, AccumulatorChainsIssueEveryThirdCycle) {
  EXPECT_EQ(issue(time_bytes(*m7, kVfmaChain)), (std::vector<uint16_t>{0, 3, 6}));
  EXPECT_EQ(issue(time_bytes(*m7, kVmlaChain)), (std::vector<uint16_t>{0, 3}));
}

constexpr uint8_t kVldrVadd[] = {
    0xd4, 0xed, 0x00, 0x1a,  // vldr s3, [r4]
    0x31, 0xee, 0xa2, 0x2a,  // vadd.f32 s4, s3, s5
};
constexpr uint8_t kVldrAccumulator[] = {
    0xd4, 0xed, 0x00, 0x1a,  // vldr s3, [r4]
    0xe0, 0xee, 0x81, 0x1a,  // vfma.f32 s3, s1, s2
};
constexpr uint8_t kVldrMultiplicand[] = {
    0xd4, 0xed, 0x00, 0x1a,  // vldr s3, [r4]
    0xa1, 0xee, 0x81, 0x2a,  // vfma.f32 s4, s3, s2
};
constexpr uint8_t kVldrToCore[] = {
    0xd4, 0xed, 0x00, 0x1a,  // vldr s3, [r4]
    0x11, 0xee, 0x90, 0x0a,  // vmov r0, s3
};

TEST_F(M7FpPipeline, LoadedValueIsReadyNextCycleExceptAsAnFmaAccumulator) {
  EXPECT_EQ(issue(time_bytes(*m7, kVldrVadd)), (std::vector<uint16_t>{0, 1}));
  EXPECT_EQ(issue(time_bytes(*m7, kVldrMultiplicand)), (std::vector<uint16_t>{0, 1}));
  EXPECT_EQ(issue(time_bytes(*m7, kVldrAccumulator)), (std::vector<uint16_t>{0, 3}));
  EXPECT_EQ(issue(time_bytes(*m7, kVldrToCore)), (std::vector<uint16_t>{0, 2}));
}

constexpr uint8_t kVfmaVstr[] = {
    0xe0, 0xee, 0x81, 0x1a,  // vfma.f32 s3, s1, s2
    0xc5, 0xed, 0x00, 0x1a,  // vstr s3, [r5]
};
constexpr uint8_t kVfmaMultiplicand[] = {
    0xe0, 0xee, 0x81, 0x1a,  // vfma.f32 s3, s1, s2
    0xa1, 0xee, 0x81, 0x2a,  // vfma.f32 s4, s3, s2
};
constexpr uint8_t kVfmaToCore[] = {
    0xe0, 0xee, 0x81, 0x1a,  // vfma.f32 s3, s1, s2
    0x11, 0xee, 0x90, 0x0a,  // vmov r0, s3
};
constexpr uint8_t kVmovFromCore[] = {
    0x01, 0xee, 0x90, 0x0a,  // vmov s3, r0
    0x31, 0xee, 0xa1, 0x2a,  // vadd.f32 s4, s3, s3
};

TEST_F(M7FpPipeline, MacResultLatencyDependsOnTheReader) {
  EXPECT_EQ(issue(time_bytes(*m7, kVfmaVstr)), (std::vector<uint16_t>{0, 3}));
  EXPECT_EQ(issue(time_bytes(*m7, kVfmaMultiplicand)), (std::vector<uint16_t>{0, 5}));
  EXPECT_EQ(issue(time_bytes(*m7, kVfmaToCore)), (std::vector<uint16_t>{0, 5}));
  EXPECT_EQ(issue(time_bytes(*m7, kVmovFromCore)), (std::vector<uint16_t>{0, 3}));
}

constexpr uint8_t kVfmaVadd[] = {
    0xe0, 0xee, 0x81, 0x1a,  // vfma.f32 s3, s1, s2
    0x73, 0xee, 0x23, 0x2a,  // vadd.f32 s5, s6, s7
};
constexpr uint8_t kVfmaVmul[] = {
    0xe0, 0xee, 0x81, 0x1a,  // vfma.f32 s3, s1, s2
    0x63, 0xee, 0x23, 0x2a,  // vmul.f32 s5, s6, s7
};
constexpr uint8_t kVfmaVldm[] = {
    0xe0, 0xee, 0x81, 0x1a,  // vfma.f32 s3, s1, s2
    0xb4, 0xec, 0x01, 0x2a,  // vldmia r4!, {s4}
};

TEST_F(M7FpPipeline, MacHoldsTheAdderThreeCyclesForVaddAndVldm) {
  EXPECT_EQ(issue(time_bytes(*m7, kVfmaVadd)), (std::vector<uint16_t>{0, 4}));
  EXPECT_EQ(issue(time_bytes(*m7, kVfmaVldm)), (std::vector<uint16_t>{0, 4}));
  EXPECT_EQ(issue(time_bytes(*m7, kVfmaVmul)), (std::vector<uint16_t>{0, 1}));  // not held, never paired
}

constexpr uint8_t kMacThenLoads[] = {
    0xe0, 0xee, 0x81, 0x1a,  // vfma.f32 s3, s1, s2
    0xd4, 0xed, 0x00, 0x1a,  // vldr s3, [r4]  (s3 only written: pairs with the first MAC)
    0xe0, 0xee, 0x81, 0x2a,  // vfma.f32 s5, s1, s2
    0xd4, 0xed, 0x01, 0x1a,  // vldr s3, [r4, #4]
};

TEST_F(M7FpPipeline, VldrTakesTheYoungerSlotOnlyBesideTheFirstMac) {
  // The first MAC shares its cycle with a VLDR; the second MAC issues alone
  // and a VLDR then cannot follow it in the same cycle.
  EXPECT_EQ(issue(time_bytes(*m7, kMacThenLoads)), (std::vector<uint16_t>{0, 0, 1, 2}));
}

constexpr uint8_t kVldrDoubleBesideAlu[] = {
    0x94, 0xed, 0x00, 0x2b,  // vldr d2, [r4]
    0x01, 0x30,              // adds r0, #1
};

TEST_F(M7FpPipeline, DoubleTransfersIssueAlone) {
  EXPECT_EQ(issue(time_bytes(*m7, kVldrDoubleBesideAlu)), (std::vector<uint16_t>{0, 1}));
}

// GCC 12 -O2 -mcpu=cortex-m7's dense-layer loop body.
constexpr uint8_t kGccDenseLoop[] = {
    0xb4, 0xec, 0x01, 0x2a,  // vldmia r4!, {s4}
    0xf6, 0xec, 0x01, 0x2a,  // vldmia r6!, {s5}
    0xe0, 0xee, 0x81, 0x1a,  // vfma.f32 s3, s1, s2
    0xb4, 0xec, 0x01, 0x2a,  // vldmia r4!, {s4}  (the next iteration's first load)
};

TEST_F(M7FpPipeline, LoadMultipleAfterAMacWaitsForTheAdder) {
  EXPECT_EQ(issue(time_bytes(*m7, kGccDenseLoop)), (std::vector<uint16_t>{0, 1, 2, 6}));
}

TEST_F(M7FpPipeline, CortexM4KeepsItsOwnFpRules) {
  // The M4 table has none of these rules: a VFMA chain is its TRM's 3 per
  // MAC (addend read late), a VLDR feeds the FP ALU after 2.
  EXPECT_EQ(issue(time_bytes(*m4, kVfmaChain)), (std::vector<uint16_t>{0, 3, 6}));
  EXPECT_EQ(issue(time_bytes(*m4, kVldrVadd)), (std::vector<uint16_t>{0, 2}));
}

}  // namespace
}  // namespace mcusim

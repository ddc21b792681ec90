// Which accesses of a block get alignment checks, and where (sim/alignment.h).
#include "sim/alignment.h"

#include <gtest/gtest.h>

#include "sim/disassembler.h"

namespace mcusim {
namespace {

std::vector<PlannedCheck> plan(std::vector<uint8_t> code, bool trapping = false, uint32_t literal = 0x20000000) {
  Disassembler d;
  auto insns = d.decode(0x1000, code.data(), code.size());
  return plan_alignment_checks(insns, trapping, [literal](uint32_t) { return std::optional<uint32_t>(literal); });
}

TEST(AlignmentPlanTest, LdmFromAnUnchangedRegisterIsCheckedAtBlockEntry) {
  auto p = plan({0x90, 0xe8, 0x06, 0x00});  // ldm.w r0, {r1, r2}
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].at, CheckAt::BlockEntry);
  EXPECT_EQ(p[0].access.base, 0);
  EXPECT_EQ(p[0].access.bytes, 4);
}

TEST(AlignmentPlanTest, BaseComputedInTheBlockNeedsAHookOnTheInstruction) {
  auto p = plan({0x04, 0x30, 0x90, 0xe8, 0x06, 0x00});  // adds r0, #4; ldm.w r0, {r1, r2}
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].at, CheckAt::Instruction);
  EXPECT_EQ(p[0].access.pc, 0x1002u);
}

TEST(AlignmentPlanTest, ConstantWritebackIsFollowedToTheNextAccess) {
  auto p = plan({0x06, 0xc8, 0x90, 0xe8, 0x18, 0x00});  // ldmia r0!, {r1, r2}; ldm.w r0, {r3, r4}
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].at, CheckAt::BlockEntry);
  EXPECT_EQ(p[1].access.disp, 8);  // r0 at entry + 8
}

TEST(AlignmentPlanTest, BaseFromALiteralPoolIsCheckedOnceWhenDecoded) {
  std::vector<uint8_t> code = {0x00, 0x4a, 0x92, 0xe8, 0x03, 0x00};  // ldr r2, [pc, #0]; ldm.w r2, {r0, r1}
  EXPECT_TRUE(plan(code, false, 0x20000100).empty());  // aligned constant: nothing to check
  auto p = plan(code, false, 0x20000102);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].at, CheckAt::Instruction);  // it will fault there
}

TEST(AlignmentPlanTest, WordLoadsAreCheckedOnlyWhileTrapping) {
  std::vector<uint8_t> code = {0x08, 0x68};  // ldr r0, [r1]
  EXPECT_TRUE(plan(code, false).empty());
  auto p = plan(code, true);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_TRUE(p[0].access.only_when_trapping);
}

TEST(AlignmentPlanTest, SpAtAWordOffsetIsNeverChecked) {
  EXPECT_TRUE(plan({0xdd, 0xe9, 0x02, 0x01}).empty());  // ldrd r0, r1, [sp, #8]
}

}  // namespace
}  // namespace mcusim

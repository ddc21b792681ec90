// Which accesses of a block get alignment checks, and where (sim/alignment.h).
#include "sim/alignment.h"

#include <gtest/gtest.h>

#include "sim/disassembler.h"

namespace mcusim {
namespace {

AlignmentPlan plan_block(std::vector<uint8_t> code, bool trapping = false, uint32_t literal = 0x20000000) {
  Disassembler d;
  auto insns = d.decode(0x1000, code.data(), code.size());
  return plan_alignment_checks(insns, trapping, [literal](uint32_t) { return std::optional<uint32_t>(literal); });
}
std::vector<PlannedCheck> plan(std::vector<uint8_t> code, bool trapping = false, uint32_t literal = 0x20000000) {
  return plan_block(std::move(code), trapping, literal).checks;
}
// The entry check's address from register values r0.. (and memory words).
uint32_t entry_address(const PlannedCheck& c, std::vector<uint32_t> regs, uint32_t word = 0) {
  return *evaluate_address(c.entry, [&](int r) { return regs.at(static_cast<size_t>(r)); },
                           [word](uint32_t) { return std::optional<uint32_t>(word); });
}

TEST(AlignmentPlanTest, LdmFromAnUnchangedRegisterIsCheckedAtBlockEntry) {
  auto p = plan({0x90, 0xe8, 0x06, 0x00});  // ldm.w r0, {r1, r2}
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].at, CheckAt::BlockEntry);
  EXPECT_EQ(p[0].entry.terms[0].reg, 0);
  EXPECT_EQ(p[0].access.bytes, 4);
}

TEST(AlignmentPlanTest, BaseStepByAConstantInTheBlockIsFollowedToBlockEntry) {
  auto p = plan({0x05, 0x30, 0x90, 0xe8, 0x06, 0x00});  // adds r0, #5; ldm.w r0, {r1, r2}
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].at, CheckAt::BlockEntry);
  EXPECT_EQ(p[0].access.pc, 0x1002u);
  EXPECT_EQ(entry_address(p[0], {0x100}) % 4, 1u);
  EXPECT_EQ(entry_address(p[0], {0x103}) % 4, 0u);
}

TEST(AlignmentPlanTest, BaseStepByARegisterTimesFourKeepsTheEntryResidue) {
  // add.w r3, r3, r5, lsl #2; vldr s0, [r3]
  auto p = plan({0x03, 0xeb, 0x85, 0x03, 0x93, 0xed, 0x00, 0x0a});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].at, CheckAt::BlockEntry);
  EXPECT_EQ(entry_address(p[0], {0, 0, 0, 0x102, 0, 7}) % 4, 2u);
  EXPECT_EQ(entry_address(p[0], {0, 0, 0, 0x104, 0, 7}) % 4, 0u);
}

TEST(AlignmentPlanTest, BaseSumOfTwoRegistersIsCheckedAtBlockEntry) {
  auto p = plan({0x08, 0x44, 0x90, 0xed, 0x00, 0x0a});  // add r0, r1; vldr s0, [r0]
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].at, CheckAt::BlockEntry);
  EXPECT_EQ(entry_address(p[0], {0x100, 2}) % 4, 2u);
  EXPECT_EQ(entry_address(p[0], {0x100, 8}) % 4, 0u);
}

TEST(AlignmentPlanTest, BaseLoadedFromMemoryIsReadAtBlockEntry) {
  auto p = plan({0x48, 0x68, 0x90, 0xed, 0x00, 0x0a});  // ldr r0, [r1, #4]; vldr s0, [r0]
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].at, CheckAt::BlockEntry);
  EXPECT_TRUE(p[0].entry.loaded);
  EXPECT_EQ(p[0].entry.load_disp, 4);
  EXPECT_EQ(entry_address(p[0], {0, 0x200}, 0x20000006) % 4, 2u);
}

TEST(AlignmentPlanTest, BaseLoadedAfterAStoreNeedsAHookOnTheInstruction) {
  // str r2, [r3]; ldr r0, [r1, #4]; vldr s0, [r0]: the store may change the word
  auto p = plan({0x1a, 0x60, 0x48, 0x68, 0x90, 0xed, 0x00, 0x0a});
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].at, CheckAt::Instruction);
  EXPECT_EQ(p[0].access.pc, 0x1004u);
}

TEST(AlignmentPlanTest, BaseFromAMultiplyNeedsAHookOnTheInstruction) {
  auto p = plan({0x01, 0xfb, 0x02, 0xf0, 0x90, 0xed, 0x00, 0x0a});  // mul r0, r1, r2; vldr s0, [r0]
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].at, CheckAt::Instruction);
}

TEST(AlignmentPlanTest, LoopSteppingByFourKeepsAlignment) {
  // vldmia r0!, {s13}; vldmia r1!, {s14}; cmp r0, r2; bne
  auto l = plan_block({0xf0, 0xec, 0x01, 0x6a, 0xb1, 0xec, 0x01, 0x7a, 0x90, 0x42, 0xfa, 0xd1});
  EXPECT_TRUE(l.loop.holds);
  EXPECT_EQ(l.loop.step_multiple_of_4, 0);
}

TEST(AlignmentPlanTest, LoopSteppingByARegisterNeedsThatRegisterToBeAMultipleOfFour) {
  // vldr s14, [r0]; add r0, r1; bne
  auto l = plan_block({0x90, 0xed, 0x00, 0x7a, 0x08, 0x44, 0xfa, 0xd1});
  EXPECT_TRUE(l.loop.holds);
  EXPECT_EQ(l.loop.step_multiple_of_4, 1 << 1);
}

TEST(AlignmentPlanTest, LoopSteppingByTwoDoesNotKeepAlignment) {
  auto l = plan_block({0x90, 0xed, 0x00, 0x7a, 0x02, 0x30, 0xfa, 0xd1});  // vldr s14, [r0]; adds r0, #2; bne
  EXPECT_FALSE(l.loop.holds);
}

TEST(AlignmentPlanTest, ConstantWritebackIsFollowedToTheNextAccess) {
  auto p = plan({0x06, 0xc8, 0x90, 0xe8, 0x18, 0x00});  // ldmia r0!, {r1, r2}; ldm.w r0, {r3, r4}
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].at, CheckAt::BlockEntry);
  EXPECT_EQ(p[1].entry.disp, 8);  // r0 at entry + 8
  EXPECT_EQ(p[1].access.disp, 0);  // r0 at the instruction
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

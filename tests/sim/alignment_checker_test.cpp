// AlignmentChecker's entry checks (sim/alignment_checker.h) read the block's
// registers from the engine's live array when it was located, through
// uc_reg_read when not (sim/live_registers.h): both must decide the same.
#include "sim/alignment_checker.h"

#include <gtest/gtest.h>

#include <vector>

#include "sim/board.h"
#include "sim/disassembler.h"

namespace mcusim {
namespace {

constexpr uint32_t kBlock = 0x1000;

struct Checker {
  explicit Checker(RegisterReads reads) : cpu(CoreKind::CortexM4, reads) {}
  Board board = load_board("mps2-an386");
  MemoryMap memory{board};
  uint32_t ccr = 0x200;  // UNALIGN_TRP clear: only LDM/STM and VLDR/VSTR-class accesses fault
  Cpu cpu;
  int faults = 0;
  AlignmentChecker checker{cpu, memory, ccr, [this](uint32_t, uint32_t, const CheckedAccess&) { ++faults; }};

  // Describes `code` as block 0 at kBlock; true when it has entry checks.
  bool describe(std::vector<uint8_t> code) {
    Disassembler d;
    auto insns = d.decode(kBlock, code.data(), code.size());
    EXPECT_FALSE(checker.describe_block(0, kBlock, insns));  // checked at entry, no hook yet
    return checker.checks_at_entry(0);
  }
};

class AlignmentCheckerReadsTest : public testing::TestWithParam<RegisterReads> {};

TEST_P(AlignmentCheckerReadsTest, OneRegisterBlockFindsTheMisalignedBaseAtEntry) {
  Checker c(GetParam());
  EXPECT_EQ(c.cpu.live_regs() != nullptr, GetParam() == RegisterReads::Live);
  ASSERT_TRUE(c.describe({0x90, 0xe8, 0x06, 0x00}));  // ldm.w r0, {r1, r2}
  c.cpu.set_reg(Reg::R0, 0x20000100);
  EXPECT_FALSE(c.checker.check_entry(0));
  c.cpu.set_reg(Reg::R0, 0x20000102);
  EXPECT_TRUE(c.checker.check_entry(0));  // hooked: the block must run again with the precise check
  EXPECT_EQ(c.checker.hooked_sites(), 1u);
}

TEST_P(AlignmentCheckerReadsTest, TwoRegisterBlockFindsTheMisalignedSumAtEntry) {
  Checker c(GetParam());
  ASSERT_TRUE(c.describe({0x08, 0x44, 0x90, 0xed, 0x00, 0x0a}));  // add r0, r1; vldr s0, [r0]
  c.cpu.set_reg(Reg::R0, 0x20000100);
  c.cpu.set_reg(Reg::R1, 8);
  EXPECT_FALSE(c.checker.check_entry(0));
  c.cpu.set_reg(Reg::R1, 10);
  EXPECT_TRUE(c.checker.check_entry(0));
}

TEST_P(AlignmentCheckerReadsTest, HighRegisterBaseIsReadLikeAnyOther) {
  Checker c(GetParam());
  ASSERT_TRUE(c.describe({0x9c, 0xe8, 0x06, 0x00}));  // ldm.w r12, {r1, r2}
  c.cpu.set_reg(Reg::R12, 0x20000100);
  EXPECT_FALSE(c.checker.check_entry(0));
  c.cpu.set_reg(Reg::R12, 0x20000106);
  EXPECT_TRUE(c.checker.check_entry(0));
}

INSTANTIATE_TEST_SUITE_P(Reads, AlignmentCheckerReadsTest, testing::Values(RegisterReads::Live, RegisterReads::Engine),
                         [](const testing::TestParamInfo<RegisterReads>& i) {
                           return i.param == RegisterReads::Live ? std::string("Live") : std::string("Engine");
                         });

}  // namespace
}  // namespace mcusim

// The timing tables are data; these tests check the tables themselves and the
// decoder facts the scheduler relies on (including Capstone 4.0.2 quirks).
#include <gtest/gtest.h>

#include <capstone/capstone.h>

#include <set>
#include <string>
#include <vector>

#include "sim/disassembler.h"
#include "sim/timing/core_timing.h"
#include "sim/timing/instruction_class.h"
#include "tests/timing/test_util.h"

namespace mcusim {
namespace {

TEST(InstructionClassTable, EveryClassHasAUniqueName) {
  std::set<std::string> names;
  for (size_t i = 0; i < kInsnClassCount; ++i) {
    const std::string_view name = insn_class_name(static_cast<InsnClass>(i));
    EXPECT_NE(name, "?");
    EXPECT_TRUE(names.insert(std::string(name)).second) << name;
  }
}

TEST(InstructionClassTable, InstructionsMapToTheirClass) {
  EXPECT_EQ(classify_instruction(ARM_INS_ADD), InsnClass::Alu);
  EXPECT_EQ(classify_instruction(ARM_INS_UBFX), InsnClass::Bitfield);
  EXPECT_EQ(classify_instruction(ARM_INS_SMLAL), InsnClass::Mul);
  EXPECT_EQ(classify_instruction(ARM_INS_SMLAD), InsnClass::DspMul);
  EXPECT_EQ(classify_instruction(ARM_INS_UADD8), InsnClass::Dsp);
  EXPECT_EQ(classify_instruction(ARM_INS_SDIV), InsnClass::Div);
  EXPECT_EQ(classify_instruction(ARM_INS_UDIV), InsnClass::Div);
  EXPECT_EQ(classify_instruction(ARM_INS_LDRSH), InsnClass::LoadNarrow);
  EXPECT_EQ(classify_instruction(ARM_INS_POP), InsnClass::LoadMultiple);
  EXPECT_EQ(classify_instruction(ARM_INS_PUSH), InsnClass::StoreMultiple);
  EXPECT_EQ(classify_instruction(ARM_INS_CBNZ), InsnClass::CompareBranch);
  EXPECT_EQ(classify_instruction(ARM_INS_IT), InsnClass::It);
  EXPECT_EQ(classify_instruction(ARM_INS_VFMA), InsnClass::FpMac);
  EXPECT_EQ(classify_instruction(ARM_INS_VSQRT), InsnClass::FpDiv);
  EXPECT_EQ(classify_instruction(ARM_INS_VPOP), InsnClass::FpLoadMultiple);
  EXPECT_EQ(classify_instruction(ARM_INS_AESD), InsnClass::Unknown);
  EXPECT_EQ(classify_instruction(100000), InsnClass::Unknown);
}

TEST(CoreTimingTable, EveryRowCanBeIssued) {
  for (CoreKind core : {CoreKind::CortexM4, CoreKind::CortexM7}) {
    const CoreTiming& t = core_timing(core);
    for (size_t i = 0; i < kInsnClassCount; ++i) {
      const ClassTiming& row = t.classes[i];
      const std::string what = std::string(t.name) + " " +
                               std::string(insn_class_name(static_cast<InsnClass>(i)));
      // A fixed-length class takes at least one cycle; a variable one at
      // least one per transfer.
      if (row.words_per_cycle == 0) {
        EXPECT_GE(row.occupancy, 1) << what;
      }
      EXPECT_LE(row.occupancy, 30) << what;
      EXPECT_LE(row.latency, 31) << what;
    }
    EXPECT_GE(t.issue_width, 1) << t.name;
    EXPECT_GE(t.fetch_line_bytes, 2) << t.name;
  }
}

TEST(CoreTimingTable, CortexM4RowsFollowTheTrm) {
  const CoreTiming& m4 = core_timing(CoreKind::CortexM4);
  EXPECT_EQ(m4.issue_width, 1);
  EXPECT_EQ(m4.of(InsnClass::Alu).occupancy, 1);
  EXPECT_EQ(m4.of(InsnClass::Load).occupancy, 2);
  EXPECT_EQ(m4.of(InsnClass::LoadDual).occupancy, 3);
  EXPECT_EQ(m4.of(InsnClass::Div).occupancy, 2);
  EXPECT_EQ(m4.of(InsnClass::FpMac).occupancy, 1);  // issues in 1, holds the FP unit 3
  EXPECT_EQ(m4.of(InsnClass::FpMac).fp_unit_busy, 3);
  EXPECT_EQ(m4.of(InsnClass::FpDiv).occupancy, 1);
  EXPECT_EQ(m4.of(InsnClass::FpDiv).fp_unit_busy, 14);
  EXPECT_EQ(m4.of(InsnClass::FpAddSub).latency, 2);  // +1 for the next instruction
  EXPECT_EQ(m4.mispredict_penalty, 0);
}

TEST(CoreTimingTable, CortexM7RowsFollowLlvmAndMeasurements) {
  const CoreTiming& m7 = core_timing(CoreKind::CortexM7);
  EXPECT_EQ(m7.issue_width, 2);
  EXPECT_EQ(m7.of(InsnClass::Load).latency, 2);
  EXPECT_EQ(m7.of(InsnClass::LoadNarrow).latency, 3);
  EXPECT_EQ(m7.of(InsnClass::Mul).latency, 2);
  EXPECT_EQ(m7.of(InsnClass::FpAddSub).latency, 3);
  EXPECT_EQ(m7.of(InsnClass::FpMac).latency, 6);
  EXPECT_EQ(m7.of(InsnClass::FpDiv).latency, 16);
  EXPECT_EQ(m7.of(InsnClass::FpDivDouble).latency, 30);
  EXPECT_TRUE(m7.of(InsnClass::LoadMultiple).single_issue);
  EXPECT_TRUE(m7.of(InsnClass::LoadDual).single_issue);
  EXPECT_TRUE(m7.of(InsnClass::Div).single_issue);
  EXPECT_EQ(m7.mispredict_penalty, 8);
}

TEST(CoreTimingTable, CoreKindFromBoardName) {
  EXPECT_EQ(core_kind_from_name("cortex-m4"), CoreKind::CortexM4);
  EXPECT_EQ(core_kind_from_name("Cortex-M4F"), CoreKind::CortexM4);
  EXPECT_EQ(core_kind_from_name("cortex-m7"), CoreKind::CortexM7);
  EXPECT_EQ(core_kind_from_name("cortex-m33"), std::nullopt);
  EXPECT_STREQ(core_timing(CoreKind::CortexM7).name, "cortex-m7");
}

TEST(CoreTimingTable, AddingACoreIsATable) {
  // A hypothetical core: the M4 table with 3-cycle loads and no pipelining.
  static const CoreTiming slow = [] {
    CoreTiming t = core_timing(CoreKind::CortexM4);
    t.name = "slow-m4";
    t.classes[static_cast<size_t>(InsnClass::Load)] = ClassTiming{3, 3, 0, kResNone, false};
    t.load_store_pipelining = false;
    return t;
  }();
  const auto model = CycleModel::create(slow, MemoryTiming{});
  constexpr uint8_t kTwoLoads[] = {
      0x08, 0x68,  // ldr r0, [r1, #0]
      0x1a, 0x68,  // ldr r2, [r3, #0]
  };
  EXPECT_EQ(test::time_bytes(*model, kTwoLoads).cycles_not_taken, 6u);
}

std::vector<DecodedInsn> decode(std::initializer_list<uint8_t> bytes, uint32_t address = 0x1000) {
  static const Disassembler decoder;
  const std::vector<uint8_t> code(bytes);
  return decoder.decode(address, code.data(), code.size());
}

TEST(CycleModelDecoder, PopWithPcIsAnIndirectBranch) {
  const auto d = decode({0x10, 0xbd});  // pop {r4, pc}
  ASSERT_EQ(d.size(), 1u);
  EXPECT_TRUE(d[0].writes_pc());
  EXPECT_TRUE(d[0].is_return);  // the simulator's view of the same record
  EXPECT_FALSE(d[0].direct_branch);
  EXPECT_EQ(d[0].words, 2);
  EXPECT_EQ(d[0].writes & register_mask(ARM_REG_R4), register_mask(ARM_REG_R4));
  EXPECT_EQ(d[0].writeback, kSpMask);
}

TEST(CycleModelDecoder, WideBranchWithoutJumpGroupIsADirectBranch) {
  const auto d = decode({0xff, 0xf7, 0xfe, 0xbf});  // b.w 0x1000 (to itself)
  ASSERT_EQ(d.size(), 1u);
  EXPECT_TRUE(d[0].writes_pc());
  EXPECT_TRUE(d[0].direct_branch);
  EXPECT_FALSE(d[0].conditional);
  ASSERT_TRUE(d[0].branch_target.has_value());
  EXPECT_EQ(*d[0].branch_target, 0x1000u);
}

TEST(CycleModelDecoder, LiteralLoadAddress) {
  const auto d = decode({0x01, 0x48}, 0x1002);  // ldr r0, [pc, #4]
  ASSERT_EQ(d.size(), 1u);
  EXPECT_TRUE(d[0].literal);
  EXPECT_EQ(d[0].literal_address, ((0x1002u + 4) & ~3u) + 4);
  EXPECT_EQ(d[0].addr_reads, 0u);  // PC never stalls
}

TEST(CycleModelDecoder, FpRegistersAliasAndCountWords) {
  auto d = decode({0x2d, 0xed, 0x04, 0x8a});  // vpush {s16-s19}
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].words, 4);
  EXPECT_EQ(d[0].reads, register_mask(ARM_REG_D8) | register_mask(ARM_REG_D9));
  d = decode({0x81, 0xee, 0x02, 0x0b});  // vdiv.f64 d0, d1, d2
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].cls, InsnClass::FpDivDouble);
  EXPECT_EQ(d[0].writes, register_mask(ARM_REG_S0) | register_mask(ARM_REG_S1));
  d = decode({0x51, 0xec, 0x10, 0x0a});  // vmov r0, r1, s0, s1
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].cls, InsnClass::FpMoveDouble);
}

TEST(CycleModelDecoder, LongMultiplyAccumulateReadsItsAccumulator) {
  const auto d = decode({0xc2, 0xfb, 0x03, 0x01});  // smlal r0, r1, r2, r3
  ASSERT_EQ(d.size(), 1u);
  const RegMask lohi = register_mask(ARM_REG_R0) | register_mask(ARM_REG_R1);
  EXPECT_EQ(d[0].reads & lohi, lohi);
  EXPECT_EQ(d[0].writes, lohi);
}

TEST(CycleModelDecoder, LaneMoveIsASingleRegisterMove) {
  const auto d = decode({0x20, 0xee, 0x10, 0x0b});  // vmov.32 d0[1], r0
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].cls, InsnClass::FpMove);
}

TEST(CycleModelDecoder, LoadMultipleWritebackIsNotAResult) {
  const auto d = decode({0x0e, 0xc8});  // ldm r0!, {r1, r2, r3}
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].cls, InsnClass::LoadMultiple);
  EXPECT_EQ(d[0].words, 3);
  EXPECT_EQ(d[0].writeback, register_mask(ARM_REG_R0));
  EXPECT_EQ(d[0].addr_reads, register_mask(ARM_REG_R0));
  EXPECT_EQ(d[0].writes, register_mask(ARM_REG_R1) | register_mask(ARM_REG_R2) |
                             register_mask(ARM_REG_R3));
}

TEST(CycleModelDecoder, StopsAtATruncatedInstruction) {
  EXPECT_EQ(decode({0x00, 0xbf, 0x00, 0xf0}).size(), 1u);  // nop; first half of a BL
  EXPECT_TRUE(decode({}).empty());
}

TEST(CycleModelBlock, EmptyBlockCostsNothing) {
  const auto model = test::zero_wait_model(CoreKind::CortexM4);
  const BlockTiming t = model->time_block(0x1000, nullptr, 0);
  EXPECT_EQ(t.instructions, 0u);
  EXPECT_EQ(t.cycles_not_taken, 0u);
  EXPECT_EQ(t.cycles_taken, 0u);
}

}  // namespace
}  // namespace mcusim

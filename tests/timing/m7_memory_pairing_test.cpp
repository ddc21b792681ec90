// Cortex-M7 rules for loads and stores added for issue 11 (seventh session,
// docs/timing-model.md "Loads and stores on the Cortex-M7"): two loads share
// a cycle when they read different 32-bit banks (REF, STM32H743
// measurements), and a store reads the value it stores one cycle after it
// issues (LLVM ARMScheduleM7.td, M7Read_EX2). The Cortex-M4 has neither.
// Code bytes: arm-none-eabi-as -mcpu=cortex-m7 -mthumb.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

#include "sim/disassembler.h"
#include "sim/timing/address_guess.h"
#include "sim/timing/cycle_model.h"

namespace mcusim {
namespace {

constexpr uint32_t kSram = 0x20000000;

// Times `code` with the load/store addresses guessed from `regs`, as the
// simulator does at a block's first sight.
template <size_t N>
BlockTiming time_with_registers(CoreKind core, const uint8_t (&code)[N], std::array<uint32_t, 15> regs) {
  std::vector<DecodedInsn> insns = Disassembler().decode(0x1000, code, N);
  guess_data_addresses(insns, [&](unsigned r) { return regs[r]; });
  return CycleModel::create(core, MemoryTiming{})->time_block(0x1000, insns);
}

constexpr uint8_t kTwoLoads[] = {
    0x08, 0x68,  // ldr r0, [r1, #0]
    0x1a, 0x68,  // ldr r2, [r3, #0]
};

TEST(M7MemoryPairing, LoadsFromDifferentBanksIssueTogether) {
  // r1 an even word, r3 the odd word after it.
  EXPECT_EQ(time_with_registers(CoreKind::CortexM7, kTwoLoads, {0, kSram, 0, kSram + 4}).cycles_not_taken, 1u);
}

TEST(M7MemoryPairing, LoadsFromTheSameBankTakeTwoCycles) {
  EXPECT_EQ(time_with_registers(CoreKind::CortexM7, kTwoLoads, {0, kSram, 0, kSram + 8}).cycles_not_taken, 2u);
}

TEST(M7MemoryPairing, LoadsWithUnknownAddressesTakeTwoCycles) {
  // No guess (as on a core or block without register values): one load per cycle.
  EXPECT_EQ(CycleModel::create(CoreKind::CortexM7, MemoryTiming{})->time_block(0x1000, kTwoLoads, sizeof kTwoLoads)
                .cycles_not_taken,
            2u);
}

TEST(M7MemoryPairing, DeviceReadsDoNotPair) {
  // A DWT CYCCNT read (system region) and an SRAM word in the other bank:
  // the bank rule is about memory, nothing says a device read pairs.
  EXPECT_EQ(time_with_registers(CoreKind::CortexM7, kTwoLoads, {0, 0xE0001004u, 0, kSram}).cycles_not_taken, 2u);
}

constexpr uint8_t kWalksByOneWord[] = {
    0x51, 0xf8, 0x04, 0x0b,  // ldr.w r0, [r1], #4
    0x53, 0xf8, 0x04, 0x2b,  // ldr.w r2, [r3], #4
};
constexpr uint8_t kWalksByTwoWords[] = {
    0x51, 0xf8, 0x08, 0x0b,  // ldr.w r0, [r1], #8
    0x53, 0xf8, 0x08, 0x2b,  // ldr.w r2, [r3], #8
};

TEST(M7MemoryPairing, PointerSteppedByOneWordPerRunHasNoKnownBank) {
  // The banks alternate from one execution of the block to the next: the
  // first sight's addresses (different banks) say nothing about the next.
  EXPECT_EQ(time_with_registers(CoreKind::CortexM7, kWalksByOneWord, {0, kSram, 0, kSram + 4}).cycles_not_taken, 2u);
  // Stepped by two words, every execution sees the same banks.
  EXPECT_EQ(time_with_registers(CoreKind::CortexM7, kWalksByTwoWords, {0, kSram, 0, kSram + 4}).cycles_not_taken, 1u);
}

constexpr uint8_t kByteLoadThenStore[] = {
    0x08, 0x78,  // ldrb r0, [r1, #0]
    0x10, 0x70,  // strb r0, [r2, #0]
};
constexpr uint8_t kLoadThenStore[] = {
    0x08, 0x68,  // ldr r0, [r1, #0]
    0x10, 0x60,  // str r0, [r2, #0]
};

TEST(M7MemoryPairing, StoreReadsItsDataOneCycleLate) {
  auto model = CycleModel::create(CoreKind::CortexM7, MemoryTiming{});
  // A byte load reaches a late reader 2 cycles after issue (jnk0le/random,
  // STM32H743), data read one cycle after the store issues: 1 + 1.
  const BlockTiming narrow = model->time_block(0x1000, kByteLoadThenStore, sizeof kByteLoadThenStore);
  EXPECT_EQ(narrow.cycles_before, (std::vector<uint16_t>{0, 1}));
  EXPECT_EQ(narrow.cycles_not_taken, 2u);
  // A word load reaches it after one cycle: the store issues beside it
  // (a store "can be dual issued with load").
  const BlockTiming word = model->time_block(0x1000, kLoadThenStore, sizeof kLoadThenStore);
  EXPECT_EQ(word.cycles_before, (std::vector<uint16_t>{0, 0}));
}

// newlib memcpy's byte loop (memcpy-armv7m, as the firmware links it).
constexpr uint8_t kMemcpyByteLoop[] = {
    0x01, 0x3a,              // subs r2, #1
    0x11, 0xf8, 0x01, 0x3b,  // ldrb.w r3, [r1], #1
    0x00, 0xf8, 0x01, 0x3b,  // strb.w r3, [r0], #1
    0xf9, 0xd2,              // bcs.n (back to the subs)
};

TEST(M7MemoryPairing, NewlibByteCopyTakesTwoCyclesPerByte) {
  // SUBS + LDRB at 0, STRB + BCS at 1 (byte data 2 cycles away for a late
  // reader, read 1 late). The store buffer's read-modify-write of byte
  // stores (jnk0le: 2.4 cycles per unit-stride STRB when one issues every
  // cycle) is not modelled.
  const BlockTiming t = time_with_registers(CoreKind::CortexM7, kMemcpyByteLoop, {kSram + 256, kSram, 8});
  EXPECT_EQ(t.cycles_before, (std::vector<uint16_t>{0, 0, 1, 1}));
  EXPECT_EQ(t.cycles_taken, 2u);
}

TEST(M7MemoryPairing, CortexM4HasNeitherRule) {
  // Single issue; LDR then STR pipelined (2 + 1), LDRB then STRB likewise.
  EXPECT_EQ(time_with_registers(CoreKind::CortexM4, kTwoLoads, {0, kSram, 0, kSram + 4}).cycles_not_taken, 3u);
  auto m4 = CycleModel::create(CoreKind::CortexM4, MemoryTiming{});
  EXPECT_EQ(m4->time_block(0x1000, kByteLoadThenStore, sizeof kByteLoadThenStore).cycles_not_taken, 3u);
}

}  // namespace
}  // namespace mcusim

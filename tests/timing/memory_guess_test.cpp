// Memory-dependent rules of the static schedule, fed by the addresses guessed
// from the registers at a block's first sight (docs/timing-model.md, "Data
// in Flash"). Code assembled with arm-none-eabi-as -mcpu=cortex-m4 -mthumb.
#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <cstdint>
#include <vector>

#include "sim/disassembler.h"
#include "sim/timing/address_guess.h"
#include "sim/timing/cycle_model.h"

namespace mcusim {
namespace {

constexpr uint32_t kFlash = 0x08000000, kSram = 0x20000000;

// Flash: 5 wait states once per 8-byte read (the L4's ART data cache on);
// SRAM: no wait states. Memory 1 = Flash, 2 = SRAM.
MemoryTiming l4_like_timing() {
  MemoryTiming m;
  m.streaming_read = [](uint32_t a) { return a >= kFlash && a < kSram ? StreamingReadCost{5, 8} : StreamingReadCost{}; };
  m.memory_of = [](uint32_t a) { return a >= kSram ? 2u : a >= kFlash ? 1u : 0u; };
  return m;
}

template <size_t N>
BlockTiming time_with_registers(const MemoryTiming& mem, const uint8_t (&code)[N], std::array<uint32_t, 15> regs) {
  std::vector<DecodedInsn> insns = Disassembler().decode(0x1000, code, N);
  guess_data_addresses(insns, [&](unsigned r) { return regs[r]; });
  return CycleModel::create(CoreKind::CortexM4, mem)->time_block(0x1000, insns);
}

constexpr uint8_t kStreamFourWords[] = {
    0x51, 0xf8, 0x04, 0x0b,  // ldr.w r0, [r1], #4
    0x51, 0xf8, 0x04, 0x2b,  // ldr.w r2, [r1], #4
    0x51, 0xf8, 0x04, 0x3b,  // ldr.w r3, [r1], #4
    0x51, 0xf8, 0x04, 0x4b,  // ldr.w r4, [r1], #4
};

TEST(MemoryGuess, WalkingThroughFlashPaysOneReadPerReadWidth) {
  // 2+1+1+1 pipelined, plus 16 bytes / 8-byte reads x 5 wait states = 10.
  EXPECT_EQ(time_with_registers(l4_like_timing(), kStreamFourWords, {0, kFlash}).cycles_not_taken, 15u);
  // The same walk through SRAM costs no stalls.
  EXPECT_EQ(time_with_registers(l4_like_timing(), kStreamFourWords, {0, kSram}).cycles_not_taken, 5u);
  // Accurate timing has no streaming estimate (it times the accesses).
  MemoryTiming accurate = l4_like_timing();
  accurate.streaming_read = nullptr;
  EXPECT_EQ(time_with_registers(accurate, kStreamFourWords, {0, kFlash}).cycles_not_taken, 5u);
}

TEST(MemoryGuess, GuessFollowsTheWritebackOfEarlierAccesses) {
  std::vector<DecodedInsn> insns = Disassembler().decode(0x1000, kStreamFourWords, sizeof kStreamFourWords);
  guess_data_addresses(insns, [](unsigned r) { return r == 1 ? kFlash : 0u; });
  for (size_t i = 0; i < insns.size(); ++i) {
    EXPECT_TRUE(insns[i].address_guessed);
    EXPECT_TRUE(insns[i].address_advances);
    EXPECT_EQ(insns[i].guessed_address, kFlash + 4 * i);
  }
}

constexpr uint8_t kTwoLoads[] = {
    0x08, 0x68,  // ldr r0, [r1, #0]
    0x1a, 0x68,  // ldr r2, [r3, #0]
};

TEST(MemoryGuess, LoadsFromDifferentMemoriesDoNotPipeline) {
  // REF (STM32F407 measurement): loads only pipeline within the same memory.
  EXPECT_EQ(time_with_registers(l4_like_timing(), kTwoLoads, {0, kSram, 0, kSram + 64}).cycles_not_taken, 3u);
  EXPECT_EQ(time_with_registers(l4_like_timing(), kTwoLoads, {0, kFlash, 0, kSram}).cycles_not_taken, 4u);
  EXPECT_EQ(time_with_registers(l4_like_timing(), kTwoLoads, {0, kSram, 0, kFlash}).cycles_not_taken, 4u);
}

TEST(MemoryGuess, FlashPointerTheBlockDoesNotMoveIsAssumedCached) {
  // Reuse (a constant, a table read in place): the accelerator's data cache
  // is assumed to hold it, as for literal loads.
  EXPECT_EQ(time_with_registers(l4_like_timing(), kTwoLoads, {0, kFlash, 0, kFlash + 64}).cycles_not_taken, 3u);
}

constexpr uint8_t kChase[] = {
    0x11, 0x68,              // ldr r1, [r2, #0]
    0x11, 0xf8, 0x01, 0x0b,  // ldrb.w r0, [r1], #1
};

TEST(MemoryGuess, BaseReloadedInTheBlockGetsNoGuess) {
  std::vector<DecodedInsn> insns = Disassembler().decode(0x1000, kChase, sizeof kChase);
  guess_data_addresses(insns, [](unsigned r) { return r == 1 ? kFlash : kSram; });
  EXPECT_TRUE(insns[0].address_guessed);
  EXPECT_FALSE(insns[1].address_guessed);  // r1 comes from the first load
}

constexpr uint8_t kBytes[] = {
    0x11, 0xf8, 0x01, 0x0b,  // ldrb.w r0, [r1], #1
    0x11, 0xf8, 0x01, 0x0b,  // ldrb.w r0, [r1], #1
    0x11, 0xf8, 0x01, 0x0b,  // ldrb.w r0, [r1], #1
    0x11, 0xf8, 0x01, 0x0b,  // ldrb.w r0, [r1], #1
};

TEST(MemoryGuess, FractionalStallsAddUpOverTheBlock) {
  // 4 bytes x 5/8 = 2.5 cycles: 2 in the schedule (loads pipeline: 2+1+1+1),
  // the half cycle left for the simulator to carry over executions.
  const BlockTiming t = time_with_registers(l4_like_timing(), kBytes, {0, kFlash});
  EXPECT_EQ(t.cycles_not_taken, 7u);
  EXPECT_EQ(t.stall_fraction, 128u);
  // A whole number of cycles leaves nothing to carry: 8 bytes x 5/8 = 5.
  const BlockTiming words = time_with_registers(l4_like_timing(), kStreamFourWords, {0, kFlash});
  EXPECT_EQ(words.stall_fraction, 0u);
}

}  // namespace
}  // namespace mcusim

namespace mcusim {
namespace {

constexpr uint8_t kStepByAdd[] = {
    0x92, 0xed, 0x00, 0x7a,  // vldr s14, [r2]
    0x14, 0x32,              // adds r2, #20
    0x52, 0xed, 0x04, 0x6a,  // vldr s13, [r2, #-16]
};

TEST(MemoryGuess, PointerSteppedByAnAddKeepsItsMemory) {
  std::vector<DecodedInsn> insns = Disassembler().decode(0x1000, kStepByAdd, sizeof kStepByAdd);
  guess_data_addresses(insns, [](unsigned r) { return r == 2 ? kFlash + 0x100 : 0u; });
  ASSERT_EQ(insns.size(), 3u);
  EXPECT_TRUE(insns[2].address_guessed);
  EXPECT_TRUE(insns[2].address_advances);
  // The ADD is followed, so the guess stays in the table the pointer walks.
  EXPECT_EQ(insns[2].guessed_address, kFlash + 0x100 + 20 - 16);
}

constexpr uint8_t kIndexWalk[] = {
    0x1a, 0xf9, 0x02, 0xe0,  // ldrsb.w lr, [sl, r2]   (activations, SRAM)
    0x1c, 0xf9, 0x02, 0x40,  // ldrsb.w r4, [ip, r2]   (weights, Flash)
    0x10, 0x32,              // adds r2, #16
    0xc8, 0x5c,              // ldrb r0, [r1, r3]      (r3 not stepped)
};

TEST(MemoryGuess, IndexSteppedByTheBlockWalksEachTableByTheStep) {
  // The depthwise kernel's inner loop (tests/kernels, GCC 12 -O2): one index
  // register stepped by 16 serves two tables, each walked 16 bytes at a time.
  std::vector<DecodedInsn> insns = Disassembler().decode(0x1000, kIndexWalk, sizeof kIndexWalk);
  guess_data_addresses(insns, [](unsigned r) { return r == 10 ? kSram : r == 12 || r == 1 ? kFlash : 0u; });
  ASSERT_EQ(insns.size(), 4u);
  for (size_t i : {0u, 1u}) {
    EXPECT_TRUE(insns[i].address_advances) << i;
    EXPECT_EQ(insns[i].walk_step, 16u) << i;
  }
  EXPECT_FALSE(insns[3].address_advances);
  // A step of 16 bytes against 8-byte Flash reads: every execution of the
  // weight load is a new read, 5 wait states (not 16/8 of them, not 1/8).
  MemoryTiming no_estimate = l4_like_timing();
  no_estimate.streaming_read = nullptr;
  const uint32_t with = time_with_registers(l4_like_timing(), kIndexWalk, {0, kFlash, 0, 0, 0, 0, 0, 0, 0, 0, kSram, 0, kFlash}).cycles_not_taken;
  const uint32_t without = time_with_registers(no_estimate, kIndexWalk, {0, kFlash, 0, 0, 0, 0, 0, 0, 0, 0, kSram, 0, kFlash}).cycles_not_taken;
  EXPECT_EQ(with - without, 5u);
}

}  // namespace
}  // namespace mcusim

namespace mcusim {
namespace {

constexpr uint8_t kPointerFromLiteralPool[] = {
    0x00, 0x4e,  // ldr r6, [pc, #0]   (the pool word at 0x1004 points into Flash)
    0x30, 0x68,  // ldr r0, [r6, #0]
    0x21, 0x68,  // ldr r1, [r4, #0]   (SRAM)
};

TEST(MemoryGuess, PointerLoadedFromTheLiteralPoolIsFollowed) {
  std::vector<DecodedInsn> insns = Disassembler().decode(0x1000, kPointerFromLiteralPool, sizeof kPointerFromLiteralPool);
  guess_data_addresses(
      insns, [](unsigned r) { return r == 4 ? kSram : 0u; },
      [](uint32_t at) { return at == 0x1004 ? std::optional<uint32_t>(kFlash + 8) : std::nullopt; });
  ASSERT_TRUE(insns[1].address_guessed);
  EXPECT_EQ(insns[1].guessed_address, kFlash + 8);
  // LDR literal 2; LDR [r6] 1 (address interlock) + 2 (its address is the
  // previous result); LDR [r4] 2: Flash then SRAM does not pipeline. The
  // Flash load is not a walk (r6 is loaded, not stepped): no stall.
  const BlockTiming t = CycleModel::create(CoreKind::CortexM4, l4_like_timing())->time_block(0x1000, insns);
  EXPECT_EQ(t.cycles_not_taken, 7u);
  EXPECT_EQ(t.cycles_before, (std::vector<uint16_t>{0, 3, 5}));
}

// GCC's code for `w[(ky * 3 + kx) * C + c]` in a depthwise loop: the base
// is computed from the index r2, which the loop steps by 64 bytes.
constexpr uint8_t kTableThroughIndex[] = {
    0x02, 0xf5, 0x90, 0x51,  // add.w r1, r2, #4608
    0x51, 0x44,              // add r1, sl
    0x91, 0xed, 0x00, 0x7a,  // vldr s14, [r1]
    0x40, 0x32,              // adds r2, #64
};

TEST(MemoryGuess, BaseComputedFromASteppedIndexWalksByTheIndexStep) {
  std::vector<DecodedInsn> insns = Disassembler().decode(0x1000, kTableThroughIndex, sizeof kTableThroughIndex);
  guess_data_addresses(insns, [](unsigned r) { return r == 10 ? kFlash : r == 2 ? 128u : 0u; });
  const DecodedInsn& load = insns[2];
  EXPECT_TRUE(load.address_guessed);
  EXPECT_EQ(load.guessed_address, kFlash + 4608 + 128);
  EXPECT_TRUE(load.address_advances);
  EXPECT_TRUE(load.walk_through_index);
  EXPECT_EQ(load.walk_step, 64u);
}

TEST(MemoryGuess, TableReadThroughAnIndexMissesFewDataLinesButStaysInAnL1Cache) {
  const std::array<uint32_t, 15> regs = {0, 0, 128, 0, 0, 0, 0, 0, 0, 0, kFlash};
  // An accelerator with 8 data lines: a 64-byte step makes every read a
  // new one, 5 wait states (VLDR 2 + 1 address interlock, the three ALU
  // instructions 1 each: 6 without a stall).
  MemoryTiming art = l4_like_timing();
  art.streaming_read = [](uint32_t a) { return a < kSram ? StreamingReadCost{5, 8, 8} : StreamingReadCost{}; };
  EXPECT_EQ(time_with_registers(art, kTableThroughIndex, regs).cycles_not_taken, 11u);
  // A 4 KiB D-cache of 128 lines keeps the window.
  MemoryTiming dcache = l4_like_timing();
  dcache.streaming_read = [](uint32_t a) { return a < kSram ? StreamingReadCost{7, 32, 128} : StreamingReadCost{}; };
  EXPECT_EQ(time_with_registers(dcache, kTableThroughIndex, regs).cycles_not_taken, 6u);
}

}  // namespace
}  // namespace mcusim

namespace mcusim {
namespace {

constexpr uint32_t kStackSlot = 0x20001000 + 12;  // sp = 0x20001000

// A bias pointer spilled to the stack (`ldr r3, [sp, #12]; ldrd r1, r2,
// [r3]`), as GCC leaves CMSIS-NN's per-channel pointers in a kernel with
// more live values than registers.
constexpr uint8_t kPointerFromStack[] = {
    0x03, 0x9b,              // ldr r3, [sp, #12]
    0xd3, 0xe9, 0x00, 0x12,  // ldrd r1, r2, [r3]
};

std::vector<DecodedInsn> guess_with_memory(const uint8_t* code, size_t size, uint32_t slot_value) {
  std::vector<DecodedInsn> insns = Disassembler().decode(0x1000, code, size);
  guess_data_addresses(
      insns, [](unsigned r) { return r == 13 ? 0x20001000u : 0u; },
      [slot_value](uint32_t at) -> std::optional<uint32_t> {
        return at == kStackSlot ? std::optional<uint32_t>(slot_value) : std::nullopt;
      });
  return insns;
}

TEST(MemoryGuess, PointerKeptOnTheStackIsFollowedToWhereItPoints) {
  const auto insns = guess_with_memory(kPointerFromStack, sizeof kPointerFromStack, kFlash + 0x400);
  ASSERT_TRUE(insns[1].address_guessed);
  EXPECT_EQ(insns[1].guessed_address, kFlash + 0x400);
  EXPECT_FALSE(insns[1].address_advances);     // where it points, not how it moves
  EXPECT_TRUE(insns[1].guess_through_memory);  // so no M7 bank is taken from it
  EXPECT_FALSE(insns[0].guess_through_memory);
}

// A function's prologue: the stack arguments are above what PUSH saved
// and the frame SUB made (entry SP + 0x14 here: the caller's sixth
// argument).
constexpr uint8_t kPrologue[] = {
    0x2d, 0xe9, 0xf0, 0x4f,  // push.w {r4-r11, lr}
    0x93, 0xb0,              // sub sp, #0x4c
    0x21, 0x9b,              // ldr r3, [sp, #0x84]
};

constexpr uint8_t kEpilogue[] = {
    0x30, 0xbc,  // pop {r4, r5}
    0x00, 0x9b,  // ldr r3, [sp]
};

TEST(MemoryGuess, PushAndPopMoveTheStackPointerForTheAccessesAfterThem) {
  std::vector<DecodedInsn> insns = Disassembler().decode(0x1000, kPrologue, sizeof kPrologue);
  guess_data_addresses(insns, [](unsigned r) { return r == 13 ? 0x20001000u : 0u; });
  EXPECT_EQ(insns[0].guessed_address, 0x20001000u - 36);
  EXPECT_EQ(insns[2].guessed_address, 0x20001000u + 0x14);
  insns = Disassembler().decode(0x1000, kEpilogue, sizeof kEpilogue);
  guess_data_addresses(insns, [](unsigned r) { return r == 13 ? 0x20001000u : 0u; });
  EXPECT_EQ(insns[0].guessed_address, 0x20001000u);
  EXPECT_EQ(insns[1].guessed_address, 0x20001008u);
}

constexpr uint8_t kStoreThenReload[] = {
    0x03, 0x90,              // str r0, [sp, #12]
    0x03, 0x9b,              // ldr r3, [sp, #12]
    0xd3, 0xe9, 0x00, 0x12,  // ldrd r1, r2, [r3]
};

TEST(MemoryGuess, PointerReloadedAfterTheBlockStoredToItsSlotIsNotFollowed) {
  // The word at first sight is not what the load will read.
  const auto insns = guess_with_memory(kStoreThenReload, sizeof kStoreThenReload, kFlash + 0x400);
  EXPECT_FALSE(insns[2].address_guessed);
}

// fp32_depthwise's first kx iteration (tests/kernels): the index register
// is set to 0 by the block, so the weight it reads through a computed base
// is the same one at every execution of this block, not a walk.
constexpr uint8_t kIndexFromZero[] = {
    0x00, 0x22,              // movs r2, #0
    0x02, 0xf5, 0x90, 0x51,  // add.w r1, r2, #4608
    0x51, 0x44,              // add r1, sl
    0x91, 0xed, 0x00, 0x7a,  // vldr s14, [r1]
    0x40, 0x32,              // adds r2, #64
};

TEST(MemoryGuess, BaseComputedFromAConstantIndexDoesNotWalk) {
  std::vector<DecodedInsn> insns = Disassembler().decode(0x1000, kIndexFromZero, sizeof kIndexFromZero);
  guess_data_addresses(insns, [](unsigned r) { return r == 10 ? kFlash : 0x77u; });
  ASSERT_TRUE(insns[3].address_guessed);
  EXPECT_EQ(insns[3].guessed_address, kFlash + 0x1200);
  EXPECT_FALSE(insns[3].address_advances);
}

// Fast timing's scalar Flash reads (BlockTiming::flash_reads): the block's
// distinct reads behind an accelerator's few data lines, for the
// simulator's FlashLineEstimate; a walk's bytes go to stream_bytes.
MemoryTiming f407_like_timing() {
  MemoryTiming m = l4_like_timing();
  const auto art = [](uint32_t a) {
    return a >= kFlash && a < kSram ? StreamingReadCost{5, 16, 8, 16} : StreamingReadCost{};
  };
  m.streaming_read = art;
  m.accelerator_read = art;
  return m;
}

// A bias read through a pointer the block has in a register, not stepped.
constexpr uint8_t kPointerInRegister[] = {
    0xd3, 0xe9, 0x00, 0x12,  // ldrd r1, r2, [r3]
};

TEST(MemoryGuess, FlashLoadsTheBlockDoesNotWalkAreListedForTheLineEstimate) {
  const BlockTiming t = time_with_registers(f407_like_timing(), kPointerInRegister, {0, 0, 0, kFlash + 0x404});
  ASSERT_EQ(t.flash_reads.reads.size(), 1u);
  EXPECT_EQ(t.flash_reads.reads[0], (kFlash + 0x404) / 16);
  EXPECT_EQ(t.flash_reads.wait, 5u);
  EXPECT_EQ(t.flash_reads.capacity, 128u);
  EXPECT_EQ(t.stream_bytes, 0u);
  // Accurate timing simulates the accesses: nothing listed.
  MemoryTiming accurate = f407_like_timing();
  accurate.accelerator_read = nullptr;
  accurate.streaming_read = nullptr;
  std::vector<DecodedInsn> insns = Disassembler().decode(0x1000, kPointerInRegister, sizeof kPointerInRegister);
  guess_data_addresses(insns, [](unsigned r) { return r == 3 ? kFlash + 0x404 : 0u; });
  EXPECT_TRUE(CycleModel::create(CoreKind::CortexM4, accurate)->time_block(0x1000, insns).flash_reads.reads.empty());
}

TEST(MemoryGuess, FlashLoadThroughASpilledPointerIsAWalkThroughTheDataLines) {
  // The pointer reloaded from the stack is taken to move on by the 8 bytes
  // it reads at each execution: 8 / 16 of a 5-cycle read, streamed.
  std::vector<DecodedInsn> insns = guess_with_memory(kPointerFromStack, sizeof kPointerFromStack, kFlash + 0x404);
  const BlockTiming t = CycleModel::create(CoreKind::CortexM4, f407_like_timing())->time_block(0x1000, insns);
  EXPECT_TRUE(t.flash_reads.reads.empty());
  EXPECT_EQ(t.stream_bytes, 8u);
  EXPECT_EQ(t.cycles_not_taken * 256 + t.stall_fraction,
            CycleModel::create(CoreKind::CortexM4, l4_like_timing())->time_block(0x1000, insns).cycles_not_taken * 256 +
                5 * 8 * 256 / 16);
}

TEST(MemoryGuess, WalkThroughTheDataLinesCountsItsBytesAsStreamed) {
  const BlockTiming t = time_with_registers(f407_like_timing(), kStreamFourWords, {0, kFlash});
  EXPECT_EQ(t.stream_bytes, 16u);
  EXPECT_TRUE(t.flash_reads.reads.empty());
}

}  // namespace
}  // namespace mcusim

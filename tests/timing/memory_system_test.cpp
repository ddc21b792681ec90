// MemorySystem: which path serves a fetch or data access and what it costs,
// on the bundled STM32F746 (M7 L1 caches) and STM32F407 (ART) boards.
#include "sim/timing/memory_system.h"

#include <gtest/gtest.h>

namespace mcusim {
namespace {

constexpr uint32_t kFlash = 0x08000000, kItcm = 0x00000000, kDtcm = 0x20000000, kSram1 = 0x20010000;

uint64_t misses(const MemorySystem& m, const std::string& name) {
  for (const CacheStats& c : m.statistics())
    if (c.name == name) return c.misses;
  ADD_FAILURE() << name << " not reported";
  return 0;
}

TEST(MemorySystemTest, UncachedFlashReadsWaitAndTcmNever) {
  MemorySystem m(load_board("stm32f746g-disco"));
  EXPECT_EQ(m.read(kFlash + 0x100), 7u);
  EXPECT_EQ(m.read(kFlash + 0x100), 7u);  // no cache: every read waits
  EXPECT_EQ(m.read(kDtcm), 0u);
  EXPECT_EQ(m.read(kSram1), 0u);
  EXPECT_EQ(m.read(0x40011000), 0u);  // a peripheral
}

TEST(MemorySystemTest, DataCacheMissesOncePerLineAndBypassesTcm) {
  MemorySystem m(load_board("stm32f746g-disco"));
  m.enable({.dcache = true});
  EXPECT_EQ(m.read(kFlash + 0x40), 7u);
  EXPECT_EQ(m.read(kFlash + 0x5C), 0u);  // same 32-byte line
  EXPECT_EQ(m.read(kFlash + 0x60), 7u);  // next line
  m.read(kDtcm);
  m.read(kDtcm + 0x1000);
  EXPECT_EQ(misses(m, "dcache"), 2u);  // the TCM reads never reached the cache
}

TEST(MemorySystemTest, SramWritesAllocateFlashDoesNot) {
  MemorySystem m(load_board("stm32f746g-disco"));
  m.enable({.dcache = true});
  m.write(kSram1 + 0x200);  // write-back, write-allocate
  EXPECT_EQ(misses(m, "dcache"), 1u);
  m.read(kSram1 + 0x204);
  EXPECT_EQ(misses(m, "dcache"), 1u);  // the line is there
}

TEST(MemorySystemTest, SwitchingACacheOnStartsItEmpty) {
  MemorySystem m(load_board("stm32f746g-disco"));
  m.enable({.dcache = true});
  EXPECT_EQ(m.read(kFlash), 7u);
  EXPECT_EQ(m.read(kFlash), 0u);
  m.enable({});
  m.enable({.dcache = true});
  EXPECT_EQ(m.read(kFlash), 7u);
}

TEST(MemorySystemTest, FetchPathFollowsTheEnables) {
  MemorySystem m(load_board("stm32f746g-disco"));
  EXPECT_EQ(m.fetch_path(kFlash), FetchPath::Static);
  m.enable({.icache = true});
  EXPECT_EQ(m.fetch_path(kFlash), FetchPath::InstructionCache);
  EXPECT_EQ(m.fetch_path(kItcm), FetchPath::Static);  // ITCM bypasses the L1 cache
  // RM0385: the F7's ART serves the ITCM path (Flash at 0x00200000) only;
  // the AXI path (0x08000000) goes through the L1 caches.
  m.enable({.art_instructions = true});
  EXPECT_EQ(m.fetch_path(kFlash), FetchPath::Static);
  EXPECT_EQ(m.fetch_path(0x00200000), FetchPath::FlashAccelerator);
  m.enable({.icache = true, .art_instructions = true});
  EXPECT_EQ(m.fetch_path(0x00200000), FetchPath::FlashAccelerator);  // not cached in L1 either
}

TEST(MemorySystemTest, InstructionCacheChargesEachMissingLineOfABlock) {
  MemorySystem m(load_board("stm32f746g-disco"));
  m.enable({.icache = true});
  // 0x..10 to 0x..50 spans lines 0x00, 0x20 and 0x40.
  EXPECT_EQ(m.fetch(FetchPath::InstructionCache, kFlash + 0x10, kFlash + 0x50), 3 * 7u);
  EXPECT_EQ(m.fetch(FetchPath::InstructionCache, kFlash + 0x10, kFlash + 0x50), 0u);
}

TEST(MemorySystemTest, ArtPrefetchServesTheNextLine) {
  MemorySystem m(load_board("stm32f407"));
  m.enable({.art_instructions = true, .art_prefetch = true});
  EXPECT_EQ(m.fetch(FetchPath::FlashAccelerator, kFlash, kFlash + 16), 5u);
  EXPECT_EQ(m.fetch(FetchPath::FlashAccelerator, kFlash + 16, kFlash + 32), 0u);  // prefetched
  m.enable({.art_instructions = true});
  EXPECT_EQ(m.fetch(FetchPath::FlashAccelerator, kFlash + 64, kFlash + 80), 5u);
  EXPECT_EQ(m.fetch(FetchPath::FlashAccelerator, kFlash + 80, kFlash + 96), 5u);  // no prefetch
}

TEST(MemorySystemTest, BoardWithoutCachesReportsNone) {
  MemorySystem m(load_board("mps2-an386"));
  EXPECT_TRUE(m.statistics().empty());
  EXPECT_EQ(m.read(0x00001000), 0u);
}

// Fast timing's estimate for a walk through constant data in Flash: a table
// the cache serving the read holds whole is assumed re-read from it; a
// larger one (or one of unknown size) streams. Capacities from the boards:
// F407 ART 8 data lines x 16 bytes (RM0090 3.5.2), L4R5 8 x 32 bytes
// (RM0432 3.3.4), F746 D-cache 4 KiB, H743 16 KiB.
TEST(MemorySystemTest, WalkEstimateHoldsATableTheCacheCanHold) {
  struct Case {
    const char* board;
    CacheEnables on;
    uint32_t capacity;
    StreamingReadCost stream;
  };
  const Case cases[] = {
      {"stm32f407", {.art_data = true}, 128, {5, 16}},
      {"stm32l4r5", {.art_data = true}, 256, {5, 8}},
      {"stm32f746g-disco", {.dcache = true}, 4096, {7, 32}},
      {"stm32h743", {.dcache = true}, 16384, {9, 32}},
  };
  for (const Case& c : cases) {
    MemorySystem m(load_board(c.board));
    m.enable(c.on);
    const StreamingReadCost fits = m.streaming_read(kFlash + 0x4000, c.capacity);
    const StreamingReadCost larger = m.streaming_read(kFlash + 0x4000, c.capacity + 1);
    const StreamingReadCost unknown = m.streaming_read(kFlash + 0x4000, 0);
    EXPECT_EQ(fits.wait, 0u) << c.board;
    EXPECT_EQ(larger.wait, c.stream.wait) << c.board;
    EXPECT_EQ(larger.bytes_per_wait, c.stream.bytes_per_wait) << c.board;
    EXPECT_EQ(unknown.wait, c.stream.wait) << c.board;
  }
  // With the cache off nothing holds the table: every read waits.
  MemorySystem off(load_board("stm32f407"));
  EXPECT_EQ(off.streaming_read(kFlash + 0x4000, 16).wait, 5u);
  EXPECT_EQ(off.streaming_read(kFlash + 0x4000, 16).bytes_per_wait, 0u);
}

}  // namespace
}  // namespace mcusim

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "sim/timing/cache_model.h"

namespace mcusim {
namespace {

TEST(SetAssociativeCache, MissThenHitOnTheSameLine) {
  SetAssociativeCache cache(1024, 2, 32);
  EXPECT_FALSE(cache.access(0x100));
  EXPECT_TRUE(cache.access(0x11c));  // same 32-byte line
  EXPECT_FALSE(cache.access(0x120));
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.misses(), 2u);
}

TEST(SetAssociativeCache, LeastRecentlyUsedWayIsEvicted) {
  // 2 sets x 2 ways x 16 bytes: lines 0x00, 0x20, 0x40 all map to set 0.
  SetAssociativeCache cache(64, 2, 16);
  ASSERT_EQ(cache.sets(), 2u);
  cache.access(0x00);
  cache.access(0x20);
  EXPECT_TRUE(cache.access(0x00));   // 0x20 is now least recently used
  EXPECT_FALSE(cache.access(0x40));  // evicts 0x20
  EXPECT_TRUE(cache.contains(0x00));
  EXPECT_FALSE(cache.contains(0x20));
  EXPECT_TRUE(cache.access(0x40));
  EXPECT_TRUE(cache.access(0x10) == false);  // set 1 untouched so far
}

TEST(SetAssociativeCache, RejectsImpossibleGeometry) {
  EXPECT_THROW(SetAssociativeCache(1000, 2, 32), std::invalid_argument);
  EXPECT_THROW(SetAssociativeCache(1024, 2, 24), std::invalid_argument);
  EXPECT_THROW(SetAssociativeCache(96 * 32, 1, 32), std::invalid_argument);  // 96 sets
  EXPECT_THROW(SetAssociativeCache(1024, 0, 32), std::invalid_argument);
}

TEST(SetAssociativeCache, CortexM7CacheGeometries) {
  const SetAssociativeCache icache(16 * 1024, 2, 32);  // STM32H743 I-cache
  const SetAssociativeCache dcache(16 * 1024, 4, 32);  // D-cache
  EXPECT_EQ(icache.sets(), 256u);
  EXPECT_EQ(dcache.sets(), 128u);
}

TEST(SetAssociativeCache, InvalidateKeepsCounters) {
  SetAssociativeCache cache(64, 2, 16);
  cache.access(0);
  cache.invalidate();
  EXPECT_FALSE(cache.access(0));
  EXPECT_EQ(cache.misses(), 2u);
  cache.reset_stats();
  EXPECT_EQ(cache.misses(), 0u);
}

TEST(ArtAccelerator, SequentialFetchHitsThePrefetchBuffer) {
  ArtAccelerator art;
  EXPECT_FALSE(art.access(0x08000000));  // cold
  EXPECT_TRUE(art.access(0x08000004));   // same 128-bit line
  EXPECT_TRUE(art.access(0x08000010));   // next line was prefetched
  EXPECT_TRUE(art.access(0x08000020));
  EXPECT_EQ(art.prefetch_hits(), 2u);
  EXPECT_EQ(art.misses(), 1u);
  EXPECT_EQ(art.hits(), 3u);
}

TEST(ArtAccelerator, BranchTargetOutsideTheCacheMisses) {
  ArtAccelerator art;
  art.access(0x08000000);
  EXPECT_FALSE(art.access(0x08001000));
}

TEST(ArtAccelerator, LoopOf64LinesFitsAndOf65Thrashes) {
  for (uint32_t lines : {64u, 65u}) {
    ArtAccelerator art({}, /*prefetch=*/false);
    for (int pass = 0; pass < 2; ++pass) {
      for (uint32_t i = 0; i < lines; ++i) art.access(0x08000000 + i * 16);
    }
    // First pass: all misses. Second pass: all hits if it fits, all misses
    // under LRU if it is one line too big.
    EXPECT_EQ(art.misses(), lines == 64 ? 64u : 130u) << lines << " lines";
  }
}

TEST(ArtAccelerator, EightDataLines) {
  ArtAccelerator art;
  for (uint32_t i = 0; i < 8; ++i) EXPECT_FALSE(art.data_access(0x08010000 + i * 16));
  for (uint32_t i = 0; i < 8; ++i) EXPECT_TRUE(art.data_access(0x08010000 + i * 16));
  EXPECT_FALSE(art.data_access(0x08010080));
  EXPECT_EQ(art.data_stats().hits, 8u);
}

}  // namespace
}  // namespace mcusim

namespace mcusim {
namespace {

// STM32L4+ geometry (RM0432): lines of 4 x 64 bits filled one 64-bit Flash
// read at a time, 32 instruction and 8 data lines.
constexpr ArtGeometry kL4{.line_bytes = 32, .instruction_lines = 32, .data_lines = 8, .ways = 0, .read_bytes = 8,
                          .has_prefetch = true};

TEST(ArtAccelerator, L4StreamPaysOneFlashReadPerDoubleWord) {
  ArtAccelerator art(kL4, /*prefetch=*/false);
  int misses = 0;
  for (uint32_t a = 0x08010000; a < 0x08010000 + 64; a += 4) misses += art.data_access(a) ? 0 : 1;
  EXPECT_EQ(misses, 8);  // 64 bytes / 8-byte reads
  EXPECT_EQ(art.data_stats().hits, 8u);
}

TEST(ArtAccelerator, L4EightDataLinesOf32Bytes) {
  ArtAccelerator art(kL4, false);
  for (uint32_t pass = 0; pass < 2; ++pass)
    for (uint32_t a = 0x08010000; a < 0x08010000 + 8 * 32; a += 8) art.data_access(a);
  EXPECT_EQ(art.data_stats().misses, 32u);  // 256 bytes fit: the second pass hits
  EXPECT_FALSE(art.data_access(0x08010000 + 8 * 32));
  EXPECT_FALSE(art.data_access(0x08010000));  // LRU evicted the first line
}

TEST(ArtAccelerator, NoDataLinesNeverHits) {
  ArtGeometry g = kL4;
  g.data_lines = 0;
  ArtAccelerator art(g, false);
  EXPECT_FALSE(art.data_access(0x08000000));
  EXPECT_FALSE(art.data_access(0x08000000));
}

TEST(ArtAccelerator, PrefetchBufferHoldsTheNextRead) {
  ArtAccelerator art(kL4, /*prefetch=*/true);
  EXPECT_FALSE(art.access(0x08000000));
  EXPECT_TRUE(art.access(0x08000008));  // next 64-bit read was prefetched
  EXPECT_TRUE(art.access(0x08000010));
  EXPECT_EQ(art.prefetch_hits(), 2u);
}

TEST(ArtAccelerator, PartWithoutPrefetchIgnoresPrftEn) {
  ArtGeometry g = kL4;
  g.has_prefetch = false;
  ArtAccelerator art(g, true);
  art.access(0x08000000);
  EXPECT_FALSE(art.access(0x08000008));
}

}  // namespace
}  // namespace mcusim

namespace mcusim {
namespace {

// ArtAccelerator::fetch (a block's whole range at once, remembered while
// its lines stay) must give what access() read by read gives: the same
// misses, counts and prefetch hits, so accurate timing's cycles do not
// depend on which one the memory system calls.
// Blocks of 2 to `max_bytes` bytes at 2-byte aligned addresses in 3 KiB of
// code (which does not fit 1 KiB), run 8000 times in a pseudo-random order
// that favours a few: some are fetched again with their lines still there,
// others after their lines left. Indexes into `blocks`.
struct FetchTrace {
  struct Range {
    uint32_t begin, end;
  };
  std::vector<Range> blocks;
  std::vector<uint32_t> order;
};

FetchTrace fetch_trace(uint32_t max_bytes) {
  FetchTrace t;
  uint32_t x = 12345;
  const auto next = [&x] { return (x = x * 1103515245u + 12345u) >> 8; };
  for (int i = 0; i < 90; ++i) {
    const uint32_t begin = 0x08000000 + (next() % 1536) * 2;
    t.blocks.push_back({begin, begin + 2 + (next() % (max_bytes / 2)) * 2});
  }
  for (int i = 0; i < 8000; ++i) t.order.push_back(next() % 2 ? next() % 12 : next() % 90);
  return t;
}

TEST(ArtAccelerator, RangeFetchMissesWhatReadByReadFetchMisses) {
  const FetchTrace t = fetch_trace(80);
  for (const ArtGeometry& g : {ArtGeometry{}, kL4})
    for (bool prefetch : {false, true}) {
      ArtAccelerator by_range(g, prefetch), by_read(g, prefetch);
      for (uint32_t i : t.order) {
        const FetchTrace::Range& r = t.blocks[i];
        uint32_t misses = 0;
        for (uint32_t a = r.begin & ~(g.read_bytes - 1); a < r.end; a += g.read_bytes) misses += by_read.access(a) ? 0 : 1;
        ASSERT_EQ(by_range.fetch(r.begin, r.end), misses) << std::hex << r.begin << "-" << r.end;
      }
      EXPECT_EQ(by_range.hits(), by_read.hits());
      EXPECT_EQ(by_range.misses(), by_read.misses());
      EXPECT_EQ(by_range.prefetch_hits(), by_read.prefetch_hits());
      EXPECT_GT(by_range.misses(), 100u);  // the program does not fit: the memo's lines do leave
    }
}

TEST(ArtAccelerator, EmptyRangeFetchesNothingEvenWhereAnotherRangeWasMemoised) {
  ArtAccelerator art(kL4, false);
  art.fetch(0x08000000, 0x08000010);
  art.fetch(0x08000000, 0x08000010);  // replayed from the memo
  const uint64_t hits = art.hits(), misses = art.misses();
  for (int i = 0; i < 2; ++i) EXPECT_EQ(art.fetch(0x08000000, 0x08000000), 0u);  // same memo slot, no reads
  EXPECT_EQ(art.hits(), hits);
  EXPECT_EQ(art.misses(), misses);
}

// Fast timing's way: each block keeps its own memo, tries
// replay_if_current() first and fetch() with the memo when that declines.
// Blocks up to 240 bytes: some have more lines than a memo holds.
TEST(ArtAccelerator, BlockMemoFetchMissesWhatReadByReadFetchMisses) {
  const FetchTrace t = fetch_trace(240);
  for (const ArtGeometry& g : {ArtGeometry{}, kL4})
    for (bool prefetch : {false, true}) {
      ArtAccelerator by_block(g, prefetch), by_read(g, prefetch);
      std::vector<ArtFetchMemo> memos(t.blocks.size());
      uint32_t replays = 0;
      for (uint32_t i : t.order) {
        const FetchTrace::Range& r = t.blocks[i];
        uint32_t misses = 0;
        for (uint32_t a = r.begin & ~(g.read_bytes - 1); a < r.end; a += g.read_bytes) misses += by_read.access(a) ? 0 : 1;
        uint32_t got = 0;
        if (by_block.replay_if_current(memos[i])) ++replays;
        else got = by_block.fetch(r.begin, r.end, memos[i]);
        ASSERT_EQ(got, misses) << std::hex << r.begin << "-" << r.end;
      }
      EXPECT_EQ(by_block.hits(), by_read.hits());
      EXPECT_EQ(by_block.misses(), by_read.misses());
      EXPECT_EQ(by_block.prefetch_hits(), by_read.prefetch_hits());
      EXPECT_GT(by_block.misses(), 100u);
      EXPECT_GT(replays, 100u);  // the memos are used
    }
}

}  // namespace
}  // namespace mcusim

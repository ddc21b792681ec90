// --timing accurate end to end: the cache microbenchmarks (tests/cache_bench)
// run under both timing modes, and the difference per benchmark must be the
// misses the cache geometry implies times the board's Flash wait states.
// Fast timing assumes every cached access hits, so the difference isolates
// what accurate timing adds.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "../cli/cli_runner.h"
#include "sim/errors.h"

namespace mcusim {
namespace {

using testing::firmware;
using testing::run_cli;

std::map<std::string, long> run_bench(const std::string& board, const std::string& timing) {
  auto r = run_cli("run --quiet --timing " + timing + " --board " + board + " " + firmware("cache_bench_" + board));
  EXPECT_EQ(r.status, 0) << r.err;
  return testing::name_values(r.out);
}

struct TimingPair {
  std::map<std::string, long> fast, accurate;
  long stall(const std::string& name) const {
    EXPECT_TRUE(fast.count(name) && accurate.count(name)) << name << " not printed";
    return accurate.at(name) - fast.at(name);
  }
};

TimingPair run_both(const std::string& board) { return {run_bench(board, "fast"), run_bench(board, "accurate")}; }

TEST(AccurateTimingTest, M7DataCacheMissesCostTheFlashWaitStates) {
  constexpr long kWait = 7;  // stm32f746g-disco: 216 MHz, one wait state per 30 MHz
  TimingPair t = run_both("stm32f746g-disco");
  EXPECT_EQ(t.stall("dcache_cold64"), 64 * kWait);      // 64 new lines
  EXPECT_EQ(t.stall("dcache_warm64"), 0);               // the same lines again
  EXPECT_EQ(t.stall("dcache_warm96"), 0);               // 3 of 4 ways of every set
  EXPECT_EQ(t.stall("dcache_thrash256"), 256 * kWait);  // 8 KiB through 4 KiB with LRU: every line misses
  // D-cache off: every Flash read waits, and fast timing's estimate for a
  // pointer walking through uncached Flash (the loop block is first seen
  // with the D-cache off) charges the same, so accurate adds nothing.
  // Within one cycle: fast timing puts the guessed stall into the load's
  // occupancy, which closes its issue group, so the first block's SUBS and
  // BNE pair and leave no slot for the loop's LDR after the taken branch;
  // accurate keeps the zero-wait schedule (BNE alone, the LDR joins it) and
  // charges the stall at run time (docs/accuracy.md, tenth session).
  EXPECT_NEAR(t.stall("dcache_off64"), 0, 1);
  EXPECT_NEAR(t.fast.at("dcache_off64") - t.fast.at("sram_warm64"), 64 * kWait, 1);
  EXPECT_EQ(t.stall("sram_warm64"), 0);                 // zero-wait SRAM
  EXPECT_EQ(t.stall("dcache_warm4"), 0);
}

TEST(AccurateTimingTest, M7InstructionCacheMissesCostTheFlashWaitStates) {
  constexpr long kWait = 7;
  TimingPair t = run_both("stm32f746g-disco");
  // 2 KiB of new code is 64 lines; the caller's own line may conflict once.
  EXPECT_NEAR(t.stall("icache_cold"), 64 * kWait, kWait);
  EXPECT_LE(t.stall("icache_warm"), kWait);
  EXPECT_GE(t.stall("icache_warm"), 0);
}

// STM32H743 at 480 MHz: the AXI bus runs at 240 MHz and the board gives the
// Flash's 4 wait states in its cycles (bus_clock_divider 2), so a miss reads
// Flash for 5 bus cycles = 10 core cycles, 9 more than the load's own; a miss
// to zero-wait AXI SRAM still takes one bus cycle, one more core cycle.
TEST(AccurateTimingTest, M7MissesOnAHalfSpeedBusCostWholeBusCycles) {
  constexpr long kFlashMiss = 9, kSramMiss = 1;
  TimingPair t = run_both("stm32h743");
  EXPECT_EQ(t.stall("dcache_cold64"), 64 * kFlashMiss);
  EXPECT_EQ(t.stall("dcache_warm64"), 0);
  EXPECT_EQ(t.stall("dcache_thrash256"), 0);  // 8 KiB fits the 16 KiB D-cache
  EXPECT_NEAR(t.stall("dcache_off64"), 0, 1);  // fast's uncached-walk estimate charges the same (one pairing apart, as above)
  EXPECT_NEAR(t.fast.at("dcache_off64") - t.fast.at("sram_warm64"), 64 * kFlashMiss, 1);
  // Uncached AXI SRAM: every load pays its bus cycle. Fast timing charges a
  // cached walk through RAM nothing, so its sram_warm64 is the same loop
  // without stalls.
  EXPECT_EQ(t.accurate.at("sram_off64") - t.fast.at("sram_warm64"), 64 * kSramMiss);
  // The printf calls between the runs evict a few of those lines (AXI SRAM
  // is cacheable on the H743): each miss is one cycle.
  EXPECT_GE(t.stall("sram_warm64"), 0);
  EXPECT_LT(t.stall("sram_warm64"), 16 * kSramMiss);
  EXPECT_NEAR(t.stall("icache_cold"), 64 * kFlashMiss, kFlashMiss);
  EXPECT_LE(t.stall("icache_warm"), kFlashMiss);
}

TEST(AccurateTimingTest, ZeroWaitSramAtTheCoreClockCostsNothingUncached) {
  TimingPair t = run_both("stm32f746g-disco");
  EXPECT_EQ(t.accurate.at("sram_off64"), t.accurate.at("sram_warm64"));
}

TEST(AccurateTimingTest, ArtDataCacheHoldsEightLines) {
  constexpr long kWait = 5;  // stm32f407: 168 MHz
  TimingPair t = run_both("stm32f407");
  EXPECT_EQ(t.stall("dcache_cold64"), 64 * kWait);
  EXPECT_EQ(t.stall("dcache_warm64"), 64 * kWait);  // 64 lines never fit 8
  EXPECT_EQ(t.stall("dcache_warm4"), 0);             // 4 lines do
  EXPECT_EQ(t.stall("dcache_off64"), 0);  // fast's uncached-walk estimate charges it too
  EXPECT_EQ(t.fast.at("dcache_off64") - t.fast.at("sram_warm64"), 64 * kWait);
  EXPECT_EQ(t.stall("sram_warm64"), 0);
}

TEST(AccurateTimingTest, ArtPrefetchHidesSequentialFetchesAndItsAbsenceDoesNot) {
  constexpr long kWait = 5;
  TimingPair t = run_both("stm32f407");
  // With prefetch, straight-line code misses at most its first line and the caller's.
  EXPECT_LE(t.stall("icache_cold"), 2 * kWait);
  EXPECT_LE(t.stall("icache_warm"), 2 * kWait);
  // Without it, every 16-byte line of 2 KiB of code but the first misses
  // (against the same code warm), in both modes: fast timing fetches
  // through an accelerator whose prefetch is off as accurate timing does
  // (the STM32L4 as HAL leaves it; TimingEngine::fast_fetch_path).
  EXPECT_NEAR(t.accurate.at("icache_noprefetch") - t.fast.at("icache_warm"), 127 * kWait, 2 * kWait);
  EXPECT_EQ(t.stall("icache_noprefetch"), 0);
}

TEST(AccurateTimingTest, SummaryReportsCacheHitsAndMisses) {
  auto r = run_cli("run --timing accurate --board stm32f746g-disco " + firmware("cache_bench_stm32f746g-disco"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("caches: icache "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dcache "), std::string::npos) << r.err;
}

TEST(AccurateTimingTest, JsonProfileCarriesCacheStatistics) {
  std::string json = ::testing::TempDir() + "accurate_caches.json";
  auto r = run_cli("run --quiet --timing accurate --json " + json + " --board stm32f407 " + firmware("cache_bench_stm32f407"));
  ASSERT_EQ(r.status, 0) << r.err;
  std::string text = testing::slurp(json);
  EXPECT_NE(text.find("\"art-instructions\""), std::string::npos);
  EXPECT_NE(text.find("\"art-data\""), std::string::npos);
  EXPECT_NE(text.find("\"timing\": \"accurate\""), std::string::npos);
}

uint64_t self_cycles_of(const nlohmann::json& profile, const std::string& function) {
  for (const auto& f : profile["functions"])
    if (f["name"] == function) return f["self_cycles"];
  ADD_FAILURE() << function << " not in the profile";
  return 0;
}

TEST(AccurateTimingTest, MemoryStallsAreAttributedToFunctions) {
  std::string json = ::testing::TempDir() + "accurate_attribution.json";
  auto r = run_cli("run --quiet --timing accurate --json " + json + " --board stm32f407 " + firmware("cache_bench_stm32f407"));
  ASSERT_EQ(r.status, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(testing::slurp(json));
  uint64_t total = j["totals"]["cycles"], self = 0;
  for (const auto& f : j["functions"]) self += f["self_cycles"].get<uint64_t>();
  // Every cycle but exception entries lands in some function, stalls included.
  EXPECT_LE(total - self, total / 100);
  // touch_lines does the Flash reads: its share must include their wait
  // states (5 per miss, thousands of misses), not only its instructions.
  auto fast = run_cli("run --quiet --json " + json + ".fast --board stm32f407 " + firmware("cache_bench_stm32f407"));
  ASSERT_EQ(fast.status, 0) << fast.err;
  nlohmann::json jf = nlohmann::json::parse(testing::slurp(json + ".fast"));
  EXPECT_GT(self_cycles_of(j, "touch_lines"), self_cycles_of(jf, "touch_lines") + 1000);
}

TEST(AccurateTimingTest, SameElfGivesTheSameCyclesTwice) {
  auto a = run_cli("run --quiet --timing accurate --board stm32f746g-disco " + firmware("cache_bench_stm32f746g-disco"));
  auto b = run_cli("run --quiet --timing accurate --board stm32f746g-disco " + firmware("cache_bench_stm32f746g-disco"));
  EXPECT_EQ(a.out, b.out);
}

TEST(AccurateTimingTest, UnknownTimingModeIsAnInputError) {
  auto r = run_cli("run --timing exact --board stm32f407 " + firmware("cache_bench_stm32f407"));
  EXPECT_EQ(r.status, kExitInputError);
  EXPECT_NE(r.err.find("fast, accurate, instructions"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mcusim

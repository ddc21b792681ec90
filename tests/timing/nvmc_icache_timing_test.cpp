// The nRF52840's NVMC instruction cache, switched by ICACHECNF.CACHEEN
// (tests/cache_bench/nvmc_icache_bench.c). The bundled board states no Flash
// wait states or cache geometry (none found published, docs/boards.md), so
// there the cache cannot change a cycle; on a board file that states them,
// CACHEEN switches the cache in both timing modes.
#include <gtest/gtest.h>

#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "../cli/cli_runner.h"

namespace mcusim {
namespace {

using testing::firmware;
using testing::run_cli;

// ASSUMED figures for the test, not the nRF52840's: 2 Flash wait states and
// a 4 KiB 2-way cache of 16-byte lines.
constexpr long kAssumedWait = 2;
const char* kAssumedBoard = R"({
  "name": "nrf52840-assumed", "description": "test only: assumed Flash timing",
  "core": "cortex-m4", "clock_hz": 64000000, "boot_address": "0x00000000", "irq_count": 48, "series": "nrf52",
  "memory": [
    {"name": "flash", "base": "0x00000000", "size": "1M", "kind": "flash", "access": "rx", "wait_states": 2},
    {"name": "ram", "base": "0x20000000", "size": "256K", "kind": "sram", "access": "rw"}],
  "flash_accelerator": {"type": "nvmc-icache", "line_bytes": 16, "instruction_lines": 256, "ways": 2}
})";

std::string assumed_board() {
  std::string text = kAssumedBoard;
  return testing::write_temp("nvmc_icache_board_" + std::to_string(::getpid()) + ".json",
                             std::vector<char>(text.begin(), text.end()));
}

std::map<std::string, long> run_bench(const std::string& board, const std::string& timing) {
  auto r = run_cli("run --quiet --timing " + timing + " --board " + board + " " + firmware("nvmc_icache_bench_nrf52840"));
  EXPECT_EQ(r.status, 0) << r.err;
  std::map<std::string, long> out = testing::name_values(r.out);
  EXPECT_EQ(out.count("loop_off") + out.count("loop_on") + out.count("straight_cold"), 3u) << r.out;
  return out;
}

TEST(NvmcIcacheTiming, IcacheCnfReadsBackCacheEnable) {
  EXPECT_EQ(run_bench("nrf52840", "fast").at("icachecnf"), 1);
}

// Nothing on the bundled board can stall, so the cache changes nothing and
// accurate timing gives what fast timing gives.
TEST(NvmcIcacheTiming, BundledBoardCostsTheSameWithTheCacheOnOrOff) {
  auto fast = run_bench("nrf52840", "fast");
  EXPECT_EQ(fast.at("loop_off"), fast.at("loop_on"));
  EXPECT_EQ(run_bench("nrf52840", "accurate"), fast);
}

// 64 iterations of a 3-instruction loop: with the cache off each of the 63
// taken back-edges pays the Flash wait states (the sequential-fetch rule
// hides nothing at a branch); with it on and warm, none.
TEST(NvmcIcacheTiming, CacheEnableRemovesTheFlashWaitOfLoopBackEdges) {
  const std::string board = assumed_board();
  for (const char* timing : {"fast", "accurate"}) {
    auto t = run_bench(board, timing);
    EXPECT_EQ(t.at("loop_off") - t.at("loop_on"), 63 * kAssumedWait) << timing;
  }
}

// Fetches are looked up in the cache: 2 KiB of new straight-line code
// misses every 16-byte line (128 of them, no prefetch buffer), and hits
// when run again. Fast timing does the same look-up on an accelerator
// without prefetch (TimingEngine::fast_fetch_path): the modes agree.
TEST(NvmcIcacheTiming, ColdLinesMissAndWarmOnesHitInBothModes) {
  const std::string board = assumed_board();
  auto fast = run_bench(board, "fast");
  auto accurate = run_bench(board, "accurate");
  for (const auto* t : {&fast, &accurate})
    EXPECT_NEAR(t->at("straight_cold") - t->at("straight_warm"), 128 * kAssumedWait, 2 * kAssumedWait);
  EXPECT_NEAR(accurate.at("straight_cold"), fast.at("straight_cold"), kAssumedWait);
  EXPECT_NEAR(accurate.at("straight_warm"), fast.at("straight_warm"), kAssumedWait);
}

}  // namespace
}  // namespace mcusim

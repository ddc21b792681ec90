// Stack, heap and peak SRAM on any linker-script style (issue 9): the same
// program, linked with the Arm CMSIS, newlib-default and CubeIDE styles and
// with its stack in DTCM beside .data/.bss, measures its own stack (paint and
// scan) and heap (mallinfo); mcusim's figures must equal its own.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include <unistd.h>

#include "../cli/cli_runner.h"
#include "sim/errors.h"

namespace mcusim {
namespace {

using testing::firmware;
using testing::run_cli;
using testing::slurp;

struct Style {
  const char* firmware;
  const char* board;
};
const Style kStyles[] = {
    {"mem_cmsis_stm32f407", "stm32f407"},
    {"mem_newlib_stm32f407", "stm32f407"},
    {"mem_cubeide_stm32f407", "stm32f407"},
    {"mem_dtcm_stm32f746g-disco", "stm32f746g-disco"},
    {"mem_ownsbrk_stm32f407", "stm32f407"},
};

struct Figures {
  uint64_t stack = 0, heap = 0, peak_sram = 0;
};

template <typename... Parts>
std::string fmt_args(const Parts&... parts) {
  std::string s;
  ((s += parts), ...);
  return s;
}

// ctest runs this file's tests as separate processes at once, on the same
// firmware: the process id keeps one from reading a report the other is
// rewriting.
std::string json_path(const Style& s) {
  return ::testing::TempDir() + s.firmware + "." + std::to_string(getpid()) + ".json";
}

// Runs the probe; returns mcusim's figures and fills `own` with the firmware's.
Figures run_probe(const Style& s, Figures& own) {
  std::string json = json_path(s);
  testing::CliResult r = run_cli(fmt_args("run --quiet --board ", s.board, " --json ", json, " ", firmware(s.firmware)));
  EXPECT_EQ(r.status, 0) << s.firmware << ": " << r.out << r.err;
  std::smatch m;
  EXPECT_TRUE(std::regex_search(r.out, m, std::regex("stack_peak=(\\d+) heap_peak=(\\d+) .* malloc=ok")))
      << s.firmware << " output: " << r.out;
  if (m.size() == 3) {
    own.stack = std::stoull(m[1]);
    own.heap = std::stoull(m[2]);
  }
  nlohmann::json j = nlohmann::json::parse(slurp(json));
  const auto& mem = j["memory"];
  return {mem["stack_peak"].get<uint64_t>(), mem["heap_peak"].get<uint64_t>(), mem["peak_sram"].get<uint64_t>()};
}

TEST(MemoryStylesTest, StackAndHeapPeaksEqualWhatTheFirmwareMeasuresForEveryLinkerScriptStyle) {
  for (const Style& s : kStyles) {
    Figures own;
    Figures sim = run_probe(s, own);
    EXPECT_EQ(sim.stack, own.stack) << s.firmware << ": stack peak (firmware's own paint-and-scan)";
    EXPECT_EQ(sim.heap, own.heap) << s.firmware << ": heap peak (firmware's mallinfo().arena)";
    EXPECT_GT(own.stack, 6000u) << s.firmware << ": the probe's deep call alone uses 6000 bytes";
  }
}

TEST(MemoryStylesTest, PeakSramIsTheSameForEveryLinkerScriptStyle) {
  Figures own;
  Figures reference = run_probe(kStyles[0], own);
  for (const Style& s : kStyles) {
    Figures sim = run_probe(s, own);
    // The styles differ by a few bytes of alignment and of malloc's padding.
    EXPECT_NEAR(static_cast<double>(sim.peak_sram), static_cast<double>(reference.peak_sram), 64) << s.firmware;
    EXPECT_LT(sim.peak_sram, 32u * 1024) << s.firmware << ": never the whole RAM region";
  }
}

// A 24 KiB frame with no stack limit symbol: SRAM1 and SRAM2 (F407), DTCM,
// SRAM1 and SRAM2 (F746), SRAM1 to SRAM3 (L4R5) are one contiguous RAM, so this is no overflow; and
// malloc works without heap limit symbols. QEMU runs the MPS2 build of the
// same program to exit 0 (diff.bigframe_* tests).
TEST(MemoryStylesTest, LargeStackFrameAndMallocRunWithoutLimitSymbols) {
  const Style programs[] = {
      {"bigframe_newlib_stm32f407", "stm32f407"},
      {"bigframe_newlib_stm32f746g-disco", "stm32f746g-disco"},
      {"bigframe_newlib_stm32l4r5", "stm32l4r5"},
      {"bigframe_cubeide_stm32f407", "stm32f407"},
  };
  for (const Style& s : programs) {
    std::string json = json_path(s);
    testing::CliResult r = run_cli(fmt_args("run --quiet --board ", s.board, " --json ", json, " ", firmware(s.firmware)));
    EXPECT_EQ(r.status, 0) << s.firmware << ": " << r.out << r.err;
    EXPECT_NE(r.out.find("heap ok"), std::string::npos) << s.firmware << ": " << r.out;
    nlohmann::json j = nlohmann::json::parse(slurp(json));
    EXPECT_GE(j["memory"]["stack_peak"].get<uint64_t>(), 24u * 1024) << s.firmware;
    EXPECT_LT(j["memory"]["stack_peak"].get<uint64_t>(), 25u * 1024) << s.firmware;
    EXPECT_GE(j["memory"]["heap_peak"].get<uint64_t>(), 16u * 1024) << s.firmware;
    EXPECT_LT(j["memory"]["heap_peak"].get<uint64_t>(), 18u * 1024) << s.firmware;
  }
}

// No symbols at all: the heap's base and break are unknown, so heap writes
// just above static data must not be read as stack depth (they were: the
// stack peak ran down to the end of .bss, 95% of a stripped sample's RAM).
TEST(MemoryStylesTest, StrippedElfStackPeakIsExactAndHeapIsAnEstimate) {
  const Style s{"mem_stripped_stm32f407", "stm32f407"};
  Figures own;
  Figures sim = run_probe(s, own);
  EXPECT_EQ(sim.stack, own.stack) << "stack peak (firmware's own paint-and-scan)";
  EXPECT_GT(sim.heap, 0u) << "the written part of the heap";
  EXPECT_LE(sim.heap, own.heap + 64) << "never more than malloc took";
  EXPECT_LT(sim.peak_sram, 32u * 1024) << "never the whole RAM region";
  nlohmann::json j = nlohmann::json::parse(slurp(json_path(s)));
  EXPECT_NE(j["memory"]["heap_peak_method"].get<std::string>().find("estimate"), std::string::npos);
  EXPECT_NE(j["memory"]["stack_peak_method"].get<std::string>().find("estimate"), std::string::npos);
}

// The initial SP is the end of an array with static data below and above
// it: the stack is that array. Before, the stack was taken to run down to
// the bottom of RAM, and the static data written there counted as depth.
TEST(MemoryStylesTest, StackInADataObjectIsMeasuredWithinThatObject) {
  const Style s{"mem_stackobj_stm32f407", "stm32f407"};
  std::string json = json_path(s);
  testing::CliResult r = run_cli(fmt_args("run --quiet --board ", s.board, " --json ", json, " ", firmware(s.firmware)));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("stack_peak=(\\d+) "))) << r.out;
  uint64_t own = std::stoull(m[1]);
  EXPECT_GT(own, 3000u) << "the deep call alone uses 3000 bytes";
  nlohmann::json j = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(j["memory"]["stack_peak"].get<uint64_t>(), own) << "stack peak (firmware's own paint-and-scan)";
  EXPECT_NE(j["memory"]["stack_peak_method"].get<std::string>().find("main_stack"), std::string::npos)
      << j["memory"]["stack_peak_method"];
  EXPECT_LT(j["memory"]["peak_sram"].get<uint64_t>(), 40u * 1024) << "never the whole RAM region";
}

// A stack limit symbol and no heap symbol: no heap either. Before, the
// heap was taken to run from the end of .bss up to the stack limit and its
// peak showed 512 MiB.
TEST(MemoryStylesTest, StackLimitWithoutHeapSymbolReportsNoHeap) {
  const Style s{"mem_stacklimit_noheap_stm32f407", "stm32f407"};
  std::string json = json_path(s);
  testing::CliResult r = run_cli(fmt_args("run --quiet --board ", s.board, " --json ", json, " ", firmware(s.firmware)));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("stack_peak=(\\d+) "))) << r.out;
  uint64_t own = std::stoull(m[1]);
  EXPECT_GT(own, 3000u) << "the deep call alone uses 3000 bytes";
  nlohmann::json j = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(j["memory"]["stack_peak"].get<uint64_t>(), own) << "stack peak (firmware's own paint-and-scan)";
  EXPECT_EQ(j["memory"]["heap_peak"].get<uint64_t>(), 0u) << j["memory"];
  // .data/.bss (16,448 B) plus the stack's peak: its reserved 8 KiB section
  // counts by what was used, as with a heap symbol (it counted twice).
  EXPECT_EQ(j["memory"]["peak_sram"].get<uint64_t>(), j["memory"]["static_sram"].get<uint64_t>() + own)
      << j["memory"];
  EXPECT_LT(j["memory"]["static_sram"].get<uint64_t>(), 17u * 1024) << "the stack section is not static data";
}

// SEGGER Embedded Studio's (and TI's) names only: __heap_start__/__heap_end__
// and __stack_start__/__stack_end__ around .heap and .stack blocks. Before,
// none was known: the 4 KiB heap block counted as static data and the
// 2,000 bytes the program writes at its start were not seen (heap 0).
TEST(MemoryStylesTest, SeggerNamesGiveTheStackAndHeapBlocks) {
  const Style s{"mem_ses_stm32f407", "stm32f407"};
  std::string json = json_path(s);
  testing::CliResult r = run_cli(fmt_args("run --quiet --board ", s.board, " --json ", json, " ", firmware(s.firmware)));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("stack_peak=(\\d+) "))) << r.out;
  nlohmann::json mem = nlohmann::json::parse(slurp(json))["memory"];
  EXPECT_EQ(mem["stack_peak"].get<uint64_t>(), std::stoull(m[1])) << "stack peak (firmware's own paint-and-scan)";
  EXPECT_NE(mem["stack_peak_method"].get<std::string>().find("__stack_start__"), std::string::npos) << mem;
  EXPECT_EQ(mem["heap_peak"].get<uint64_t>(), 2000u) << "the bytes written from the heap block's start";
  EXPECT_NE(mem["heap_peak_method"].get<std::string>().find("__heap_start__"), std::string::npos) << mem;
  EXPECT_LT(mem["static_sram"].get<uint64_t>(), 17u * 1024) << ".data and .bss only, not the heap and stack blocks";
  EXPECT_EQ(mem["peak_sram"].get<uint64_t>(),
            mem["static_sram"].get<uint64_t>() + mem["stack_peak"].get<uint64_t>() + 2000u);
}

// MSP moved to the top of another object below the first (Zephyr's reset
// code does so): not a stack overflow, and the run goes on.
TEST(MemoryStylesTest, MovingMspToAnotherStackObjectIsNotAnOverflow) {
  testing::CliResult r = run_cli("run --quiet --board stm32f407 " + firmware("mem_stackswitch_stm32f407"));
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.err.find("stack overflow"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("stack_peak="), std::string::npos) << r.out;
}

TEST(MemoryStylesTest, CheckMaxSramUsesTheSameFigures) {
  // mem_newlib: about 18 KiB peak (static 3 KiB + stack 6 KiB + heap 9 KiB).
  std::string elf = firmware("mem_newlib_stm32f407");
  EXPECT_EQ(run_cli("check --board stm32f407 --max-sram 16K " + elf).status, kExitBudgetExceeded);
  EXPECT_EQ(run_cli("check --board stm32f407 --max-sram 24K " + elf).status, 0);
}

}  // namespace
}  // namespace mcusim

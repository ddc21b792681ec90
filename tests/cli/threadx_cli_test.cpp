// What a user running ThreadX-shaped firmware (tests/firmware/threadx:
// tx_kernel_enter, thread stacks from a byte pool, PendSV switching with
// the idle wait inside the handler) sees from `mcusim run`: a row per
// thread named after tx_thread_name, bounded by its stack start/end, whose
// peak is what the firmware's own 0xEF scan printed; a main stack figure
// that is the MSP's whether the pool lies in .bss or after it; and a run
// with every thread asleep forever that ends with a message saying so.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli_runner.h"
#include "profiled_run.h"

namespace mcusim {
namespace {

using testing::firmware;
using testing::ProfiledRun;
using testing::profiled_run;
using testing::CliResult;
using testing::run_cli;

struct Printed {
  uint64_t used, size, base;
};

// "threadx: stack inference used 412 of 2048 bytes at 0x200027d0"
std::map<std::string, Printed> firmware_stack_use(const std::string& out) {
  std::map<std::string, Printed> says;
  std::regex used(R"(threadx: stack (\w+) used (\d+) of (\d+) bytes at 0x([0-9a-f]+))");
  for (std::sregex_iterator it(out.begin(), out.end(), used), end; it != end; ++it)
    says[(*it)[1].str()] = {std::stoull((*it)[2]), std::stoull((*it)[3]), std::stoull((*it)[4], nullptr, 16)};
  return says;
}

std::map<std::string, nlohmann::json> thread_rows(const nlohmann::json& profile) {
  std::map<std::string, nlohmann::json> rows;
  for (const auto& s : profile["memory"]["thread_stacks"]) rows[s["name"]] = s;
  return rows;
}

// Each thread's row: its name, its stack as the TX_THREAD says (base,
// size), the pool object holding it, and the peak the firmware measured.
// The printer measured its own stack while running, before printing the
// lines: its final peak is at least that.
void expect_rows_match_firmware(const ProfiledRun& run, const std::string& object) {
  std::map<std::string, Printed> says = firmware_stack_use(run.out);
  ASSERT_EQ(says.size(), 3u) << run.out;
  auto rows = thread_rows(run.json);
  ASSERT_EQ(rows.size(), 3u) << run.json["memory"]["thread_stacks"].dump();
  for (const auto& [name, printed] : says) {
    ASSERT_TRUE(rows.count(name)) << name << ": " << run.json["memory"]["thread_stacks"].dump();
    const nlohmann::json& row = rows[name];
    EXPECT_EQ(row["object"], object) << name;
    EXPECT_NE(row["tcb"], 0) << name;
    EXPECT_EQ(row["base"], printed.base) << name;
    EXPECT_EQ(row["size"], printed.size) << name;
    EXPECT_EQ(row["fill"], 0xEFEFEFEFu) << name;
    EXPECT_GT(row["runs"], 0) << name;
    if (name == "printer") {
      EXPECT_GE(row["peak_bytes"], printed.used) << name;
      EXPECT_LT(row["peak_bytes"], printed.size) << name;
    } else {
      EXPECT_EQ(row["peak_bytes"], printed.used) << name;
    }
  }
}

class ThreadxBoards : public ::testing::TestWithParam<const char*> {};

TEST_P(ThreadxBoards, ThreadRowsAreTheTxThreadsWithTheFirmwaresOwnStackPeaks) {
  ProfiledRun run = profiled_run("threadx", std::string("threadx_stacks_") + GetParam(), std::string("--board ") + GetParam());
  expect_rows_match_firmware(run, "tx_byte_pool_buffer");
  // The MSP ran main, tx_application_define and the handlers: far less
  // than a thread stack, let alone the pool.
  EXPECT_LT(run.json["memory"]["stack_peak"].get<uint64_t>(), 1024u);
}

// The pool over the memory after .bss that _tx_initialize_unused_memory
// points to, in no ELF object and with no heap symbol: the same rows; the
// main stack is not read down into the pool; the pool is the heap figure.
TEST_P(ThreadxBoards, PoolAfterBssIsTheHeapNotTheMainStack) {
  std::string board = GetParam();
  ProfiledRun in_bss = profiled_run("threadx", "threadx_stacks_" + board, "--board " + board);
  ProfiledRun after = profiled_run("threadx", "threadx_stacks_after_bss_" + board, "--board " + board);
  expect_rows_match_firmware(after, "(no ELF object)");
  const nlohmann::json& m = after.json["memory"];
  EXPECT_LT(m["stack_peak"].get<uint64_t>(), 1024u) << m["stack_peak_method"];
  EXPECT_EQ(m["stack_peak"], in_bss.json["memory"]["stack_peak"]);
  // The pool (TX_APP_MEM_POOL_SIZE, 12 KiB) is written to its end marker.
  EXPECT_GE(m["heap_peak"].get<uint64_t>(), 12u * 1024u - 8u);
  EXPECT_LE(m["heap_peak"].get<uint64_t>(), 12u * 1024u + 8u);
  // Same memory either way: the pool moved from .bss to after it.
  int64_t a = m["peak_sram"], b = in_bss.json["memory"]["peak_sram"];
  EXPECT_LE(std::llabs(a - b), 64) << a << " vs " << b;
}

INSTANTIATE_TEST_SUITE_P(Boards, ThreadxBoards, ::testing::Values("stm32f407", "mps2-an386"),
                         [](const auto& info) { return std::string(info.param) == "stm32f407" ? "stm32f407" : "mps2_an386"; });

TEST(ThreadxCliTest, ProfileTableNamesEachThread) {
  CliResult r = run_cli("run --quiet --profile --board stm32f407 " + firmware("threadx_stacks_stm32f407"));
  ASSERT_EQ(r.status, 0) << r.err;
  std::string all = r.out + r.err;
  for (const char* name : {"inference", "sleeper", "printer"})
    EXPECT_TRUE(std::regex_search(all, std::regex(std::string("\\n *") + name + " +tx_byte_pool_buffer +[0-9.]+ (KiB|B)")))
        << name << " row missing:\n" << all;
}

// Every thread asleep forever with the tick running: the scheduler waits
// in PendSV's WFI loop; the run ends (exit 124) after --idle-limit, saying
// where, rather than at the cycle limit.
TEST(ThreadxCliTest, EveryThreadAsleepForeverEndsAsIdleInsidePendSv) {
  CliResult r = run_cli("run --max-cycles 1000000000 " + firmware("threadx_all_asleep"));
  EXPECT_EQ(r.status, 124) << r.err;
  EXPECT_NE(r.out.find("threadx: every thread asleep now"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("the firmware idles: it waits for an interrupt (WFI/WFE) inside the PendSV handler"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("PendSV_Handler"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mcusim

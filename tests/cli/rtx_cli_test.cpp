// What a user running Mbed OS / CMSIS-RTOS2 RTX5 firmware sees from
// `mcusim run`: one stack row per RTX thread, named after the thread
// (osRtxThread_t.name through osRtxInfo.thread.run.curr), bounded by its
// stack_mem/stack_size, its peak counted above RTX's magic word as
// osThreadGetStackSpace does, and the same figure the firmware measures
// on itself. Firmware: tests/firmware/rtx/ (RTX_STACK_REPORT).
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli_runner.h"
#include "profiled_run.h"

namespace mcusim {
namespace {

using testing::ProfiledRun;
using testing::profiled_run;
using testing::run_cli;
using testing::firmware;

// thread name -> the static stack it runs on (tests/firmware/rtx).
const std::map<std::string, std::string> kStackOf = {{"main", "_main_stack"},
                                                     {"infer", "infer_stack"},
                                                     {"printer", "printer_stack"},
                                                     {"osRtxIdleThread", "os_idle_thread_stack"},
                                                     {"osRtxTimerThread", "os_timer_thread_stack"}};

void expect_rows_match_the_firmware(const std::string& elf, const std::string& board,
                                    const std::map<std::string, std::string>& stack_of = kStackOf) {
  ProfiledRun run = profiled_run("rtx", elf, "--board " + board);
  std::map<std::string, uint64_t> firmware_says, sizes;  // thread -> bytes used, stack size
  std::regex used(R"(stack (\w+): size (\d+) used (\d+))");
  for (std::sregex_iterator it(run.out.begin(), run.out.end(), used), end; it != end; ++it) {
    sizes[(*it)[1].str()] = std::stoull((*it)[2]);
    firmware_says[(*it)[1].str()] = std::stoull((*it)[3]);
  }
  ASSERT_EQ(firmware_says.size(), stack_of.size()) << run.out;
  std::map<std::string, nlohmann::json> rows;
  for (const auto& s : run.json["memory"]["thread_stacks"]) rows[s["name"]] = s;
  ASSERT_EQ(rows.size(), stack_of.size()) << run.json["memory"]["thread_stacks"].dump();
  for (const auto& [thread, stack] : stack_of) {
    ASSERT_TRUE(rows.count(thread)) << thread << " has no row named after it";
    const nlohmann::json& row = rows[thread];
    EXPECT_EQ(row["object"], stack) << thread;
    EXPECT_NE(row["tcb"], 0) << thread;
    EXPECT_EQ(row["size"], sizes[thread]) << thread;
    // The firmware scans its stacks from the word above the magic word for
    // 0xCC just before it exits; mcusim at the end of the run: the same.
    EXPECT_EQ(row["peak_bytes"], firmware_says[thread]) << thread;
    EXPECT_EQ(row["fill"], 0xCCCCCCCCu) << thread;
    EXPECT_GT(row["cycles"], 0) << thread;
    EXPECT_GT(row["runs"], 0) << thread;
  }
}

TEST(RtxCliTest, EachThreadHasAStackRowNamedAfterItMatchingTheFirmwaresWatermarkOnMps2) {
  expect_rows_match_the_firmware("rtx_stack_report", "mps2-an386");
}

TEST(RtxCliTest, EachThreadHasAStackRowNamedAfterItMatchingTheFirmwaresWatermarkOnNrf52840) {
  expect_rows_match_the_firmware("rtx_stack_report_nrf52840", "nrf52840");
}

// The same threads with the stack to the side: `object` says where it is.
std::map<std::string, std::string> with_stacks_in(const std::string& infer, const std::string& printer) {
  std::map<std::string, std::string> m = kStackOf;
  m["infer"] = infer;
  m["printer"] = printer;
  return m;
}

TEST(RtxCliTest, ThreadStacksRtxTakesFromItsMemoryAreRowsNamedAfterTheirThreads) {
  // osThreadNew without cb_mem/stack_mem: infer's stack from the dynamic
  // memory (osRtxMemoryAlloc in os_mem, after a mem_block_t header, its
  // control block there too), printer's (default size) from the fixed-size
  // stack pool os_thread_stack.
  expect_rows_match_the_firmware("rtx_pool_stack_report", "mps2-an386", with_stacks_in("os_mem", "os_thread_stack"));
}

TEST(RtxCliTest, StacksMbedAllocatesWithNewAreRowsInTheMallocHeap) {
  // rtos::Thread: the stack from new (newlib's malloc chunk), in no ELF object.
  expect_rows_match_the_firmware("rtx_malloc_stack_report", "mps2-an386",
                                 with_stacks_in("malloc heap", "malloc heap"));
}

TEST(RtxCliTest, ProfileTableNamesTheThreadsAndTheirStacks) {
  testing::CliResult r = run_cli("run --board mps2-an386 --profile " + firmware("rtx_stack_report"));
  ASSERT_EQ(r.status, 0) << r.err;
  std::string report = r.out + r.err;  // the profile goes where mcusim's messages go
  for (const auto& [thread, stack] : kStackOf)
    EXPECT_TRUE(std::regex_search(report, std::regex("\\n  " + thread + " +" + stack + " ")))
        << thread << " / " << stack << " not in:\n" << report;
}

}  // namespace
}  // namespace mcusim

// What a user running an RTOS (FreeRTOS's shape: tasks on the PSP, PendSV
// switches, SysTick preemption, an idle task in WFI) sees from `mcusim run`:
// each task's functions on the task's own call stack, inclusive times that
// count a task's own time, each task's stack use, and an idle task that is
// not taken for stuck firmware. Firmware: tests/firmware/rtos.c.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli_runner.h"
#include "profiled_run.h"

namespace mcusim {
namespace {

using testing::firmware;
using testing::function_named;
using testing::ProfiledRun;
using testing::profiled_run;
using testing::run_cli;
using testing::slurp;

const char* const kTasks[] = {"infer_task", "worker_task", "idle_task"};

ProfiledRun profile(const std::string& elf, const std::string& options = "") {
  return profiled_run("rtos", elf, options);
}

TEST(RtosCliTest, EachTaskRunsOnItsOwnCallStack) {
  ProfiledRun run = profile("t_rtos_m4");
  // Which task a function may appear under (none: any task, or none at all).
  const std::map<std::string, std::string> owner = {{"dot_s8", "infer_task"},
                                                    {"fully_connected_s8", "infer_task"},
                                                    {"run_inference", "infer_task"},
                                                    {"crc32_update", "worker_task"},
                                                    {"fp_registers_survive.constprop.0", "worker_task"},
                                                    {"printf", "idle_task"}};
  std::istringstream lines(run.folded);
  int stacks = 0;
  for (std::string line; std::getline(lines, line); ++stacks) {
    std::string path = line.substr(0, line.rfind(' '));
    int tasks = 0;
    for (const char* t : kTasks) tasks += (";" + path + ";").find(std::string(";") + t + ";") != std::string::npos;
    EXPECT_LE(tasks, 1) << "two tasks on one call stack: " << line;
    for (const auto& [function, task] : owner)
      if ((";" + path + ";").find(";" + function + ";") != std::string::npos)
        EXPECT_TRUE(path.starts_with(task)) << function << " outside " << task << ": " << line;
  }
  EXPECT_GT(stacks, 10);
  EXPECT_EQ(function_named(run.json, "fully_connected_s8")["calls"], 12);
  EXPECT_EQ(function_named(run.json, "dot_s8")["calls"], 12 * 32);
}

TEST(RtosCliTest, TaskInclusiveCyclesCountOnlyTheTasksOwnTime) {
  ProfiledRun run = profile("t_rtos_m4");
  uint64_t cycles = run.json["totals"]["cycles"];
  // Every cycle belongs to the thread that ran it (handlers to the thread
  // they interrupted): the start-up thread and the three tasks add up to
  // the run, give or take the exception entry and return cycles charged
  // between two threads.
  uint64_t threads = function_named(run.json, "Reset_Handler")["total_cycles"];
  for (const char* t : kTasks) threads += function_named(run.json, t)["total_cycles"].get<uint64_t>();
  EXPECT_LE(threads, cycles);
  EXPECT_GE(threads, cycles - cycles / 100) << "within 1% of the run's " << cycles << " cycles";
  // A task's call below it counts only that task's time.
  EXPECT_LE(function_named(run.json, "run_inference")["total_cycles"].get<uint64_t>(),
            function_named(run.json, "infer_task")["total_cycles"].get<uint64_t>());
}

// The stack use each task printed ("rtos: infer stack used 292 of 2048
// bytes"): task name -> {used, size}.
std::map<std::string, std::pair<uint64_t, uint64_t>> firmware_stack_use(const std::string& out) {
  std::map<std::string, std::pair<uint64_t, uint64_t>> says;
  std::regex used(R"(rtos: (\w+) stack used (\d+) of (\d+) bytes)");
  for (std::sregex_iterator it(out.begin(), out.end(), used), end; it != end; ++it)
    says[(*it)[1].str()] = {std::stoull((*it)[2]), std::stoull((*it)[3])};
  return says;
}

std::map<std::string, nlohmann::json> thread_stack_rows(const nlohmann::json& profile) {
  std::map<std::string, nlohmann::json> rows;
  for (const auto& s : profile["memory"]["thread_stacks"]) rows[s["name"]] = s;
  return rows;
}

// A run of a firmware whose two tasks scan their own stacks for the fill
// pattern and print what they used, with the profile's stack rows by name.
struct TaskStackRun {
  ProfiledRun run;
  std::map<std::string, std::pair<uint64_t, uint64_t>> firmware_says;  // task -> {used, size}
  std::map<std::string, nlohmann::json> rows;
};

// Runs `elf` and checks what every such firmware's stack rows must show:
// both tasks printed their use, there are three rows (the two tasks and
// IDLE), and each task's row has the firmware's peak and size. A stack from
// malloc may be up to `max_padding` bytes larger than the firmware asked
// for, its peak then counting from the larger block's end. Call it inside
// ASSERT_NO_FATAL_FAILURE: a failed check stops the test.
void run_and_match_task_stacks(const std::string& elf, TaskStackRun& out, int64_t max_padding = 0) {
  out.run = profile(elf);
  out.firmware_says = firmware_stack_use(out.run.out);
  ASSERT_EQ(out.firmware_says.size(), 2u) << out.run.out;
  out.rows = thread_stack_rows(out.run.json);
  ASSERT_EQ(out.rows.size(), 3u) << out.run.json["memory"]["thread_stacks"].dump();
  for (const auto& [name, use] : out.firmware_says) {
    ASSERT_TRUE(out.rows.count(name)) << name;
    nlohmann::json& row = out.rows[name];
    int64_t padding = row["size"].get<int64_t>() - static_cast<int64_t>(use.second);
    EXPECT_GE(padding, 0) << name << ": a stack of " << row["size"] << " bytes, the firmware's " << use.second;
    EXPECT_LE(padding, max_padding) << name << ": a stack of " << row["size"] << " bytes, the firmware's " << use.second;
    padding = std::clamp<int64_t>(padding, 0, max_padding);
    EXPECT_EQ(row["peak_bytes"].get<int64_t>(), static_cast<int64_t>(use.first) + padding) << name;
  }
}

TEST(RtosCliTest, EachTaskStackPeakMatchesTheFirmwaresOwnHighWaterMark) {
  // Static buffers (xTaskCreateStatic): each row named after the task its
  // TCB names, the stack being the whole buffer.
  TaskStackRun s;
  ASSERT_NO_FATAL_FAILURE(run_and_match_task_stacks("rtos_periodic", s));
  auto& rows = s.rows;
  for (const auto& [name, use] : s.firmware_says) {
    EXPECT_EQ(rows[name]["object"], name + "_stack") << name;
    EXPECT_NE(rows[name]["tcb"], 0) << name;
    EXPECT_EQ(rows[name]["fill"], 0xa5a5a5a5u) << name;
    EXPECT_GT(rows[name]["runs"], 1) << name;
  }
  ASSERT_TRUE(rows.count("IDLE"));
  EXPECT_EQ(rows["IDLE"]["object"], "idle_stack");
  EXPECT_EQ(rows["IDLE"]["size"], 4096);
  EXPECT_GT(rows["IDLE"]["peak_bytes"], 0);
  // The main stack is the handlers' after the scheduler starts: its peak is
  // not a task's stack pointer read as main-stack depth (the whole 16 KiB
  // reserved stack before thread stacks were told apart).
  EXPECT_LT(s.run.json["memory"]["stack_peak"].get<uint64_t>(), 4096u);
}

TEST(RtosCliTest, HeapTaskStacksAreToldApartByTheirTcbAndHeapBlock) {
  // xTaskCreate: every stack in one heap_4-shaped ucHeap. Before task
  // awareness they were one row, "ucHeap", with the deepest task's peak.
  // Each stack is its heap block less the block's header.
  TaskStackRun s;
  ASSERT_NO_FATAL_FAILURE(run_and_match_task_stacks("rtos_heap_periodic", s));
  auto& rows = s.rows;
  for (const auto& [name, use] : s.firmware_says) {
    EXPECT_EQ(rows[name]["object"], "ucHeap") << name;
    EXPECT_NE(rows[name]["tcb"], 0) << name;
    EXPECT_EQ(rows[name]["fill"], 0xa5a5a5a5u) << name;
  }
  ASSERT_TRUE(rows.count("IDLE"));
  EXPECT_EQ(rows["IDLE"]["size"], 4096);
  // Three blocks one after the other in the heap, none overlapping.
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (const auto& [name, row] : rows) ranges.push_back({row["base"], row["base"].get<uint64_t>() + row["size"].get<uint64_t>()});
  std::sort(ranges.begin(), ranges.end());
  for (size_t i = 1; i < ranges.size(); ++i) EXPECT_LE(ranges[i - 1].second, ranges[i].first);
  // The terminal table names the tasks and where their stacks are.
  testing::CliResult r = run_cli("run --profile " + firmware("rtos_heap_periodic"));
  EXPECT_EQ(r.status, 0) << r.err;
  std::string report = r.out + r.err;
  EXPECT_TRUE(std::regex_search(report, std::regex(R"(\n +thread stack +stack in +size +peak)"))) << report;
  for (const char* task : {"infer", "worker", "IDLE"})
    EXPECT_TRUE(std::regex_search(report, std::regex(std::string(R"(\n +)") + task + R"( +ucHeap +\d)"))) << task << "\n" << report;
}

TEST(RtosCliTest, CmsisRtos2WrapperTasksWithCubeTcbFieldsAreNamedAndBounded) {
  // STM32Cube's cmsis_os2.c over FreeRTOS: osThreadNew gives infer to
  // xTaskCreateStatic (CubeMX's inferTaskBuffer and control block), worker
  // and IDLE to xTaskCreate (heap_4); the TCB carries pxEndOfStack,
  // uxCriticalNesting, uxTCBNumber, uxTaskNumber, uxBasePriority and
  // uxMutexesHeld after pcTaskName, which moves none of the fields read.
  TaskStackRun s;
  ASSERT_NO_FATAL_FAILURE(run_and_match_task_stacks("rtos_cmsis_os2_periodic", s));
  auto& rows = s.rows;
  EXPECT_EQ(rows["infer"]["object"], "inferTaskBuffer");
  EXPECT_EQ(rows["worker"]["object"], "ucHeap");
  ASSERT_TRUE(rows.count("IDLE"));
  EXPECT_EQ(rows["IDLE"]["object"], "ucHeap");
}

TEST(RtosCliTest, HeapOneStacksEndWhereTheirTcbBegins) {
  // heap_1: blocks handed out in order, no header. Before, the first task's
  // stack (at ucHeap's start) was taken for a static buffer of the whole
  // 8 KiB array and the three tasks were one row.
  TaskStackRun s;
  ASSERT_NO_FATAL_FAILURE(run_and_match_task_stacks("rtos_heap1_periodic", s));
  auto& rows = s.rows;
  for (const auto& [name, use] : s.firmware_says) EXPECT_EQ(rows[name]["object"], "ucHeap") << name;
  ASSERT_TRUE(rows.count("IDLE"));
  EXPECT_EQ(rows["IDLE"]["size"], 4096);
}

TEST(RtosCliTest, HeapThreeStacksAreBoundedByTheirMallocChunk) {
  // heap_3: the stacks come from newlib's malloc, in no ELF object. Before,
  // they were not measured at all. A chunk may be up to 4 bytes (malloc's
  // padding) larger than the request; the peak counts from the chunk's end.
  TaskStackRun s;
  ASSERT_NO_FATAL_FAILURE(run_and_match_task_stacks("rtos_heap3_periodic", s, /*max_padding=*/4));
  auto& rows = s.rows;
  for (const auto& [name, use] : s.firmware_says) {
    EXPECT_EQ(rows[name]["object"], "malloc heap") << name;
    EXPECT_NE(rows[name]["tcb"], 0) << name;
  }
  EXPECT_TRUE(rows.count("IDLE"));
}

TEST(RtosCliTest, TcbThatDoesNotCheckOutFallsBackToTheHeapObject) {
  // The TCBs' list items do not point back to them (another layout): no
  // task is named from a guess; the heap is one row, named after the object.
  ProfiledRun run = profile("rtos_heap_unknown_tcb");
  auto rows = thread_stack_rows(run.json);
  ASSERT_EQ(rows.size(), 1u) << run.json["memory"]["thread_stacks"].dump();
  ASSERT_TRUE(rows.count("ucHeap"));
  EXPECT_EQ(rows["ucHeap"]["object"], "ucHeap");
  EXPECT_EQ(rows["ucHeap"]["tcb"], 0);
  EXPECT_EQ(rows["ucHeap"]["size"], 8192);
  // The deepest of the three: at least the firmware's figure for each.
  for (const auto& [name, use] : firmware_stack_use(run.out)) EXPECT_GE(rows["ucHeap"]["peak_bytes"], use.first) << name;
}

TEST(RtosCliTest, IdleTaskBetweenPeriodicInferencesIsNotTakenForStuck) {
  // 10 inferences 100 ms apart; the idle task sleeps in WFI with the same
  // registers between them, for longer than the idle limit in total.
  testing::CliResult r = run_cli("run --quiet --idle-limit 0.3 " + firmware("rtos_periodic"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("rtos: 10 periodic inferences"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace mcusim

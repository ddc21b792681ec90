// What a user running an RTOS (FreeRTOS's shape: tasks on the PSP, PendSV
// switches, SysTick preemption, an idle task in WFI) sees from `mcusim run`:
// each task's functions on the task's own call stack, inclusive times that
// count a task's own time, each task's stack use, and an idle task that is
// not taken for stuck firmware. Firmware: tests/firmware/rtos.c.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli_runner.h"

namespace mcusim {
namespace {

using testing::firmware;
using testing::run_cli;
using testing::slurp;

const char* const kTasks[] = {"infer_task", "worker_task", "idle_task"};

struct RtosRun {
  nlohmann::json json;
  std::string folded, out;
};

RtosRun profile(const std::string& elf, const std::string& options = "") {
  std::string base = ::testing::TempDir() + "rtos_" + std::to_string(::getpid()) + "_" + elf;
  testing::CliResult r = run_cli("run --quiet " + options + " --json " + base + ".json --folded " + base + ".folded " +
                                 firmware(elf));
  EXPECT_EQ(r.status, 0) << r.err;
  return {nlohmann::json::parse(slurp(base + ".json")), slurp(base + ".folded"), r.out};
}

const nlohmann::json& function_named(const nlohmann::json& profile, const std::string& name) {
  for (const auto& f : profile["functions"])
    if (f["name"] == name) return f;
  static const nlohmann::json none;
  ADD_FAILURE() << "no function " << name;
  return none;
}

TEST(RtosCliTest, EachTaskRunsOnItsOwnCallStack) {
  RtosRun run = profile("t_rtos_m4");
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
  RtosRun run = profile("t_rtos_m4");
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

TEST(RtosCliTest, EachTaskStackPeakMatchesTheFirmwaresOwnHighWaterMark) {
  RtosRun run = profile("rtos_periodic");
  std::map<std::string, uint64_t> firmware_says;
  std::regex used(R"(rtos: (\w+) stack used (\d+) of (\d+) bytes)");
  for (std::sregex_iterator it(run.out.begin(), run.out.end(), used), end; it != end; ++it)
    firmware_says[(*it)[1].str() + "_stack"] = std::stoull((*it)[2]);
  ASSERT_EQ(firmware_says.size(), 2u) << run.out;
  std::map<std::string, nlohmann::json> rows;
  for (const auto& s : run.json["memory"]["thread_stacks"]) rows[s["name"]] = s;
  ASSERT_EQ(rows.size(), 3u) << run.json["memory"]["thread_stacks"].dump();
  for (const auto& [name, bytes] : firmware_says) {
    ASSERT_TRUE(rows.count(name)) << name;
    EXPECT_EQ(rows[name]["peak_bytes"], bytes) << name;
    EXPECT_EQ(rows[name]["fill"], 0xa5a5a5a5u) << name;
    EXPECT_GT(rows[name]["runs"], 1) << name;
  }
  EXPECT_EQ(rows["idle_stack"]["size"], 4096);
  EXPECT_GT(rows["idle_stack"]["peak_bytes"], 0);
  // The main stack is the handlers' after the scheduler starts: its peak is
  // not a task's stack pointer read as main-stack depth (the whole 16 KiB
  // reserved stack before thread stacks were told apart).
  EXPECT_LT(run.json["memory"]["stack_peak"].get<uint64_t>(), 4096u);
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

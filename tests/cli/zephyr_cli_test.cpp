// What a user running firmware in Zephyr's Cortex-M shape sees from
// `mcusim run`: every thread on its own call stack, the main thread too,
// which Zephyr enters by a jump on a new PSP rather than by an exception
// return; one stack row per thread; an idle thread in WFI between periodic
// work that is not taken for stuck firmware, and firmware whose threads all
// sleep for good that is. Firmware: tests/firmware/zephyr/.
#include <gtest/gtest.h>

#include <array>
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

ProfiledRun profile(const std::string& elf, const std::string& options = "") {
  return profiled_run("zephyr", elf, options);
}

std::vector<std::string> folded_paths(const std::string& folded) {
  std::vector<std::string> paths;
  std::istringstream lines(folded);
  for (std::string line; std::getline(lines, line);) paths.push_back(line.substr(0, line.rfind(' ')));
  return paths;
}

bool on_path(const std::string& path, const std::string& function) {
  return (";" + path + ";").find(";" + function + ";") != std::string::npos;
}

TEST(ZephyrCliTest, MainThreadEnteredByAJumpRunsOnItsOwnCallStack) {
  ProfiledRun run = profile("t_zephyr_m4");
  // Which thread's entry a function may appear under.
  const std::map<std::string, std::string> owner = {{"main", "z_thread_entry;bg_thread_main;main"},
                                                    {"run_inference", "z_thread_entry;inference_thread"},
                                                    {"dot_s8", "z_thread_entry;inference_thread"},
                                                    {"sample_sensor", "z_thread_entry;timer_thread"},
                                                    {"k_cpu_idle", "z_thread_entry;idle"}};
  int main_paths = 0;
  for (const std::string& path : folded_paths(run.folded)) {
    // Boot code (z_arm_reset ... arch_switch_to_main_thread) is a thread of
    // its own that ends at the jump: no thread runs under it.
    if (on_path(path, "z_arm_reset")) EXPECT_FALSE(on_path(path, "z_thread_entry")) << path;
    for (const auto& [function, thread] : owner)
      if (on_path(path, function)) EXPECT_TRUE(path.starts_with(thread)) << function << " outside " << thread << ": " << path;
    main_paths += path.starts_with("z_thread_entry;bg_thread_main;main");
  }
  EXPECT_GT(main_paths, 3) << run.folded;
  EXPECT_NE(run.out.find("zephyr: PASS"), std::string::npos) << run.out;
}

TEST(ZephyrCliTest, ThreadInclusiveCyclesAddUpToTheRun) {
  ProfiledRun run = profile("t_zephyr_m4");
  uint64_t cycles = run.json["totals"]["cycles"];
  // The boot thread and the four threads (main's entry is z_thread_entry
  // too: one function, four outermost frames) cover every cycle once.
  uint64_t threads = function_named(run.json, "z_arm_reset")["total_cycles"].get<uint64_t>() +
                     function_named(run.json, "z_thread_entry")["total_cycles"].get<uint64_t>();
  EXPECT_LE(threads, cycles);
  EXPECT_GE(threads, cycles - cycles / 100) << "within 1% of the run's " << cycles << " cycles";
  EXPECT_LE(function_named(run.json, "main")["total_cycles"].get<uint64_t>(),
            function_named(run.json, "bg_thread_main")["total_cycles"].get<uint64_t>());
}

// Boot and the threads cover the run once: the sum of the outermost frames'
// inclusive cycles of `roots` equals the run's cycles, and no thread's code
// sits under the boot function or under another thread's entry.
void expect_threads_cover_the_run(const ProfiledRun& run, const std::vector<std::string>& roots,
                                  const std::string& main_prefix) {
  uint64_t cycles = run.json["totals"]["cycles"], covered = 0;
  for (const std::string& root : roots) covered += function_named(run.json, root)["total_cycles"].get<uint64_t>();
  EXPECT_EQ(covered, cycles) << "boot and threads against the run";
  int main_paths = 0;
  for (const std::string& path : folded_paths(run.folded)) {
    if (on_path(path, "z_arm_reset")) {
      EXPECT_FALSE(on_path(path, "bg_thread_main")) << path;
      EXPECT_FALSE(on_path(path, "z_thread_entry")) << path;
    }
    if (on_path(path, "main")) EXPECT_TRUE(path.starts_with(main_prefix)) << path;
    if (on_path(path, "dot_s8") && !on_path(path, "bg_thread_main"))
      EXPECT_TRUE(path.starts_with("z_thread_entry;inference_thread")) << path;
    main_paths += path.starts_with(main_prefix);
  }
  EXPECT_GT(main_paths, 3) << run.folded;
  EXPECT_NE(run.out.find("zephyr: PASS"), std::string::npos) << run.out;
}

TEST(ZephyrCliTest, MainThreadEnteredByACallFromItsStackSelectorRunsOnItsOwnCallStack) {
  // Zephyr 2.x to 3.4: boot on the PSP, MSR PSP, unlock, BL z_thread_entry
  // (a call that never returns).
  expect_threads_cover_the_run(profile("zephyr_entry_bl"), {"z_arm_reset", "z_thread_entry"},
                               "z_thread_entry;bg_thread_main;main");
}

TEST(ZephyrCliTest, MainThreadEnteredByAJumpAfterACalledUnlockRunsOnItsOwnCallStack) {
  // Zephyr 3.5 on: MSR PSP, BLX to arch_irq_unlock_outlined (returns), BX z_thread_entry.
  expect_threads_cover_the_run(profile("zephyr_entry_unlock_call"), {"z_arm_reset", "z_thread_entry"},
                               "z_thread_entry;bg_thread_main;main");
}

TEST(ZephyrCliTest, MainCalledWithoutMultithreadingRunsOnItsOwnCallStack) {
  // z_arm_switch_to_main_no_multithreading: MSR PSP, BLX unlock, BLX main_entry.
  ProfiledRun run = profile("zephyr_no_multithreading");
  expect_threads_cover_the_run(run, {"z_arm_reset", "bg_thread_main"}, "bg_thread_main;main");
  EXPECT_GT(function_named(run.json, "sys_clock_isr")["calls"].get<uint64_t>(), 0u) << "ticks during main";
}

TEST(ZephyrCliTest, ThreadStartSurvivesATickTakenAtItsFirstInstruction) {
  // SysTick is pended in the block that sets CONTROL.SPSEL: the exception
  // comes before the next block's hook saw the new stack.
  expect_threads_cover_the_run(profile("zephyr_irq_at_thread_start"), {"z_arm_reset", "z_thread_entry"},
                               "z_thread_entry;bg_thread_main;main");
}

TEST(ZephyrCliTest, BootOnThePspInTheInterruptStackHasAStackRow) {
  // Zephyr 2.x on: z_arm_reset moves the PSP to z_interrupt_stacks' top
  // (the MSP's object, whose depth is the main stack's) and boots on it up
  // to the main thread's start: that stack has a row of its own, from the
  // reset handler's MSR to the first switch.
  ProfiledRun run = profile("zephyr_entry_bl");
  const nlohmann::json* boot = nullptr;
  uint64_t row_cycles = 0;
  for (const auto& s : run.json["memory"]["thread_stacks"]) {
    if (s["name"] == "z_interrupt_stacks") boot = &s;
    row_cycles += s["cycles"].get<uint64_t>();
  }
  ASSERT_NE(boot, nullptr) << run.json["memory"]["thread_stacks"].dump();
  EXPECT_EQ((*boot)["object"], "z_interrupt_stacks");
  EXPECT_EQ((*boot)["runs"], 1) << "the boot runs once, up to the main thread";
  EXPECT_GT((*boot)["peak_bytes"], 0);
  EXPECT_LT((*boot)["peak_bytes"], (*boot)["size"]);
  // With the boot's row, the rows cover the run from the reset handler's
  // MSR PSP on: everything but its first few instructions on the MSP.
  uint64_t cycles = run.json["totals"]["cycles"];
  EXPECT_LE(row_cycles, cycles);
  EXPECT_GE(row_cycles + 100, cycles) << row_cycles << " of " << cycles;
}

TEST(ZephyrCliTest, TicklessSleepTakesOneSysTickInterruptPerReprogrammedTimeout) {
  // CONFIG_TICKLESS_KERNEL: the idle thread sets SysTick's LOAD to the next
  // timeout (670 ticks at most in 24 bits at 25 MHz); the time to it is
  // skipped at once, and DWT CYCCNT counts it.
  ProfiledRun run = profile("zephyr_tickless");
  std::regex line(R"(tickless: k_msleep\((\d+)\): (\d+) cycles, (\d+) ticks, (\d+) SysTick interrupts)");
  std::map<uint64_t, std::array<uint64_t, 3>> slept;  // ms -> cycles, ticks, interrupts
  for (std::sregex_iterator it(run.out.begin(), run.out.end(), line), end; it != end; ++it)
    slept[std::stoull((*it)[1])] = {std::stoull((*it)[2]), std::stoull((*it)[3]), std::stoull((*it)[4])};
  ASSERT_EQ(slept.size(), 2u) << run.out;
  const uint64_t per_tick = 25'000;  // mps2-an386: 25 MHz, 1000 ticks a second
  for (const auto& [ms, got] : slept) {
    auto [cycles, ticks, interrupts] = got;
    // Woken at the (ms+1)-th tick boundary from the one in progress: more
    // than ms ticks, not more than ms+1 (and what the wake-up runs).
    EXPECT_GE(cycles, ms * per_tick) << ms;
    EXPECT_LE(cycles, (ms + 1) * per_tick + 2'000) << ms;
    EXPECT_GE(ticks, ms) << ms;
    EXPECT_LE(ticks, ms + 1) << ms;
    EXPECT_EQ(interrupts, (ms + 1 + 669) / 670) << ms << " ms: one interrupt per 24-bit LOAD";
  }
  uint64_t cycles = run.json["totals"]["cycles"], instructions = run.json["totals"]["instructions"];
  EXPECT_GE(cycles, 2000 * per_tick);
  EXPECT_LT(instructions * 20, cycles) << "the idle time was skipped, not run";
  EXPECT_NE(run.out.find("zephyr: PASS"), std::string::npos) << run.out;
}

TEST(ZephyrCliTest, TicklessIdleForeverStopsSysTickAndTheRunAtOnce) {
  // Every thread asleep forever: the idle thread stops SysTick (CTRL.ENABLE
  // cleared, TICKINT left set) and waits in WFI; nothing can end it.
  testing::CliResult r = run_cli("run --quiet " + firmware("zephyr_tickless_all_asleep"));
  EXPECT_EQ(r.status, 124) << r.err;
  EXPECT_NE(r.out.find("every thread sleeps forever"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("waits for an interrupt (WFI/WFE) at pc"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" in k_cpu_idle"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no enabled interrupt can ever end it (SysTick is stopped (SYST_CSR.ENABLE is 0"),
            std::string::npos)
      << r.err;
}

TEST(ZephyrCliTest, EachThreadIncludingMainHasAStackRowMatchingTheFirmwaresOwnCount) {
  ProfiledRun run = profile("zephyr_periodic");
  std::map<std::string, uint64_t> firmware_says;  // thread name -> bytes used
  std::regex used(R"(stack (\w+): (\d+) of (\d+) bytes used)");
  for (std::sregex_iterator it(run.out.begin(), run.out.end(), used), end; it != end; ++it)
    firmware_says[(*it)[1].str()] = std::stoull((*it)[2]);
  ASSERT_EQ(firmware_says.size(), 4u) << run.out;
  std::map<std::string, nlohmann::json> rows;
  for (const auto& s : run.json["memory"]["thread_stacks"]) rows[s["name"]] = s;
  ASSERT_EQ(rows.size(), 4u) << run.json["memory"]["thread_stacks"].dump();
  const std::map<std::string, std::string> stack_of = {
      {"main", "z_main_stack"}, {"inference", "inference_stack"}, {"timer", "timer_stack"}, {"idle", "z_idle_stacks"}};
  for (const auto& [thread, stack] : stack_of) {
    ASSERT_TRUE(rows.count(stack)) << stack;
    // The firmware counts bytes still 0xaa, as k_thread_stack_space_get
    // does; mcusim counts words: the same figure rounded up to a word.
    EXPECT_EQ(rows[stack]["peak_bytes"], (firmware_says[thread] + 3) / 4 * 4) << stack;
    EXPECT_EQ(rows[stack]["fill"], 0xaaaaaaaau) << stack;
    EXPECT_GT(rows[stack]["cycles"], 0) << stack;
  }
  // The handlers' stack is the interrupt stack, the MSP: no thread's row.
  EXPECT_EQ(rows.count("z_interrupt_stacks"), 0u);
  EXPECT_GT(run.json["memory"]["stack_peak"].get<uint64_t>(), 0u);
  EXPECT_LE(run.json["memory"]["stack_peak"].get<uint64_t>(), 2048u);
}

TEST(ZephyrCliTest, IdleThreadSleepingBetweenPeriodicInferencesIsNotTakenForStuck) {
  // 10 inferences 50 ms apart: the idle thread waits in WFI (PRIMASK set)
  // with the same registers far longer than the limit in total, though
  // never that long at once.
  testing::CliResult r = run_cli("run --quiet --idle-limit 0.1 " + firmware("zephyr_periodic"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("zephyr: PASS"), std::string::npos) << r.out;
}

TEST(ZephyrCliTest, EveryThreadAsleepForeverIsStoppedAfterTheIdleLimit) {
  testing::CliResult r = run_cli("run --quiet --idle-limit 0.2 " + firmware("zephyr_all_asleep"));
  EXPECT_EQ(r.status, 124) << r.err;
  EXPECT_NE(r.out.find("every thread sleeps forever"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("the firmware idles: it waits for an interrupt (WFI/WFE) at pc"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" in k_cpu_idle"), std::string::npos) << r.err;
}

TEST(ZephyrCliTest, IdleWfiWithTheTickStoppedIsStoppedAtOnce) {
  testing::CliResult r = run_cli("run --quiet " + firmware("zephyr_tick_stopped"));
  EXPECT_EQ(r.status, 124) << r.err;
  EXPECT_NE(r.err.find("waits for an interrupt (WFI/WFE) at pc"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(" in k_cpu_idle"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no enabled interrupt can ever end it"), std::string::npos) << r.err;
}

TEST(ZephyrCliTest, IdleWfiUnderTheBasepriLockIsStoppedAtOnce) {
  // WFI wakes for an interrupt PRIMASK masks, not for one BASEPRI masks:
  // on the board this idle thread never wakes again.
  testing::CliResult r = run_cli("run --quiet " + firmware("zephyr_idle_keeps_basepri"));
  EXPECT_EQ(r.status, 124) << r.err;
  EXPECT_NE(r.out.find("irq_offload: ran 1"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("k_msleep(10)"), std::string::npos) << "stopped in the first sleep: " << r.out;
  EXPECT_NE(r.err.find("no enabled interrupt can ever end it: BASEPRI 0x20 masks every enabled interrupt"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace mcusim

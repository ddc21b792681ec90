#include "sim/sweep/sweep.h"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>

#include "sim/errors.h"

namespace mcusim {

namespace {

// What each stop reason is called in a row (the JSON report's stop_reason).
const char* const kStatusOf[] = {"exit", "fault", "limit", "limit", "limit", "limit", "limit"};

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f) std::fclose(f);
  }
};

SweepRow error_row(const SweepJob& job, const std::string& message) {
  SweepRow row;
  row.job = job;
  row.status = "error";
  row.exit_code = kExitInputError;
  row.reason = message;
  return row;
}

}  // namespace

std::vector<SweepJob> expand_jobs(const std::vector<std::string>& elfs, const std::vector<std::string>& boards,
                                  const std::vector<std::string>& timings) {
  std::vector<SweepJob> jobs;
  for (const std::string& e : elfs)
    for (const std::string& b : boards)
      for (const std::string& t : timings) jobs.push_back({e, b, t});
  return jobs;
}

std::vector<SweepJob> shard_jobs(const std::vector<SweepJob>& jobs, unsigned index, unsigned count) {
  return shard_items(jobs, index, count);
}

std::pair<unsigned, unsigned> parse_shard(const std::string& text) {
  unsigned i = 0, n = 0;
  char slash = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%u %c %u %c", &i, &slash, &n, &extra) != 3 || slash != '/' || n == 0 || i == 0 || i > n)
    throw InputError(fmt::format("--shard: '{}' is not I/N with 1 <= I <= N", text));
  return {i - 1, n};
}

SweepRow run_job(const SweepJob& job, const RunOptions& base, const Budget& budget, std::optional<Profile>* profile_out) {
  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  RunOptions options = base;
  options.timing = job.timing;
  options.profile = true;
  std::unique_ptr<std::FILE, FileCloser> sink(std::fopen("/dev/null", "w"));
  if (!sink) return error_row(job, "cannot open /dev/null for the firmware's output");
  options.firmware_out = sink.get();
  options.messages = sink.get();
  SweepRow row;
  row.job = job;
  try {
    Simulator sim(load_board(job.board), ElfImage::load(job.elf), options);
    RunResult result = sim.run();
    std::optional<Profile> profile = sim.take_profile();
    row.exit_code = result.process_exit_code();
    row.instructions = result.instructions;
    row.cycles = result.cycles;
    row.ms = result.seconds * 1e3;  // at the core clock in force (the firmware may change it)
    if (profile) {
      row.flash = profile->memory.flash_used;
      row.peak_sram = profile->memory.peak_sram();
    }
    if (result.reason != StopReason::Exited) {
      row.status = kStatusOf[static_cast<int>(result.reason)];
      row.reason = result.fault ? result.fault->kind + ": " + result.fault->detail : result.message;
    } else if (result.firmware_exit_code != 0) {
      row.status = "exit";
      row.reason = fmt::format("firmware exited with {}", result.firmware_exit_code);
    } else {
      row.budget = check_budget(*profile, budget);
      row.ok = budget_passed(row.budget);
      row.status = row.ok ? "pass" : "over-budget";
      for (const BudgetLine& l : row.budget)
        if (!l.pass) row.reason += (row.reason.empty() ? "" : "; ") + l.what + " over budget";
    }
    if (profile_out) *profile_out = std::move(profile);
  } catch (const std::exception& e) {
    row = error_row(job, e.what());
  }
  row.host_seconds = elapsed();
  return row;
}

unsigned default_workers() { return std::max(1u, std::thread::hardware_concurrency()); }

void run_parallel(size_t count, unsigned workers, const std::function<void(size_t)>& work_on,
                  const std::function<void(size_t)>& report_on) {
  if (workers == 0) workers = default_workers();
  workers = std::min<unsigned>(workers, std::max<size_t>(count, 1));
  std::atomic<size_t> next{0};
  std::mutex report;
  std::exception_ptr failure;  // from report_on (e.g. the output disk is full): ends the run
  auto work = [&] {
    for (size_t i = next++; i < count; i = next++) {
      work_on(i);
      std::lock_guard lock(report);
      if (failure) return;
      try {
        report_on(i);
      } catch (...) {
        failure = std::current_exception();
        next = count;
        return;
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned w = 1; w < workers; ++w) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

void run_sweep(const std::vector<SweepJob>& jobs, unsigned workers, const RunOptions& base, const Budget& budget,
               const std::function<void(const SweepRow&)>& on_row) {
  std::vector<SweepRow> rows(jobs.size());
  run_parallel(
      jobs.size(), workers, [&](size_t i) { rows[i] = run_job(jobs[i], base, budget); },
      [&](size_t i) { on_row(rows[i]); });
}

}  // namespace mcusim

// Many runs: ELFs x boards x timing modes, one simulator per worker thread,
// one row per run. Shared by `mcusim sweep`, mcusim.sweep() and
// mcusim.dask.sweep(), so every front end produces the same rows.
//
// Simulators share no state (each owns its Unicorn and Capstone handles; the
// library keeps no mutable globals), so workers are plain threads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "profiler/report/budget.h"
#include "sim/simulator.h"

namespace mcusim {

struct SweepJob {
  std::string elf, board, timing;
  // "elf|board|timing": what --resume compares.
  std::string key() const { return elf + "|" + board + "|" + timing; }
};

// One run's outcome. A run that could not start (bad ELF, image does not fit
// the board) or stopped early is a row with ok = false and its reason, never
// an exception.
struct SweepRow {
  SweepJob job;
  bool ok = false;          // exited 0 and every budget met
  std::string status;       // "pass", "over-budget", "exit", "fault", "limit", "error"
  int exit_code = 0;        // as the CLI's (firmware code, 124, 125, 126)
  std::string reason;       // stop reason / error message; "" when it passed
  uint64_t instructions = 0, cycles = 0;
  double ms = 0;            // at the board clock
  uint64_t flash = 0, peak_sram = 0;
  std::vector<BudgetLine> budget;  // check_budget() lines (empty when the run did not finish)
  double host_seconds = 0;  // wall time of the whole job (load + simulate + check)
};

// The cross product, in ELF, board, timing order.
std::vector<SweepJob> expand_jobs(const std::vector<std::string>& elfs, const std::vector<std::string>& boards,
                                  const std::vector<std::string>& timings);
// Shard `index` of `count` (0-based): jobs i with i % count == index, so
// shards are disjoint, cover all jobs and need no coordinator.
template <typename T>
std::vector<T> shard_items(const std::vector<T>& items, unsigned index, unsigned count) {
  std::vector<T> mine;
  for (size_t i = index; i < items.size(); i += count) mine.push_back(items[i]);
  return mine;
}
std::vector<SweepJob> shard_jobs(const std::vector<SweepJob>& jobs, unsigned index, unsigned count);
// "I/N" with I in 1..N (a Slurm `--array=1-N` task id) -> 0-based index and
// count. Throws InputError on anything else.
std::pair<unsigned, unsigned> parse_shard(const std::string& text);

// Runs one job with profiling (peak SRAM needs it); firmware output and
// messages are discarded. `base` supplies limits and checks. `profile`, when
// given, receives the run's profile (per-layer figures, the arena).
SweepRow run_job(const SweepJob& job, const RunOptions& base, const Budget& budget,
                 std::optional<Profile>* profile = nullptr);

// Calls work(i) for i in [0, count) on `workers` threads (0: all cores), then
// report(i) for each finished item, one call at a time, in completion order.
// An exception from report ends the run and is rethrown.
void run_parallel(size_t count, unsigned workers, const std::function<void(size_t)>& work,
                  const std::function<void(size_t)>& report);

// Runs `jobs` on `workers` threads (0: all cores); `on_row` is called for each
// finished row, one call at a time, in completion order.
void run_sweep(const std::vector<SweepJob>& jobs, unsigned workers, const RunOptions& base, const Budget& budget,
               const std::function<void(const SweepRow&)>& on_row);

unsigned default_workers();

}  // namespace mcusim

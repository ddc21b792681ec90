// mcusim sweep: ELFs x boards x timing modes on all cores, one row per run
// streamed to CSV / JSON Lines as runs finish, with --resume and --shard for
// long and distributed sweeps. The work itself is sim/sweep (shared with the
// Python module).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <map>

#include "profiler/report/format.h"
#include "profiler/report/text_table.h"
#include "sim/cli/budget_options.h"
#include "sim/cli/commands.h"
#include "sim/cli/progress_bar.h"
#include "sim/cli/run_options.h"
#include "sim/errors.h"
#include "sim/sweep/sweep.h"
#include "sim/sweep/sweep_output.h"

namespace mcusim::cli {

namespace {

struct SweepRequest {
  std::vector<std::string> elfs, boards, timings;
  std::vector<SweepJob> listed;  // --job-list: explicit ELF, board[, timing] lines
  RunSettings run;  // limits and checks shared by every job
  Budget budget;
  unsigned jobs = 0;  // 0: all cores
  std::string csv, jsonl;
  bool resume = false;
  unsigned shard_index = 0, shard_count = 1;
};


// Lines "ELF BOARD [TIMING]" ('#' comments): jobs that are not a cross
// product, e.g. each sample on the board it was built for. No timing: each
// --timing mode.
void read_job_list(const std::string& path, std::vector<SweepJob>& jobs) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("--job-list: cannot read {}", path));
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream words(line.substr(0, line.find('#')));
    SweepJob job;
    std::string extra;
    if (!(words >> job.elf)) continue;
    if (!(words >> job.board) || (words >> job.timing && words >> extra))
      throw InputError(fmt::format("{}:{}: expected 'ELF BOARD [TIMING]'", path, number));
    jobs.push_back(job);
  }
}

void add_sweep_options(CLI::App& app, SweepRequest& s) {
  app.add_option("ELF", s.elfs, "firmware ELFs, each run on every board and timing mode");
  add_repeatable(app, "--board", "A,B", fmt::format("boards (repeatable; default: {})", RunSettings{}.board),
                 [&s](const std::string& v) { add_comma_list(s.boards, v, "--board"); });
  add_repeatable(app, "--timing", "M,N", fmt::format("timing modes (repeatable; default: {})", RunOptions{}.timing),
                 [&s](const std::string& v) { add_comma_list(s.timings, v, "--timing"); });
  add_value(app, "--job-list", "FILE", "also run the jobs listed, one 'ELF BOARD [TIMING]' a line",
            [&s](const std::string& v) { read_job_list(v, s.listed); });
  add_value(app, "-j,--jobs", "N", "worker threads (default: all cores)", [&s](const std::string& v) {
    uint64_t n = parse_count(v, "--jobs");
    if (n == 0 || n > 4096) throw InputError(fmt::format("--jobs: '{}' is not between 1 and 4096", n));
    s.jobs = static_cast<unsigned>(n);
  });
  add_value(app, "--csv", "FILE", "rows as CSV, appended and flushed per row", [&s](const std::string& v) { s.csv = v; });
  add_value(app, "--jsonl", "FILE", "rows as JSON Lines, appended and flushed per row", [&s](const std::string& v) { s.jsonl = v; });
  add_switch(app, "--resume", "run only the jobs not already in the output files", [&s] { s.resume = true; });
  add_value(app, "--shard", "I/N", "run only jobs i with i mod N = I-1 (Slurm: --shard $SLURM_ARRAY_TASK_ID/N)",
            [&s](const std::string& v) { std::tie(s.shard_index, s.shard_count) = parse_shard(v); });
}

void finish_sweep(const CLI::App& app, SweepRequest& s) {
  for (std::string& elf : extra_positionals(app)) s.elfs.push_back(elf);
  if (s.elfs.empty() && s.listed.empty()) throw InputError("sweep: no firmware ELF given (usage: mcusim sweep [--board A,B] [--timing fast,accurate] ELF...)");
  if (s.boards.empty()) s.boards.push_back(s.run.board);
  if (s.timings.empty()) s.timings.push_back(s.run.options.timing);
}

std::string summary(const std::vector<SweepRow>& rows, size_t skipped, double wall_s, unsigned workers) {
  struct Group {
    size_t runs = 0, passed = 0;
    double min_ms = 1e300, max_ms = 0;
  };
  std::map<std::pair<std::string, std::string>, Group> groups;
  for (const SweepRow& r : rows) {
    Group& g = groups[{r.job.board, r.job.timing}];
    ++g.runs;
    g.passed += r.ok;
    if (r.cycles) g.min_ms = std::min(g.min_ms, r.ms), g.max_ms = std::max(g.max_ms, r.ms);
  }
  TextTable table({"board", "timing", "runs", "passed", "failed", "fastest", "slowest"}, {TextTable::Left, TextTable::Left});
  for (const auto& [key, g] : groups)
    table.add_row({key.first, key.second, std::to_string(g.runs), std::to_string(g.passed), std::to_string(g.runs - g.passed),
                   g.max_ms > 0 ? human_seconds(g.min_ms / 1e3) : "-", g.max_ms > 0 ? human_seconds(g.max_ms / 1e3) : "-"});
  std::string out = "\n" + table.to_text();
  size_t failed = 0;
  TextTable failures({"elf", "board", "timing", "status", "reason"}, {TextTable::Left, TextTable::Left, TextTable::Left, TextTable::Left, TextTable::Left});
  for (const SweepRow& r : rows) {
    if (r.ok) continue;
    if (++failed <= 20) failures.add_row({r.job.elf, r.job.board, r.job.timing, r.status, r.reason});
  }
  if (failed) out += fmt::format("\nfailed runs{}:\n{}", failed > 20 ? " (first 20)" : "", failures.to_text());
  out += fmt::format("\n{} runs in {:.1f} s on {} worker{}: {:.1f} runs/min{}\n", rows.size(), wall_s, workers,
                     workers == 1 ? "" : "s", wall_s > 0 ? static_cast<double>(rows.size()) * 60 / wall_s : 0.0,
                     skipped ? fmt::format(" ({} already in the output, skipped)", skipped) : "");
  return out;
}

int sweep(SweepRequest& s) {
  std::vector<SweepJob> all = expand_jobs(s.elfs, s.boards, s.timings);
  for (const SweepJob& j : s.listed) {
    if (!j.timing.empty()) all.push_back(j);
    else
      for (const std::string& t : s.timings) all.push_back({j.elf, j.board, t});
  }
  std::vector<SweepJob> jobs = shard_jobs(all, s.shard_index, s.shard_count);
  SweepOutput output(s.csv, s.jsonl, s.resume);  // before the run: an unwritable file is an error up front
  size_t skipped = output.skip_done(jobs);
  unsigned workers = s.jobs ? s.jobs : default_workers();
  workers = static_cast<unsigned>(std::min<size_t>(workers, std::max<size_t>(jobs.size(), 1)));

  std::vector<SweepRow> rows;
  ProgressBar progress(jobs.size(), isatty(STDERR_FILENO) != 0);
  auto started = std::chrono::steady_clock::now();
  run_sweep(jobs, workers, s.run.options, s.budget, [&](const SweepRow& row) {
    output.write(row);
    progress.step(!row.ok);
    rows.push_back(row);
  });
  progress.finish();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("{}", summary(rows, skipped, wall, workers));
  bool all_ok = std::all_of(rows.begin(), rows.end(), [](const SweepRow& r) { return r.ok; });
  return all_ok ? 0 : kExitBudgetExceeded;
}

}  // namespace

Command add_sweep_command(CLI::App& mcusim) {
  CLI::App* app = add_command(mcusim, "sweep", "every ELF x board x timing on all cores, a row per run");
  auto s = std::make_shared<SweepRequest>();
  add_sweep_options(*app, *s);
  add_budget_options(*app, s->budget, false);
  add_run_options(*app, s->run, {"--board", "--timing", "--max-cycles"});  // lists and a budget here
  return {app, false, [app, s](std::vector<std::string>) {
            finish_sweep(*app, *s);
            return sweep(*s);
          }};
}

}  // namespace mcusim::cli

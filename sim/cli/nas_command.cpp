// mcusim nas: the TinyNAS loop without hardware (docs/nas.md).
//   nas sample SPACE --count N --seed S --out DIR
//   nas evaluate [options] CANDIDATE.json|DIR...
//   nas report ROWS.jsonl --html FILE [budgets]
//   nas lut, nas predict: latency lookup tables (nas_lut_command.cpp)
// Each subcommand's options are read by one parse_* function into a request
// struct; the work is the library's (sim/nas).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>

#include "profiler/report/format.h"
#include "profiler/report/text_table.h"
#include "sim/cli/budget_options.h"
#include "sim/cli/commands.h"
#include "sim/cli/nas_lut_command.h"
#include "sim/cli/run_options.h"
#include "sim/errors.h"
#include "sim/options/run_option_table.h"
#include "sim/cli/progress_bar.h"
#include "sim/cli/run_options.h"
#include "sim/nas/evaluate.h"
#include "profiler/report/nas_html.h"
#include "sim/nas/nas_rows.h"
#include "sim/nas/sampling.h"

namespace mcusim::cli {

namespace {

namespace fs = std::filesystem;
using namespace mcusim::nas;

struct SampleRequest {
  std::string space, out;
  uint64_t count = 0, seed = 0;
  bool have_count = false;
};

struct EvaluateRequest {
  std::vector<std::string> candidates;  // files or directories
  EvaluateOptions evaluate;
  RunSettings run;  // run options shared by every job (limits, timing)
  std::string csv, jsonl, html;
  bool resume = false;
  unsigned shard_index = 0, shard_count = 1;
};

struct ReportRequest {
  std::string rows, html;
  Budget budget;
};


// Each step's options, registered on its CLI11 subcommand; checks that need
// every option are in the finish_* functions, run after parsing.
void add_sample_options(CLI::App& app, SampleRequest& r) {
  add_value(app, "--count", "N", "how many candidates", [&r](const std::string& v) {
    r.count = parse_count(v, "--count");
    r.have_count = true;
  });
  add_value(app, "--seed", "S", "the sampling seed (default 0)", [&r](const std::string& v) { r.seed = parse_count(v, "--seed"); });
  add_value(app, "--out", "DIR", "where the candidate files go", [&r](const std::string& v) { r.out = v; });
}

void finish_sample(const CLI::App& app, SampleRequest& r) {
  std::vector<std::string> words = extra_positionals(app);
  if (words.size() > 1) throw InputError(fmt::format("nas sample: more than one search space given ('{}' and '{}')", words[0], words[1]));
  if (!words.empty()) r.space = words[0];
  if (r.space.empty() || !r.have_count || r.out.empty())
    throw InputError("nas sample: usage: mcusim nas sample SPACE.json --count N [--seed S] --out DIR");
  if (r.count == 0 || r.count > 1000000) throw InputError(fmt::format("--count: '{}' is not between 1 and 1000000", r.count));
}

void add_evaluate_options(CLI::App& app, EvaluateRequest& r) {
  r.evaluate.toolchain.cache = "nas-build";
  add_repeatable(app, "--board", "A,B", "boards (repeatable; default mps2-an386)",
                 [&r](const std::string& v) { add_comma_list(r.evaluate.boards, v, "--board"); });
  add_value(app, "--engine", "planned|interpreted", "the generator's engine (default planned)",
            [&r](const std::string& v) { r.evaluate.engine = v; });
  add_value(app, "-j,--jobs", "N", "worker threads (default: all cores)", [&r](const std::string& v) {
    uint64_t n = parse_count(v, "--jobs");
    if (n == 0 || n > 4096) throw InputError(fmt::format("--jobs: '{}' is not between 1 and 4096", n));
    r.evaluate.workers = static_cast<unsigned>(n);
  });
  add_value(app, "--csv", "FILE", "rows as CSV", [&r](const std::string& v) { r.csv = v; });
  add_value(app, "--jsonl", "FILE", "rows as JSON Lines (with per-layer cycles)", [&r](const std::string& v) { r.jsonl = v; });
  add_value(app, "--html", "FILE", "the report page", [&r](const std::string& v) { r.html = v; });
  add_switch(app, "--resume", "evaluate only what the output files lack", [&r] { r.resume = true; });
  add_value(app, "--shard", "I/N", "only jobs i with i mod N = I-1",
            [&r](const std::string& v) { std::tie(r.shard_index, r.shard_count) = parse_shard(v); });
  add_value(app, "--build-dir", "DIR", "the build cache (default nas-build)", [&r](const std::string& v) { r.evaluate.toolchain.cache = v; });
  add_value(app, "--firmware-sources", "DIR", "firmware_samples/ to build with",
            [&r](const std::string& v) { r.evaluate.toolchain.sources = v; });
  add_value(app, "--gcc", "PATH", "the cross compiler", [&r](const std::string& v) { r.evaluate.toolchain.gcc = v; });
  add_budget_options(app, r.evaluate.budget, false);
  add_run_options(app, r.run, {"--board", "--max-cycles"});
}

void finish_evaluate(const CLI::App& app, EvaluateRequest& r) {
  r.candidates = extra_positionals(app);
  if (r.candidates.empty()) throw InputError("nas evaluate: no candidate given (model descriptions, or a directory of them)");
  if (r.evaluate.engine != "planned" && r.evaluate.engine != "interpreted")
    throw InputError(fmt::format("--engine: '{}' is not planned or interpreted", r.evaluate.engine));
  if (r.evaluate.boards.empty()) r.evaluate.boards.push_back(r.run.board);
  for (const std::string& b : r.evaluate.boards) board_flags(b);  // an unknown board is an error before any work
  r.evaluate.run = r.run.options;
}

void add_report_options(CLI::App& app, ReportRequest& r) {
  add_value(app, "--html", "FILE", "the report page", [&r](const std::string& v) { r.html = v; });
  add_budget_options(app, r.budget, false);
}

void finish_report(const CLI::App& app, ReportRequest& r) {
  std::vector<std::string> words = extra_positionals(app);
  if (!words.empty()) r.rows = words[0];
  if (r.rows.empty() || r.html.empty()) throw InputError("nas report: usage: mcusim nas report ROWS.jsonl|ROWS.csv --html FILE");
}

int sample(SampleRequest& r) {
  SearchSpace space = load_space(r.space);
  std::vector<SampledCandidate> written = write_samples(space, r.seed, r.count, r.out);
  int64_t min_macs = INT64_MAX, max_macs = 0;
  for (const SampledCandidate& c : written) min_macs = std::min(min_macs, c.counts.macs), max_macs = std::max(max_macs, c.counts.macs);
  fmt::print("{} candidates of '{}' (seed {}) in {}: {:.2f}M to {:.2f}M MACs; list in {}/candidates.csv\n", written.size(),
             space.name, r.seed, r.out, min_macs / 1e6, max_macs / 1e6, r.out);
  return 0;
}

struct Cost {
  size_t generated = 0, built = 0, cached = 0, simulated = 0;
  double generate = 0, compile = 0, compile_cpu = 0, simulate = 0, simulate_cpu = 0;
};

std::string summary(const std::vector<NasRow>& rows, size_t skipped, double wall_s, unsigned workers) {
  std::map<std::string, std::pair<size_t, size_t>> per_board;  // rows, feasible
  Cost cost;
  for (const NasRow& r : rows) {
    auto& b = per_board[r.board];
    ++b.first;
    b.second += r.run.ok;
    if (r.build.elf.empty()) continue;
    cost.generate += r.build.generate_seconds, ++cost.generated;
    (r.build.cached ? cost.cached : cost.built) += 1;
    if (!r.build.cached) cost.compile += r.build.compile_seconds, cost.compile_cpu += r.build.compile_cpu_seconds;
    if (r.run.cycles) ++cost.simulated, cost.simulate += r.simulate_seconds, cost.simulate_cpu += r.simulate_cpu_seconds;
  }
  TextTable table({"board", "candidates", "feasible", "infeasible"}, {TextTable::Left});
  for (const auto& [board, n] : per_board)
    table.add_row({board, std::to_string(n.first), std::to_string(n.second), std::to_string(n.first - n.second)});
  std::string out = "\n" + table.to_text();
  size_t failed = 0;
  for (const NasRow& r : rows)
    if (r.run.status == "error" && ++failed <= 10) out += fmt::format("error: {} on {}: {}\n", r.candidate, r.board, r.run.reason);
  auto mean = [](double total, size_t n) { return n ? total / static_cast<double>(n) : 0.0; };
  size_t n = rows.size();
  out += fmt::format("\ncost per candidate x board, wall (CPU): generate {:.3f} s, compile {:.2f} s ({:.2f} s CPU; {} built, "
                     "{} cached), simulate {:.2f} s ({:.2f} s CPU)\n",
                     mean(cost.generate, cost.generated), mean(cost.compile, cost.built), mean(cost.compile_cpu, cost.built), cost.built,
                     cost.cached, mean(cost.simulate, cost.simulated), mean(cost.simulate_cpu, cost.simulated));
  out += fmt::format("{} rows in {:.1f} s on {} worker{}: {:.1f} candidate x board evaluations/min{}\n", n, wall_s, workers,
                     workers == 1 ? "" : "s", wall_s > 0 ? static_cast<double>(n) * 60 / wall_s : 0.0,
                     skipped ? fmt::format(" ({} already in the output, skipped)", skipped) : "");
  return out;
}

int evaluate_command(EvaluateRequest& r) {
  std::vector<Candidate> candidates = load_candidates(r.candidates);
  std::vector<std::string> names;
  for (const Candidate& c : candidates) names.push_back(c.name);
  r.evaluate.toolchain = resolve_toolchain(r.evaluate.toolchain);
  std::vector<NasJob> jobs = shard_items(nas_jobs(candidates.size(), r.evaluate.boards), r.shard_index, r.shard_count);
  NasOutput output(r.csv, r.jsonl, r.resume);  // before the run: an unwritable file is an error up front
  size_t skipped = output.skip_done(jobs, names, r.evaluate.engine);
  unsigned workers = r.evaluate.workers ? r.evaluate.workers : default_workers();
  workers = static_cast<unsigned>(std::min<size_t>(workers, std::max<size_t>(jobs.size(), 1)));
  r.evaluate.workers = workers;

  std::vector<NasRow> rows;
  std::vector<nlohmann::json> report_rows;
  ProgressBar progress(jobs.size(), isatty(STDERR_FILENO) != 0);
  auto started = std::chrono::steady_clock::now();
  EvaluateStats stats = evaluate(candidates, jobs, r.evaluate, [&](const NasRow& row) {
    output.write(row);
    progress.step(!row.run.ok);
    rows.push_back(row);
    rows.back().layers.clear();
    if (!r.html.empty()) report_rows.push_back(nas_row_to_json(row, false));
  });
  progress.finish();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("{}", summary(rows, skipped, wall, workers));
  if (stats.kernels_seconds > 0)
    fmt::print("kernels and runtime compiled once per board (in the wall time above): {:.1f} s ({:.1f} s CPU)\n",
               stats.kernels_seconds, stats.kernels_cpu_seconds);
  if (!r.html.empty()) {
    if (r.resume) report_rows = read_nas_rows(r.jsonl.empty() ? r.csv : r.jsonl);  // the whole search, not this session's part
    write_nas_html(r.html, report_rows, r.evaluate.budget);
    fmt::print("report: {}\n", r.html);
  }
  bool any_error = std::any_of(rows.begin(), rows.end(), [](const NasRow& x) { return x.run.status == "error"; });
  return any_error ? kExitInputError : 0;
}

int report(ReportRequest& r) {
  std::vector<nlohmann::json> rows = read_nas_rows(r.rows);
  if (rows.empty()) throw InputError(fmt::format("{}: no rows (not the output of mcusim nas evaluate?)", r.rows));
  write_nas_html(r.html, rows, r.budget);
  fmt::print("{} rows -> {}\n", rows.size(), r.html);
  return 0;
}

}  // namespace

Command add_nas_command(CLI::App& mcusim) {
  CLI::App* nas = add_command(mcusim, "nas", "TinyNAS loop: sample a search space, evaluate candidates on boards, latency tables (docs/nas.md)");
  nas->require_subcommand(1);
  CLI::App* sample_app = add_command(*nas, "sample", "N candidates of a search space: SPACE.json --count N [--seed S] --out DIR");
  CLI::App* evaluate_app = add_command(*nas, "evaluate", "generate, build, simulate and check CANDIDATE.json|DIR... on the boards");
  CLI::App* report_app = add_command(*nas, "report", "the HTML report of ROWS.jsonl|ROWS.csv --html FILE");
  NasStep lut = add_nas_lut_step(*nas);
  NasStep predict = add_nas_predict_step(*nas);
  auto sr = std::make_shared<SampleRequest>();
  auto er = std::make_shared<EvaluateRequest>();
  auto rr = std::make_shared<ReportRequest>();
  add_sample_options(*sample_app, *sr);
  add_evaluate_options(*evaluate_app, *er);
  add_report_options(*report_app, *rr);
  return {nas, false, [=](std::vector<std::string>) {
            if (sample_app->parsed()) return finish_sample(*sample_app, *sr), sample(*sr);
            if (evaluate_app->parsed()) return finish_evaluate(*evaluate_app, *er), evaluate_command(*er);
            if (report_app->parsed()) return finish_report(*report_app, *rr), report(*rr);
            if (lut.app->parsed()) return lut.run();
            if (predict.app->parsed()) return predict.run();
            throw InputError("nas: which step? (mcusim nas sample|evaluate|report|lut|predict ...; see docs/nas.md)");
          }};
}

}  // namespace mcusim::cli

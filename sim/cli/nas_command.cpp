// mcusim nas: the TinyNAS loop without hardware (docs/nas.md).
//   nas sample SPACE --count N --seed S --out DIR
//   nas evaluate [options] CANDIDATE.json|DIR...
//   nas report ROWS.jsonl --html FILE [budgets]
// Each subcommand's options are read by one parse_* function into a request
// struct; the work is the library's (sim/nas).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include "profiler/report/format.h"
#include "profiler/report/text_table.h"
#include "sim/cli/commands.h"
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
  bool have_count = false, have_seed = false;
};

struct EvaluateRequest {
  std::vector<std::string> candidates;  // files or directories
  EvaluateOptions evaluate;
  RunRequest run;  // run options shared by every job (limits, timing)
  std::string csv, jsonl, html;
  bool resume = false;
  unsigned shard_index = 0, shard_count = 1;
};

struct ReportRequest {
  std::string rows, html;
  Budget budget;
};

void add_list(std::vector<std::string>& list, const std::string& value, const std::string& option) {
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = std::min(value.find(',', start), value.size());
    std::string item = value.substr(start, comma - start);
    if (item.empty()) throw InputError(fmt::format("{}: empty name in '{}'", option, value));
    list.push_back(item);
    start = comma + 1;
  }
}

// The budget options, as `mcusim check` reads them.
bool parse_budget_option(Args& args, const std::string& word, Budget& budget) {
  if (word == "--max-sram") budget.max_sram = parse_size(args.value_of(word), word);
  else if (word == "--max-flash") budget.max_flash = parse_size(args.value_of(word), word);
  else if (word == "--max-latency") budget.max_seconds = parse_time(args.value_of(word), word);
  else return false;
  return true;
}

SampleRequest parse_sample(Args& args) {
  SampleRequest r;
  while (!args.done()) {
    std::string word = args.next();
    if (word == "--count") r.count = args.number_of(word), r.have_count = true;
    else if (word == "--seed") r.seed = args.number_of(word), r.have_seed = true;
    else if (word == "--out") r.out = args.value_of(word);
    else if (word.starts_with("-")) throw InputError(fmt::format("nas sample: unknown option '{}'", word));
    else if (r.space.empty()) r.space = word;
    else throw InputError(fmt::format("nas sample: more than one search space given ('{}' and '{}')", r.space, word));
  }
  if (r.space.empty() || !r.have_count || r.out.empty())
    throw InputError("nas sample: usage: mcusim nas sample SPACE.json --count N [--seed S] --out DIR");
  if (r.count == 0 || r.count > 1000000) throw InputError(fmt::format("--count: '{}' is not between 1 and 1000000", r.count));
  return r;
}

EvaluateRequest parse_evaluate(Args& args) {
  EvaluateRequest r;
  r.evaluate.toolchain.cache = "nas-build";
  while (!args.done()) {
    std::string word = args.next();
    if (word == "--board") add_list(r.evaluate.boards, args.value_of(word), word);
    else if (word == "--engine") r.evaluate.engine = args.value_of(word);
    else if (word == "--jobs" || word == "-j") {
      uint64_t n = args.number_of(word);
      if (n == 0 || n > 4096) throw InputError(fmt::format("{}: '{}' is not between 1 and 4096", word, n));
      r.evaluate.workers = static_cast<unsigned>(n);
    } else if (word == "--csv") r.csv = args.value_of(word);
    else if (word == "--jsonl") r.jsonl = args.value_of(word);
    else if (word == "--html") r.html = args.value_of(word);
    else if (word == "--resume") r.resume = true;
    else if (word == "--shard") std::tie(r.shard_index, r.shard_count) = parse_shard(args.value_of(word));
    else if (word == "--build-dir") r.evaluate.toolchain.cache = args.value_of(word);
    else if (word == "--firmware-sources") r.evaluate.toolchain.sources = args.value_of(word);
    else if (word == "--gcc") r.evaluate.toolchain.gcc = args.value_of(word);
    else if (parse_budget_option(args, word, r.evaluate.budget)) continue;
    else if (parse_run_option(args, word, r.run)) continue;
    else if (word.starts_with("-")) throw InputError(fmt::format("nas evaluate: unknown option '{}' (see mcusim --help)", word));
    else r.candidates.push_back(word);
  }
  if (r.candidates.empty()) throw InputError("nas evaluate: no candidate given (model descriptions, or a directory of them)");
  if (r.evaluate.engine != "planned" && r.evaluate.engine != "interpreted")
    throw InputError(fmt::format("--engine: '{}' is not planned or interpreted", r.evaluate.engine));
  if (r.evaluate.boards.empty()) r.evaluate.boards.push_back(r.run.board);
  for (const std::string& b : r.evaluate.boards) board_flags(b);  // an unknown board is an error before any work
  r.evaluate.run = r.run.options;
  return r;
}

ReportRequest parse_report(Args& args) {
  ReportRequest r;
  while (!args.done()) {
    std::string word = args.next();
    if (word == "--html") r.html = args.value_of(word);
    else if (parse_budget_option(args, word, r.budget)) continue;
    else if (word.starts_with("-")) throw InputError(fmt::format("nas report: unknown option '{}'", word));
    else r.rows = word;
  }
  if (r.rows.empty() || r.html.empty()) throw InputError("nas report: usage: mcusim nas report ROWS.jsonl|ROWS.csv --html FILE");
  return r;
}

int sample(Args& args) {
  SampleRequest r = parse_sample(args);
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

int evaluate_command(Args& args) {
  EvaluateRequest r = parse_evaluate(args);
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

int report(Args& args) {
  ReportRequest r = parse_report(args);
  std::vector<nlohmann::json> rows = read_nas_rows(r.rows);
  if (rows.empty()) throw InputError(fmt::format("{}: no rows (not the output of mcusim nas evaluate?)", r.rows));
  write_nas_html(r.html, rows, r.budget);
  fmt::print("{} rows -> {}\n", rows.size(), r.html);
  return 0;
}

struct Subcommand {
  std::string_view name;
  int (*handler)(Args&);
};
const Subcommand kSubcommands[] = {{"sample", sample}, {"evaluate", evaluate_command}, {"report", report}};

}  // namespace

int nas_command(Args& args) {
  if (args.done()) throw InputError("nas: which step? (mcusim nas sample|evaluate|report ...; see docs/nas.md)");
  std::string step = args.next();
  for (const Subcommand& s : kSubcommands)
    if (s.name == step) return s.handler(args);
  throw InputError(fmt::format("nas: unknown step '{}' (sample, evaluate or report)", step));
}

}  // namespace mcusim::cli

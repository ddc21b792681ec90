// nas lut SPACE|CANDIDATES --board B [--engine E] --out PREFIX: measure every
//   distinct unit (stem, block, head) the space or the candidates contain;
// nas predict SPACE --count N [--seed S] | CANDIDATES --lut TABLE: sum it.
#include "sim/cli/nas_lut_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <memory>

#include "sim/cli/progress_bar.h"
#include "sim/cli/run_options.h"
#include "sim/errors.h"
#include "sim/nas/lut_inputs.h"
#include "sim/nas/lut_run.h"
#include "sim/nas/lut_table.h"
#include "sim/sweep/row_file.h"
#include "sim/sweep/sweep_rows.h"

namespace mcusim::cli {

namespace {

using namespace mcusim::nas;

struct LutRequest {
  std::vector<std::string> inputs;
  LutOptions lut;
  RunSettings run;
  std::string out;
  bool resume = false, dry_run = false;
};

struct PredictRequest {
  std::vector<std::string> inputs;
  std::string lut, csv, jsonl;
  uint64_t count = 0, seed = 0;
  bool have_count = false;
  Budget budget;
};

int lut_command(LutRequest& r) {
  LutInput in = lut_input_units(r.inputs);
  if (r.dry_run) {
    fmt::print("{} units of {}, {} firmwares (nothing built: --dry-run)\n", in.units.size(), in.origin, pack_units(in.units).size());
    return 0;
  }
  r.lut.toolchain = resolve_toolchain(r.lut.toolchain);
  r.lut.run = r.run.options;
  size_t errors_shown = 0;
  std::unique_ptr<ProgressBar> progress;
  LutRunSummary s = run_lut(in, r.lut, r.out, r.resume, [&](const nlohmann::json& row) {
    if (!progress) progress = std::make_unique<ProgressBar>(in.units.size(), isatty(STDERR_FILENO) != 0);
    progress->step(row["status"] != "ok");
    if (row["status"] == "error" && errors_shown++ < 5)
      fmt::print(stderr, "error: {}: {}\n", row["key"].get<std::string>(), row["reason"].get<std::string>());
  });
  if (progress) progress->finish();
  std::string statuses;
  for (const auto& [status, n] : s.by_status) statuses += fmt::format("{}{} {}", statuses.empty() ? "" : ", ", n, status);
  fmt::print("{} units of {} on {} ({} engine): {} measured ({}) in {} firmware{}, {} already in {}.csv; {:.1f} s on {} worker{}\n",
             s.units, in.origin, r.lut.board, r.lut.engine, s.units - s.skipped, statuses.empty() ? "none" : statuses, s.packs,
             s.packs == 1 ? "" : "s", s.skipped, r.out, s.wall_s, s.workers, s.workers == 1 ? "" : "s");
  if (s.simulated)
    fmt::print("cost: {} firmwares built ({} cached), {} simulated; generate {:.2f} s, compile {:.1f} s ({:.1f} s CPU), "
               "simulate {:.1f} s ({:.1f} s CPU): {:.3f} s CPU per unit\n",
               s.built, s.cached, s.simulated, s.cost.generate_s, s.cost.compile_s, s.cost.compile_cpu_s, s.cost.simulate_s,
               s.cost.simulate_cpu_s,
               s.cost.units ? (s.cost.compile_cpu_s + s.cost.simulate_cpu_s + s.cost.generate_s) / static_cast<double>(s.cost.units) : 0.0);
  fmt::print("table: {}.json ({} entries)\n", r.out, s.entries);
  return s.by_status.count("error") ? kExitInputError : 0;
}

int predict_command(PredictRequest& r) {
  LutTable lut = load_lut(r.lut);
  std::vector<Candidate> candidates = predict_inputs(r.inputs, r.have_count, r.count, r.seed);
  std::unique_ptr<RowFile> csv, jsonl;
  std::string header;
  for (const std::string& c : predict_columns()) header += (header.empty() ? "" : ",") + c;
  if (!r.csv.empty()) csv = std::make_unique<RowFile>(r.csv, false, header + "\n");
  if (!r.jsonl.empty()) jsonl = std::make_unique<RowFile>(r.jsonl, false, "");
  auto started = std::chrono::steady_clock::now();
  size_t feasible = 0;
  double lo = 1e300, hi = 0;
  for (const Candidate& c : candidates) {
    Prediction p = predict(lut, c, r.budget);
    nlohmann::json j = prediction_to_json(p, lut);
    if (csv) {
      std::string line;
      for (const std::string& col : predict_columns()) line += (line.empty() ? "" : ",") + csv_field(csv_cell(j[col]));
      csv->write(line + "\n");
    }
    if (jsonl) jsonl->write(j.dump() + "\n");
    if (!csv && !jsonl) fmt::print("{},{},{},{:.3f}\n", p.candidate, p.status, p.cycles, p.ms);
    feasible += p.status == "ok" && p.latency_budget != "fail";
    if (p.status == "ok") lo = std::min(lo, p.ms), hi = std::max(hi, p.ms);
  }
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print("{} candidates predicted from {} ({} / {} engine) in {:.3f} s: {} feasible{}\n", candidates.size(), lut.path,
             lut.board, lut.engine, wall, feasible, hi > 0 ? fmt::format(", {:.2f} to {:.2f} ms", lo, hi) : "");
  return 0;
}

}  // namespace

NasStep add_nas_lut_step(CLI::App& nas) {
  CLI::App* app = add_command(nas, "lut", "latency lookup table: measure every unit of SPACE.json|CANDIDATES on a board");
  auto r = std::make_shared<LutRequest>();
  r->lut.toolchain.cache = "nas-build";
  add_value(*app, "--engine", "planned|interpreted", "the generator's engine (default planned)",
            [r](const std::string& v) { r->lut.engine = v; });
  add_value(*app, "--out", "PREFIX", "writes PREFIX.csv (rows, as measured) and PREFIX.json (the table)",
            [r](const std::string& v) { r->out = v; });
  add_value(*app, "-j,--jobs", "N", "worker threads (default: all cores)", [r](const std::string& v) {
    uint64_t n = parse_count(v, "--jobs");
    if (n == 0 || n > 4096) throw InputError(fmt::format("--jobs: '{}' is not between 1 and 4096", n));
    r->lut.workers = static_cast<unsigned>(n);
  });
  add_switch(*app, "--resume", "measure only the units PREFIX.csv lacks", [r] { r->resume = true; });
  add_switch(*app, "--dry-run", "only count the units and firmwares", [r] { r->dry_run = true; });
  add_value(*app, "--build-dir", "DIR", "the build cache (default nas-build)", [r](const std::string& v) { r->lut.toolchain.cache = v; });
  add_value(*app, "--firmware-sources", "DIR", "firmware_samples/ to build with",
            [r](const std::string& v) { r->lut.toolchain.sources = v; });
  add_value(*app, "--gcc", "PATH", "the cross compiler", [r](const std::string& v) { r->lut.toolchain.gcc = v; });
  add_run_options(*app, r->run);
  return {app, [r, app] {
            r->inputs = extra_positionals(*app);
            if (r->inputs.empty() || r->out.empty())
              throw InputError("nas lut: usage: mcusim nas lut SPACE.json|CANDIDATES... --board B [--engine E] --out PREFIX");
            if (r->lut.engine != "planned" && r->lut.engine != "interpreted")
              throw InputError(fmt::format("--engine: '{}' is not planned or interpreted", r->lut.engine));
            r->lut.board = r->run.board;
            board_flags(r->lut.board);  // an unknown board is an error before any work
            return lut_command(*r);
          }};
}

NasStep add_nas_predict_step(CLI::App& nas) {
  CLI::App* app = add_command(nas, "predict", "latency from a table: SPACE.json --count N | CANDIDATES... --lut TABLE");
  auto r = std::make_shared<PredictRequest>();
  add_value(*app, "--lut", "TABLE", "the table (PREFIX.json or PREFIX.csv of nas lut)", [r](const std::string& v) { r->lut = v; });
  add_value(*app, "--count", "N", "with a space: how many candidates to sample", [r](const std::string& v) {
    r->count = parse_count(v, "--count");
    r->have_count = true;
  });
  add_value(*app, "--seed", "S", "with a space: the sampling seed (default 0)", [r](const std::string& v) { r->seed = parse_count(v, "--seed"); });
  add_value(*app, "--csv", "FILE", "rows as CSV", [r](const std::string& v) { r->csv = v; });
  add_value(*app, "--jsonl", "FILE", "rows as JSON Lines", [r](const std::string& v) { r->jsonl = v; });
  add_value(*app, "--max-latency", "TIME", "latency budget: 25ms, 300us, 1.5s",
            [r](const std::string& v) { r->budget.max_seconds = parse_time(v, "--max-latency"); });
  add_value(*app, "--max-cycles", "N", "cycle budget", [r](const std::string& v) { r->budget.max_cycles = parse_count(v, "--max-cycles"); });
  return {app, [r, app] {
            r->inputs = extra_positionals(*app);
            if (r->inputs.empty() || r->lut.empty())
              throw InputError("nas predict: usage: mcusim nas predict SPACE.json --count N [--seed S] | CANDIDATES... --lut TABLE");
            return predict_command(*r);
          }};
}

}  // namespace mcusim::cli

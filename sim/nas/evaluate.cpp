#include "sim/nas/evaluate.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <set>
#include <fstream>

#include "sim/errors.h"

namespace mcusim::nas {

using nlohmann::json;

Candidate load_candidate(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("cannot read candidate {}", path));
  json j = json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw InputError(fmt::format("{}: not a JSON model description", path));
  Candidate c;
  c.path = path;
  c.model = j;
  try {
    c.counts = model_counts(j);
  } catch (const InputError& e) {
    throw InputError(fmt::format("{}: {}", path, e.what()));
  }
  c.name = j.value("name", "");
  return c;
}

std::vector<Candidate> load_candidates(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& a : paths) {
    if (!std::filesystem::is_directory(a)) {
      files.push_back(a);
      continue;
    }
    std::vector<std::string> in_dir;
    for (const auto& e : std::filesystem::directory_iterator(a))
      if (e.path().extension() == ".json") in_dir.push_back(e.path().string());
    if (in_dir.empty()) throw InputError(fmt::format("{}: no candidate (*.json) in this directory", a));
    std::sort(in_dir.begin(), in_dir.end());
    files.insert(files.end(), in_dir.begin(), in_dir.end());
  }
  std::vector<Candidate> out;
  std::set<std::string> names;
  for (const std::string& f : files) {
    out.push_back(load_candidate(f));
    if (!names.insert(out.back().name).second)
      throw InputError(fmt::format("{}: candidate name '{}' is used twice (rows are keyed by name)", f, out.back().name));
  }
  return out;
}

std::vector<NasJob> nas_jobs(size_t candidates, const std::vector<std::string>& boards) {
  std::vector<NasJob> jobs;
  for (size_t c = 0; c < candidates; ++c)
    for (const std::string& b : boards) jobs.push_back({c, b});
  return jobs;
}

namespace {

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

NasRow evaluate_one(const Candidate& c, const std::string& board, const EvaluateOptions& o, CommonObjects& common) {
  NasRow row;
  row.candidate = c.name;
  row.model_path = c.path;
  row.board = board;
  row.engine = o.engine;
  row.counts = c.counts;
  if (c.model.contains("candidate")) row.choices = c.model["candidate"].value("choices", json());
  row.run.job = {"", board, o.run.timing};
  try {
    row.build = build_candidate(c.model, o.engine, board, o.toolchain, common);
  } catch (const DoesNotFit& e) {
    // A verdict: the budget that the board's capacity sets is failed.
    row.run.status = "too-large";
    row.run.reason = e.what();
    for (auto [over, what] : {std::pair{e.sram, "peak SRAM"}, std::pair{e.flash, "flash"}}) {
      if (!over) continue;
      BudgetLine line;
      line.what = what;
      line.pass = false;
      line.from_board = true;
      row.run.budget.push_back(line);
    }
    return row;
  } catch (const std::exception& e) {
    row.run.status = "error";
    row.run.exit_code = kExitInputError;
    row.run.reason = e.what();
    return row;
  }
  row.run.job.elf = row.build.elf;
  auto started = std::chrono::steady_clock::now();
  double cpu_started = thread_cpu_seconds();
  std::optional<Profile> profile;
  RunOptions run = o.run;
  if (run.profile_options.arena.empty()) run.profile_options.arena = "arena";  // the generator's activation buffer
  row.run = run_job(row.run.job, run, o.budget, &profile);
  row.simulate_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  row.simulate_cpu_seconds = thread_cpu_seconds() - cpu_started;
  if (profile) {
    row.arena_peak = profile->memory.arena.high_water_bytes;
    for (const LayerProfile& l : profile->layers) row.layers.push_back({l.name, l.cycles, l.macs});
  }
  return row;
}

}  // namespace

EvaluateStats evaluate(const std::vector<Candidate>& candidates, const std::vector<NasJob>& jobs, const EvaluateOptions& o,
                       const std::function<void(const NasRow&)>& on_row) {
  CommonObjects common(o.toolchain);
  std::vector<NasRow> rows(jobs.size());
  run_parallel(
      jobs.size(), o.workers,
      [&](size_t i) { rows[i] = evaluate_one(candidates.at(jobs[i].candidate), jobs[i].board, o, common); },
      [&](size_t i) {
        on_row(rows[i]);
        rows[i] = NasRow();  // rows are written as they finish; keep memory flat over long searches
      });
  return {common.build_seconds(), common.build_cpu_seconds()};
}

}  // namespace mcusim::nas

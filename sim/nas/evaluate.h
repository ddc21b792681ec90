// Candidates to verdicts: every candidate x board is generated, built
// (candidate_build.h) and simulated with profiling (the sweep's work unit,
// sim/sweep), on all cores, one row per candidate x board with the same
// budget rules as `mcusim check`.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "profiler/report/budget.h"
#include "sim/nas/candidate.h"
#include "sim/nas/candidate_build.h"
#include "sim/simulator.h"
#include "sim/sweep/sweep.h"

namespace mcusim::nas {

struct Candidate {
  std::string name, path;
  nlohmann::json model;  // mcusim-model/1
  Counts counts;
};

// Reads a model description (a sampled candidate or any model file);
// InputError when it cannot be read or the generator would refuse it.
Candidate load_candidate(const std::string& path);
// Files and directories (a directory stands for its *.json, sorted); names
// must be unique (rows are keyed by candidate name).
std::vector<Candidate> load_candidates(const std::vector<std::string>& paths);

struct NasJob {
  size_t candidate = 0;  // index into the candidate list
  std::string board;
};

struct LayerCycles {
  std::string name;
  uint64_t cycles = 0, macs = 0;
};

struct NasRow {
  std::string candidate, model_path, board, engine;
  Counts counts;
  BuildResult build;
  SweepRow run;            // status, cycles, ms, flash, peak SRAM (whole program), budget lines
  uint64_t arena_peak = 0; // activation arena high-water mark (bytes); 0: none found
  std::vector<LayerCycles> layers;
  nlohmann::json choices;  // the candidate's search-space choices, when it has them
  double simulate_seconds = 0, simulate_cpu_seconds = 0;  // wall and this thread's CPU time
  std::string key() const { return candidate + "|" + board + "|" + engine; }
};

struct EvaluateOptions {
  std::string engine = "planned";
  std::vector<std::string> boards;
  Toolchain toolchain;
  RunOptions run;   // limits (instructions, timeout) and timing
  Budget budget;
  unsigned workers = 0;  // 0: all cores
};

// Candidates x boards in candidate, board order.
std::vector<NasJob> nas_jobs(size_t candidates, const std::vector<std::string>& boards);

// Runs `jobs`; on_row is called once per finished job, one at a time. A
// candidate that fails to generate or build is a row with status "error",
// never the end of the run.
struct EvaluateStats {
  double kernels_seconds = 0, kernels_cpu_seconds = 0;  // the once-per-board build of the common objects
};
EvaluateStats evaluate(const std::vector<Candidate>& candidates, const std::vector<NasJob>& jobs,
                       const EvaluateOptions& options, const std::function<void(const NasRow&)>& on_row);

}  // namespace mcusim::nas

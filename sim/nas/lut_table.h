// Latency lookup tables on disk and their use: `nas lut` rows (CSV, written
// as units are measured, so a run can resume) and the table (JSON), read
// back by `nas predict`, which sums a candidate's units.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "profiler/report/budget.h"
#include "sim/nas/evaluate.h"
#include "sim/nas/lut_build.h"

namespace mcusim::nas {

const std::vector<std::string>& lut_columns();
nlohmann::json lut_row(const LutMeasurement& m, const std::string& board, const std::string& engine);

// PREFIX.csv, appended as units finish; with resume, the units already
// measured (status ok or too-large) on the same board and engine are kept.
class LutOutput {
 public:
  LutOutput(const std::string& csv, bool resume);
  ~LutOutput();
  std::set<std::string> done(const std::string& board, const std::string& engine) const;
  void write(const nlohmann::json& row);

 private:
  std::string path_;
  struct File;
  std::unique_ptr<File> file_;
};

// The rows of a table: a JSON table (`mcusim-lut/1`) or the CSV. InputError
// naming the file and what is wrong (not a table, missing column, ...).
std::vector<nlohmann::json> read_lut_rows(const std::string& path);
// The JSON table: the last row per key (a resumed run may re-measure).
void write_lut_json(const std::string& path, const std::vector<nlohmann::json>& rows, const std::string& space);

struct LutTable {
  std::string path, board, engine;
  std::map<std::string, nlohmann::json> entries;  // by unit key
};
LutTable load_lut(const std::string& path);

struct Prediction {
  std::string candidate, model_path, status = "ok", reason;  // status: ok, too-large
  Counts counts;
  size_t units = 0;
  uint64_t cycles = 0;
  double ms = 0;
  std::string latency_budget;  // pass, fail, "" (not checked)
};
// Sums the table over the candidate's units. InputError naming the unit and
// the candidate when the table has no (measured) entry for one.
Prediction predict(const LutTable& lut, const Candidate& candidate, const Budget& budget);

const std::vector<std::string>& predict_columns();
nlohmann::json prediction_to_json(const Prediction& p, const LutTable& lut);

}  // namespace mcusim::nas

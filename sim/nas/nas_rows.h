// `mcusim nas evaluate` rows as CSV and JSON Lines (columns: docs/nas.md),
// appended and flushed as they finish, and read back for --resume and for
// the HTML report. The JSON Lines rows also carry per-layer cycles and the
// candidate's choices.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/nas/evaluate.h"

namespace mcusim::nas {

const std::vector<std::string>& nas_columns();
// The CSV columns; with `detail`, also "layers" and "choices" (JSON Lines).
nlohmann::json nas_row_to_json(const NasRow& row, bool detail);

class NasOutput {
 public:
  // Empty paths: no such file. Throws InputError when a file cannot be
  // written, or resume is asked for without a file.
  NasOutput(const std::string& csv, const std::string& jsonl, bool resume);
  ~NasOutput();
  // Resume: drops the jobs whose rows the outputs already hold; returns how many.
  size_t skip_done(std::vector<NasJob>& jobs, const std::vector<std::string>& candidate_names,
                   const std::string& engine) const;
  void write(const NasRow& row);

 private:
  struct File;
  std::string csv_path_, jsonl_path_;
  bool resume_;
  std::unique_ptr<File> csv_, jsonl_;
};

// Rows of a JSON Lines (or CSV) file written by `nas evaluate`, as JSON
// objects with the CSV columns (numbers as numbers); a torn last line is skipped.
std::vector<nlohmann::json> read_nas_rows(const std::string& path);

}  // namespace mcusim::nas

// Where a sweep's rows go: a CSV and/or a JSON Lines file, each row appended
// and flushed as it finishes (a killed sweep loses only the runs in flight),
// and with resume, the jobs both files already hold are skipped.
#pragma once

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "sim/sweep/sweep.h"

namespace mcusim {

class SweepOutput {
 public:
  // Empty paths: no such file. With `resume` the files are appended to;
  // otherwise they are started afresh. Throws InputError when one cannot be
  // written, or resume is asked for without a file.
  SweepOutput(const std::string& csv, const std::string& jsonl, bool resume);
  ~SweepOutput();
  // Drops the jobs whose rows are already in the output (resume only);
  // returns how many were dropped.
  size_t skip_done(std::vector<SweepJob>& jobs) const;
  void write(const SweepRow& row);

 private:
  struct File;
  std::string csv_path_, jsonl_path_;
  bool resume_;
  std::unique_ptr<File> csv_, jsonl_;
};

}  // namespace mcusim

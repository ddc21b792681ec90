#include "sim/sweep/sweep_output.h"

#include <fmt/format.h>

#include "sim/errors.h"
#include "sim/sweep/row_file.h"
#include "sim/sweep/sweep_rows.h"

namespace mcusim {

struct SweepOutput::File : RowFile {
  using RowFile::RowFile;
};

SweepOutput::SweepOutput(const std::string& csv, const std::string& jsonl, bool resume)
    : csv_path_(csv), jsonl_path_(jsonl), resume_(resume) {
  if (resume && csv.empty() && jsonl.empty()) throw InputError("--resume needs --csv or --jsonl (the rows already written)");
  if (!csv.empty()) csv_ = std::make_unique<File>(csv, resume, csv_header());
  if (!jsonl.empty()) jsonl_ = std::make_unique<File>(jsonl, resume, "");
}

SweepOutput::~SweepOutput() = default;

size_t SweepOutput::skip_done(std::vector<SweepJob>& jobs) const {
  if (!resume_) return 0;
  // A job is done when every output file has its row.
  std::set<std::string> done = completed_job_keys(csv_path_.empty() ? jsonl_path_ : csv_path_);
  if (!csv_path_.empty() && !jsonl_path_.empty()) {
    std::set<std::string> in_jsonl = completed_job_keys(jsonl_path_);
    std::erase_if(done, [&](const std::string& k) { return !in_jsonl.count(k); });
  }
  size_t before = jobs.size();
  std::erase_if(jobs, [&](const SweepJob& j) { return done.count(j.key()) > 0; });
  return before - jobs.size();
}

void SweepOutput::write(const SweepRow& row) {
  if (csv_) csv_->write(csv_line(row));
  if (jsonl_) jsonl_->write(jsonl_line(row));
}

}  // namespace mcusim

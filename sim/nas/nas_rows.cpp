#include "sim/nas/nas_rows.h"

#include <fmt/format.h>

#include <fstream>

#include "sim/errors.h"
#include "sim/sweep/row_file.h"
#include "sim/sweep/row_reader.h"
#include "sim/sweep/sweep_rows.h"

namespace mcusim::nas {

using nlohmann::json;

namespace {

// Budget columns and the BudgetLine::what they report (as the sweep's).
struct BudgetColumn {
  const char* column;
  const char* what;
};
const BudgetColumn kBudgetColumns[] = {{"sram_budget", "peak SRAM"}, {"flash_budget", "flash"}, {"latency_budget", "latency"}};


std::string ordered_json(const json& j, const std::vector<std::string>& columns) {
  std::string out = "{";
  for (const std::string& c : columns) {
    if (!j.contains(c)) continue;
    out += fmt::format("{}{}:{}", out.size() > 1 ? "," : "", json(c).dump(), j[c].dump());
  }
  return out + "}\n";
}

std::string key_of(const json& row) {
  return csv_cell(row.value("candidate", json(""))) + "|" + csv_cell(row.value("board", json(""))) + "|" +
         csv_cell(row.value("engine", json("")));
}

}  // namespace

const std::vector<std::string>& nas_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c = {"candidate", "board",     "engine", "ok",     "status",    "reason",  "macs",
                                  "params",    "flash",     "peak_sram", "arena", "cycles", "ms"};
    for (const BudgetColumn& b : kBudgetColumns) c.push_back(b.column);
    for (const char* x : {"generate_s", "compile_s", "compile_cpu_s", "simulate_s", "simulate_cpu_s", "cached", "elf", "model"})
      c.push_back(x);
    return c;
  }();
  return columns;
}

json nas_row_to_json(const NasRow& r, bool detail) {
  json j = {{"candidate", r.candidate},
            {"board", r.board},
            {"engine", r.engine},
            {"ok", r.run.ok},
            {"status", r.run.status},
            {"reason", r.run.reason},
            {"macs", r.counts.macs},
            {"params", r.counts.params},
            {"flash", r.run.flash},
            {"peak_sram", r.run.peak_sram},
            {"arena", r.arena_peak},
            {"cycles", r.run.cycles},
            {"ms", r.run.ms},
            {"generate_s", r.build.generate_seconds},
            {"compile_s", r.build.compile_seconds},
            {"compile_cpu_s", r.build.compile_cpu_seconds},
            {"simulate_s", r.simulate_seconds},
            {"simulate_cpu_s", r.simulate_cpu_seconds},
            {"cached", r.build.cached},
            {"elf", r.build.elf},
            {"model", r.model_path}};
  for (const BudgetColumn& b : kBudgetColumns) j[b.column] = budget_result(r.run, b.what);
  if (detail) {
    json layers = json::array();
    for (const LayerCycles& l : r.layers) layers.push_back({{"name", l.name}, {"cycles", l.cycles}, {"macs", l.macs}});
    j["layers"] = layers;
    j["choices"] = r.choices;
  }
  return j;
}

struct NasOutput::File : RowFile {
  using RowFile::RowFile;
};

NasOutput::NasOutput(const std::string& csv, const std::string& jsonl, bool resume)
    : csv_path_(csv), jsonl_path_(jsonl), resume_(resume) {
  if (resume && csv.empty() && jsonl.empty()) throw InputError("--resume needs --csv or --jsonl (the rows already written)");
  std::string header;
  for (const std::string& c : nas_columns()) header += (header.empty() ? "" : ",") + c;
  if (!csv.empty()) csv_ = std::make_unique<File>(csv, resume, header + "\n");
  if (!jsonl.empty()) jsonl_ = std::make_unique<File>(jsonl, resume, "");
}

NasOutput::~NasOutput() = default;

size_t NasOutput::skip_done(std::vector<NasJob>& jobs, const std::vector<std::string>& names, const std::string& engine) const {
  if (!resume_) return 0;
  auto keys = [](const std::string& path) {
    std::set<std::string> k;
    for (const json& row : read_nas_rows(path)) k.insert(key_of(row));
    return k;
  };
  // A job is done when every output file has its row.
  std::set<std::string> done = keys(csv_path_.empty() ? jsonl_path_ : csv_path_);
  if (!csv_path_.empty() && !jsonl_path_.empty()) {
    std::set<std::string> in_jsonl = keys(jsonl_path_);
    std::erase_if(done, [&](const std::string& k) { return !in_jsonl.count(k); });
  }
  size_t before = jobs.size();
  std::erase_if(jobs, [&](const NasJob& j) { return done.count(names[j.candidate] + "|" + j.board + "|" + engine) > 0; });
  return before - jobs.size();
}

void NasOutput::write(const NasRow& row) {
  if (csv_) {
    json j = nas_row_to_json(row, false);
    std::string line;
    for (const std::string& c : nas_columns()) line += (line.empty() ? "" : ",") + csv_field(csv_cell(j[c]));
    csv_->write(line + "\n");
  }
  if (jsonl_) {
    std::vector<std::string> order = nas_columns();
    order.insert(order.end(), {"layers", "choices"});
    jsonl_->write(ordered_json(nas_row_to_json(row, true), order));
  }
}

std::vector<json> read_nas_rows(const std::string& path) {
  return read_row_file(path, {{"candidate", "board"}, "not the CSV or JSON Lines output of mcusim nas evaluate"});
}

}  // namespace mcusim::nas

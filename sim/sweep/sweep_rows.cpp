#include "sim/sweep/sweep_rows.h"

#include <fmt/format.h>

#include <fstream>

#include "sim/errors.h"
#include "sim/sweep/row_reader.h"

namespace mcusim {

using nlohmann::json;

namespace {

// Budget columns and the BudgetLine::what they report.
struct BudgetColumn {
  const char* column;
  const char* what;
};
const BudgetColumn kBudgetColumns[] = {
    {"sram_budget", "peak SRAM"}, {"flash_budget", "flash"}, {"cycles_budget", "cycles"}, {"latency_budget", "latency"}};


}  // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c == '\n' || c == '\r' ? ' ' : c;
  }
  return out + "\"";
}

std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else fields.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

const std::vector<std::string>& sweep_columns() {
  static const std::vector<std::string> columns = [] {
    std::vector<std::string> c = {"elf",   "board",     "timing", "ok",     "status", "exit_code", "reason",
                                  "cycles", "instructions", "ms", "flash", "peak_sram"};
    for (const BudgetColumn& b : kBudgetColumns) c.push_back(b.column);
    c.push_back("host_seconds");
    return c;
  }();
  return columns;
}

json row_to_json(const SweepRow& r) {
  json j = {{"elf", r.job.elf},
            {"board", r.job.board},
            {"timing", r.job.timing},
            {"ok", r.ok},
            {"status", r.status},
            {"exit_code", r.exit_code},
            {"reason", r.reason},
            {"cycles", r.cycles},
            {"instructions", r.instructions},
            {"ms", r.ms},
            {"flash", r.flash},
            {"peak_sram", r.peak_sram},
            {"host_seconds", r.host_seconds}};
  for (const BudgetColumn& b : kBudgetColumns) j[b.column] = budget_result(r, b.what);
  return j;
}

std::string csv_header() {
  std::string line;
  for (const std::string& c : sweep_columns()) line += (line.empty() ? "" : ",") + c;
  return line + "\n";
}

std::string csv_line(const SweepRow& row) {
  json j = row_to_json(row);
  std::string line;
  bool first = true;
  for (const std::string& c : sweep_columns()) {
    line += (first ? "" : ",") + csv_field(csv_cell(j[c]));
    first = false;
  }
  return line + "\n";
}

std::string jsonl_line(const SweepRow& row) {
  json j = row_to_json(row);
  std::string out = "{";
  bool first = true;
  for (const std::string& c : sweep_columns()) {  // columns in CSV order, not nlohmann's sorted order
    out += fmt::format("{}{}:{}", first ? "" : ",", json(c).dump(), j[c].dump());
    first = false;
  }
  return out + "}\n";
}

std::set<std::string> completed_job_keys(const std::string& path) {
  std::set<std::string> keys;
  for (const json& row : read_row_file(path, {{"elf", "board", "timing"}, "not a sweep's CSV or JSON Lines output (--resume reads the files a sweep wrote)"}))
    keys.insert(SweepJob{row["elf"].get<std::string>(), row["board"].get<std::string>(), row["timing"].get<std::string>()}.key());
  return keys;
}

std::string budget_result(const SweepRow& row, const char* what) {
  for (const BudgetLine& l : row.budget)
    if (l.what == what) return l.pass ? "pass" : "fail";
  return "";
}

std::string csv_cell(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_float()) return fmt::format("{:.6g}", value.get<double>());
  return value.dump();
}

}  // namespace mcusim

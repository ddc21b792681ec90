#include "sim/nas/lut_table.h"

#include <fmt/format.h>

#include <fstream>

#include "sim/errors.h"
#include "sim/sweep/row_file.h"
#include "sim/sweep/row_reader.h"
#include "sim/sweep/sweep_rows.h"

namespace mcusim::nas {

using nlohmann::json;

namespace {

const char kFormat[] = "mcusim-lut/1";
// What predict needs of each entry.
const char* const kRequired[] = {"key", "board", "engine", "status", "cycles", "ms"};

const RowFileFormat kLutCsv{{"key"}, "not a latency table (a CSV written by mcusim nas lut starts with 'key')", false};

}  // namespace

const std::vector<std::string>& lut_columns() {
  static const std::vector<std::string> c = {"key",    "board",  "engine", "status", "op",     "h",     "w",
                                             "c",      "mid",    "out",    "kernel", "stride", "residual", "act",
                                             "macs",   "cycles", "instructions", "ms", "pack_units", "reason", "elf"};
  return c;
}

json lut_row(const LutMeasurement& m, const std::string& board, const std::string& engine) {
  const LutUnit& u = m.unit;
  return {{"key", u.key()},       {"board", board},   {"engine", engine},   {"status", m.status}, {"op", u.op},
          {"h", u.h},             {"w", u.w},         {"c", u.c},           {"mid", u.mid},       {"out", u.out},
          {"kernel", u.kernel},   {"stride", u.stride}, {"residual", u.residual}, {"act", u.act}, {"macs", u.macs},
          {"cycles", m.cycles},   {"instructions", m.instructions}, {"ms", m.ms}, {"pack_units", m.pack_units},
          {"reason", m.reason},   {"elf", m.elf}};
}

struct LutOutput::File {
  RowFile rows;
};

LutOutput::LutOutput(const std::string& csv, bool resume) : path_(csv) {
  std::string header;
  for (const std::string& c : lut_columns()) header += (header.empty() ? "" : ",") + c;
  file_ = std::make_unique<File>(File{RowFile(csv, resume, header + "\n")});
}

LutOutput::~LutOutput() = default;

std::set<std::string> LutOutput::done(const std::string& board, const std::string& engine) const {
  std::set<std::string> keys;
  for (const json& r : read_row_file(path_, kLutCsv))
    if (r.value("board", json("")) == board && r.value("engine", json("")) == engine &&
        (r["status"] == "ok" || r["status"] == "too-large"))
      keys.insert(r["key"].get<std::string>());
  return keys;
}

void LutOutput::write(const json& row) {
  std::string line;
  for (const std::string& c : lut_columns()) line += (line.empty() ? "" : ",") + csv_field(csv_cell(row[c]));
  file_->rows.write(line + "\n");
}

std::vector<json> read_lut_rows(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("--lut: cannot read {}", path));
  if (in.peek() != '{') return read_row_file(path, kLutCsv);
  json j = json::parse(in, nullptr, false);
  if (j.is_discarded()) throw InputError(fmt::format("{}: not valid JSON", path));
  if (!j.is_object() || j.value("format", "") != kFormat)
    throw InputError(fmt::format("{}: format: must be \"{}\" (a table written by mcusim nas lut)", path, kFormat));
  if (!j.contains("entries") || !j["entries"].is_array()) throw InputError(fmt::format("{}: entries: missing (a list of units)", path));
  return j["entries"].get<std::vector<json>>();
}

void write_lut_json(const std::string& path, const std::vector<json>& rows, const std::string& space) {
  std::map<std::string, json> last;
  for (const json& r : rows) last[r["key"].get<std::string>()] = r;
  json entries = json::array();
  for (auto& [key, r] : last) entries.push_back(r);
  json table = {{"format", kFormat}, {"space", space}, {"entries", entries}};
  if (!rows.empty()) table["board"] = rows[0]["board"], table["engine"] = rows[0]["engine"];
  std::ofstream out(path);
  out << table.dump(1) << "\n";
  if (!out) throw InputError(fmt::format("cannot write {}", path));
}

LutTable load_lut(const std::string& path) {
  LutTable t;
  t.path = path;
  std::vector<json> rows = read_lut_rows(path);
  if (rows.empty()) throw InputError(fmt::format("{}: no entries (measure a space with mcusim nas lut first)", path));
  for (size_t i = 0; i < rows.size(); ++i) {
    const json& r = rows[i];
    for (const char* field : kRequired)
      if (!r.is_object() || !r.contains(field))
        throw InputError(fmt::format("{}: entry {}: missing '{}'", path, i, field));
    if (!r["key"].is_string() || !r["cycles"].is_number_unsigned() || !r["ms"].is_number())
      throw InputError(fmt::format("{}: entry {}: key must be text, cycles a count and ms a number", path, i));
    if (i == 0) t.board = r["board"].get<std::string>(), t.engine = r["engine"].get<std::string>();
    if (r["board"] != t.board || r["engine"] != t.engine)
      throw InputError(fmt::format("{}: entry {} is for {} / {}, the first for {} / {}: one table per board and engine", path, i,
                                   r["board"].dump(), r["engine"].dump(), t.board, t.engine));
    t.entries[r["key"].get<std::string>()] = r;
  }
  return t;
}

Prediction predict(const LutTable& lut, const Candidate& c, const Budget& budget) {
  Prediction p;
  p.candidate = c.name;
  p.model_path = c.path;
  p.counts = c.counts;
  std::vector<LutUnit> units = model_units(c.model, c.path);
  p.units = units.size();
  for (size_t i = 0; i < units.size(); ++i) {
    const std::string key = units[i].key();
    auto it = lut.entries.find(key);
    if (it == lut.entries.end() || (it->second["status"] != "ok" && it->second["status"] != "too-large"))
      throw InputError(fmt::format("{}: no {}entry for '{}' (layers[{}] of candidate {}); measure it with mcusim nas lut "
                                   "on a space that contains it",
                                   lut.path, it == lut.entries.end() ? "" : "measured ", key, i, c.name));
    const json& e = it->second;
    if (e["status"] == "too-large" && p.status == "ok") {
      p.status = "too-large";
      p.reason = fmt::format("'{}' does not fit {} on its own", key, lut.board);
    }
    p.cycles += e["cycles"].get<uint64_t>();
    p.ms += e["ms"].get<double>();
  }
  if (p.status != "ok") p.cycles = 0, p.ms = 0;
  bool checked = budget.max_cycles || budget.max_seconds;
  if (checked && p.status == "ok") {
    bool pass = (!budget.max_cycles || p.cycles <= *budget.max_cycles) && (!budget.max_seconds || p.ms / 1e3 <= *budget.max_seconds);
    p.latency_budget = pass ? "pass" : "fail";
  } else if (checked) {
    p.latency_budget = "fail";
  }
  return p;
}

const std::vector<std::string>& predict_columns() {
  static const std::vector<std::string> c = {"candidate", "board", "engine", "status", "reason", "macs", "params",
                                             "units",     "cycles", "ms",    "latency_budget", "lut", "model"};
  return c;
}

json prediction_to_json(const Prediction& p, const LutTable& lut) {
  return {{"candidate", p.candidate}, {"board", lut.board},   {"engine", lut.engine}, {"status", p.status},
          {"reason", p.reason},       {"macs", p.counts.macs}, {"params", p.counts.params}, {"units", p.units},
          {"cycles", p.cycles},       {"ms", p.ms},           {"latency_budget", p.latency_budget}, {"lut", lut.path},
          {"model", p.model_path}};
}

}  // namespace mcusim::nas

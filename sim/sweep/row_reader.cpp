#include "sim/sweep/row_reader.h"

#include <fmt/format.h>

#include <cctype>
#include <fstream>

#include "sim/errors.h"
#include "sim/sweep/sweep_rows.h"

namespace mcusim {

using nlohmann::json;

json typed_cell(const std::string& text) {
  if (text == "true" || text == "false") return text == "true";
  if (!text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) || text[0] == '-')) {
    json j = json::parse(text, nullptr, false);
    if (!j.is_discarded() && j.is_number()) return j;
  }
  return text;
}

namespace {

bool has_key_columns(const json& row, const RowFileFormat& format) {
  if (!row.is_object()) return false;
  for (const std::string& c : format.key_columns) {
    auto it = row.find(c);
    if (it == row.end() || !it->is_string()) return false;
  }
  return true;
}

bool header_starts_with_keys(const std::vector<std::string>& header, const RowFileFormat& format) {
  if (header.size() < format.key_columns.size()) return false;
  for (size_t i = 0; i < format.key_columns.size(); ++i)
    if (header[i] != format.key_columns[i]) return false;
  return true;
}

}  // namespace

std::vector<json> read_row_file(const std::string& path, const RowFileFormat& format) {
  std::vector<json> rows;
  std::ifstream in(path);
  if (!in) return rows;
  std::string line;
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '{' && format.json_lines) {
      json j = json::parse(line, nullptr, false);
      if (!j.is_discarded() && has_key_columns(j, format)) rows.push_back(std::move(j));
      continue;
    }
    std::vector<std::string> fields = csv_fields(line);
    if (header.empty()) {
      header = fields;
      if (header.empty() || !header_starts_with_keys(header, format))
        throw InputError(fmt::format("{}: {}", path, format.not_ours));
      continue;
    }
    if (fields.size() != header.size()) continue;  // torn last line of an interrupted run
    json j = json::object();
    for (size_t i = 0; i < header.size(); ++i)
      j[header[i]] = i < format.key_columns.size() ? json(fields[i]) : typed_cell(fields[i]);
    rows.push_back(std::move(j));
  }
  return rows;
}

}  // namespace mcusim

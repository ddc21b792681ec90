// Reads back the row files RowFile writes (CSV with a header line, or JSON
// Lines): `mcusim sweep --resume`, `mcusim nas evaluate --resume`, `nas
// report` and the latency tables of `nas lut` all read their own output
// with this, so the rules for a torn or foreign file are the same for each.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace mcusim {

struct RowFileFormat {
  // The columns a row of this file starts with (a CSV header must begin with
  // them; a JSON line must hold each as a string). They stay text in CSV
  // even when they look like numbers (a candidate named "7").
  std::vector<std::string> key_columns;
  // Says what the file should have been, for the error on a foreign CSV:
  // "PATH: <not_ours>".
  std::string not_ours;
  bool json_lines = true;  // false: a JSON line is not a row of this file
};

// Every complete row, as an object of column -> value (CSV cells typed as
// numbers and booleans where they read as one). A missing file has no rows;
// a torn last line (an interrupted run) and a JSON line without the key
// columns are skipped. Throws InputError for a CSV whose header does not
// start with the key columns.
std::vector<nlohmann::json> read_row_file(const std::string& path, const RowFileFormat& format);

// A CSV cell as JSON: true/false, a number where the whole cell is one, else text.
nlohmann::json typed_cell(const std::string& text);

}  // namespace mcusim

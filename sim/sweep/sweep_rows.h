// Sweep rows as CSV and JSON Lines, written as rows finish, and read back for
// --resume. Both formats carry the same columns (docs/cli.md, "sweep").
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

#include "sim/sweep/sweep.h"

namespace mcusim {

// Column names, in CSV order.
const std::vector<std::string>& sweep_columns();
// One value per column; per-budget results are "pass", "fail" or "" (not checked).
nlohmann::json row_to_json(const SweepRow& row);
std::string csv_header();
// A CSV field, quoted when it holds a comma, quote or newline (newlines become spaces).
std::string csv_field(const std::string& text);
// Splits one CSV line (quoted fields as csv_field writes them).
std::vector<std::string> csv_fields(const std::string& line);
std::string csv_line(const SweepRow& row);
// A JSON value as a CSV cell: strings bare, booleans true/false, floats to 6 digits.
std::string csv_cell(const nlohmann::json& value);
// "pass", "fail" or "" (not checked) for the budget line `what` ("peak SRAM", ...).
std::string budget_result(const SweepRow& row, const char* what);
std::string jsonl_line(const SweepRow& row);

// The job keys (SweepJob::key()) of rows already in a CSV or JSON Lines file
// written by a sweep; empty when the file does not exist. A torn last line
// (the sweep was killed while writing) is ignored, so that job runs again.
std::set<std::string> completed_job_keys(const std::string& path);

}  // namespace mcusim

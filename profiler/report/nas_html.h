// The page a NAS user looks at after `mcusim nas evaluate`: one
// self-contained HTML file (inline CSS, script and SVG, no network: the same
// Content-Security-Policy as the profile page) with, per board, latency vs
// MACs and peak SRAM vs Flash scatter plots, the budget lines, feasible
// candidates highlighted, the Pareto front of MACs (the capacity proxy)
// against latency among the feasible ones, and a table sortable by any
// column. The script adds <div id="render-ok"> when it drew without an
// exception, as the profile page does.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "profiler/report/budget.h"

namespace mcusim {

// Indexes of the rows on the Pareto front, per board: feasible ("ok") rows
// that no other feasible row of the same board beats on both MACs (more is
// better) and latency "ms" (less is better).
std::vector<size_t> nas_pareto_front(const std::vector<nlohmann::json>& rows);

// rows: as read_nas_rows / nas_row_to_json give them. The budget draws the
// constraint lines (unset limits: no line; feasibility is each row's "ok").
std::string format_nas_html(const std::vector<nlohmann::json>& rows, const Budget& budget);
// Throws InputError when the file cannot be written.
void write_nas_html(const std::string& path, const std::vector<nlohmann::json>& rows, const Budget& budget);

}  // namespace mcusim

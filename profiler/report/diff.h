// Comparing two profiles (`mcusim diff BASE NEW`): totals, layers matched by
// name and order (cycles, and arena bytes touched), functions matched by
// name. Budgeted figures (total cycles, peak SRAM, flash, each layer's
// cycles) regress when NEW exceeds BASE by more than the threshold percent;
// the rest (the arena figures too: `check --max-arena` gates the arena) is
// informational.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "profiler/profile.h"

namespace mcusim {

struct DiffRow {
  enum class Section { Total, Layer, LayerArena, Function };
  enum class Kind { Count, Bytes };  // how to print the values
  Section section = Section::Total;
  std::string what;        // "total cycles", a layer or function name
  double base = 0, current = 0;
  double delta = 0;          // current - base
  double delta_percent = 0;  // delta / base * 100; +inf when base is 0 and current is not
  bool budgeted = false;     // can regress
  bool regressed = false;
  bool only_in_base = false, only_in_new = false;  // layer/function present in one profile only
  Kind kind = Kind::Count;
};

struct DiffOptions {
  double max_regression_percent = 0;  // budgeted rows regress when delta_percent > this
  size_t top_functions = 15;          // function rows: the largest |delta| first, at most this many (0 = all)
};

struct DiffResult {
  // Totals, then layers in NEW's order (removed layers after), then the
  // matched layers' arena bytes touched (when a profile measured an arena),
  // then functions.
  std::vector<DiffRow> rows;
  std::vector<std::string> warnings;      // different board, clock or timing model
  double max_regression_percent = 0;
  size_t functions_changed = 0;           // functions whose self cycles differ (listed or not)
  bool regressed = false;                 // any row regressed
};

// Layers: the k-th layer named X in BASE is matched with the k-th named X in
// NEW. A layer or function in one profile only is listed (only_in_*) but
// never regresses by itself; the total cycles catch what it costs. A
// budgeted total whose base is 0 regresses when it becomes non-zero.
DiffResult diff_profiles(const Profile& base, const Profile& current, const DiffOptions& options = {});

// Plain-text tables with a verdict line ("REGRESSION: ..." / "OK: ...").
std::string format_diff_table(const DiffResult& diff);
// GitHub-flavoured Markdown for a pull-request comment; function rows go in a
// collapsed <details> block.
std::string format_diff_markdown(const DiffResult& diff);

}  // namespace mcusim

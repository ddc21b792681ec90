// The deployment constraint check behind `mcusim check` (TinyNAS-style
// budgets: peak SRAM, flash, cycles, latency).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "profiler/profile.h"

namespace mcusim {

struct Budget {
  std::optional<uint64_t> max_sram;    // bytes of peak SRAM; unset: the board's memory.sram_size
  std::optional<uint64_t> max_flash;   // bytes of flash; unset: the board's memory.flash_size
  std::optional<uint64_t> max_cycles;  // total cycles; unset: not checked
  std::optional<double> max_seconds;   // simulated time at the board clock; unset: not checked
  std::optional<uint64_t> max_arena;   // bytes of the activation arena used; unset: not checked
};

enum class BudgetUnit { Bytes, Cycles, Seconds };

struct BudgetLine {
  std::string what;       // "peak SRAM", "flash", "cycles", "latency"
  double limit = 0, actual = 0;
  double margin_percent = 0;  // (limit - actual) / limit * 100: headroom left; negative when over
  bool pass = true;           // actual <= limit
  BudgetUnit unit = BudgetUnit::Bytes;
  bool from_board = false;    // the limit is the board's capacity, not an explicit budget
  // Arena over budget: the first layer by whose end the arena use exceeded
  // the limit ("" when none did: the use grew outside layers).
  std::string first_layer_over;
};

// One line per checked figure, in the order SRAM, flash, cycles, latency, arena.
// SRAM/flash lines are left out when neither a budget nor the board capacity
// is known (0). Throws InputError when max_seconds is set but the profile
// has no clock.
std::vector<BudgetLine> check_budget(const Profile& profile, const Budget& budget);
bool budget_passed(const std::vector<BudgetLine>& lines);
// Aligned text table (budget, limit, actual, margin, result) and a verdict
// line: "PASS: all budgets met" / "FAIL: peak SRAM over budget by 1.2 KiB".
std::string format_budget_table(const std::vector<BudgetLine>& lines);
// The same as a Markdown table, for pull-request comments.
std::string format_budget_markdown(const std::vector<BudgetLine>& lines);

// "25ms", "300us", "300µs", "1.5s", "2500ns", "0.1 s" -> seconds. A unit is
// required. Throws InputError "<what>: ..." on anything else.
double parse_time(std::string_view text, const std::string& what);

}  // namespace mcusim

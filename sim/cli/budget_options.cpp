#include "sim/cli/budget_options.h"

#include "sim/board.h"
#include "sim/options/run_option_table.h"

namespace mcusim::cli {

// Budgets: sizes as 256K, 1MiB, 0x40000; times as 25ms, 300us, 1.5s.
void add_budget_options(CLI::App& app, Budget& budget, bool arena) {
  add_value(app, "--max-sram", "SIZE", "peak SRAM budget (default: the board's RAM)",
            [&budget](const std::string& v) { budget.max_sram = parse_size(v, "--max-sram"); })->group("Budgets");
  add_value(app, "--max-flash", "SIZE", "Flash budget (default: the board's Flash)",
            [&budget](const std::string& v) { budget.max_flash = parse_size(v, "--max-flash"); })->group("Budgets");
  add_value(app, "--max-latency", "TIME", "latency budget: 25ms, 300us, 1.5s",
            [&budget](const std::string& v) { budget.max_seconds = parse_time(v, "--max-latency"); })->group("Budgets");
  // A budget here, not the run limit of the same name.
  add_value(app, "--max-cycles", "N", "cycle budget (not a run limit here)",
            [&budget](const std::string& v) { budget.max_cycles = parse_count(v, "--max-cycles"); })->group("Budgets");
  if (arena)
    add_value(app, "--max-arena", "SIZE", "bytes of the activation arena used (docs/profiling.md)",
              [&budget](const std::string& v) { budget.max_arena = parse_size(v, "--max-arena"); })->group("Budgets");
}


}  // namespace mcusim::cli

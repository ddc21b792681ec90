// The budget options of check and sweep, registered the same way in both.
#pragma once

#include "profiler/report/budget.h"
#include "sim/cli/command_line.h"

namespace mcusim::cli {

// --max-sram, --max-flash, --max-latency, --max-cycles (a budget, not the run
// limit of that name) and, with `arena`, --max-arena.
void add_budget_options(CLI::App& command, Budget& budget, bool arena);

}  // namespace mcusim::cli

// mcusim check: the TinyNAS constraint check. Runs an ELF (or reads a
// profile JSON written by --json) and compares peak SRAM, Flash and latency
// with budgets; exit 1 when one is exceeded.
#include <fmt/format.h>

#include <fstream>

#include "profiler/report/budget.h"
#include "profiler/report/json_report.h"
#include "sim/cli/commands.h"
#include "sim/cli/run_options.h"

namespace mcusim::cli {

namespace {
bool is_json_file(const std::string& path) {
  std::ifstream in(path);
  char c = 0;
  while (in.get(c) && std::isspace(static_cast<unsigned char>(c))) {
  }
  return c == '{';
}
}  // namespace

int check_command(Args& args) {
  Budget budget;
  RunRequest request = parse_run_request(args, "check", [&budget](Args& a, const std::string& word) {
    if (word == "--max-sram") budget.max_sram = parse_size(a.value_of(word), word);
    else if (word == "--max-flash") budget.max_flash = parse_size(a.value_of(word), word);
    else if (word == "--max-arena") budget.max_arena = parse_size(a.value_of(word), word);
    else if (word == "--max-latency") budget.max_seconds = parse_time(a.value_of(word), word);
    else if (word == "--max-cycles") budget.max_cycles = a.number_of(word);  // a budget here, not a run limit
    else return false;
    return true;
  });
  Profile profile;
  int run_status = 0;
  if (is_json_file(request.elf)) {
    profile = read_profile_json(request.elf);
  } else {
    request.options.profile = true;
    RunOutcome outcome = run_and_report(request);
    run_status = outcome.result.process_exit_code();
    if (outcome.result.reason != StopReason::Exited) return run_status;
    profile = *outcome.profile;
  }
  std::vector<BudgetLine> lines = check_budget(profile, budget);
  fmt::print("{}", format_budget_table(lines));
  if (!budget_passed(lines)) {
    fmt::print(stderr, "mcusim: budget exceeded\n");
    return kExitBudgetExceeded;
  }
  return run_status;
}

}  // namespace mcusim::cli

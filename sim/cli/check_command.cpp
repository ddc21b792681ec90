// mcusim check: the TinyNAS constraint check. Runs an ELF (or reads a
// profile JSON written by --json) and compares peak SRAM, Flash and latency
// with budgets; exit 1 when one is exceeded.
#include <fmt/format.h>

#include <fstream>

#include "profiler/report/budget.h"
#include "profiler/report/json_report.h"
#include "sim/cli/budget_options.h"
#include "sim/cli/commands.h"
#include "sim/cli/run_options.h"
#include "sim/errors.h"

namespace mcusim::cli {

namespace {
bool is_json_file(const std::string& path) {
  std::ifstream in(path);
  char c = 0;
  while (in.get(c) && std::isspace(static_cast<unsigned char>(c))) {
  }
  return c == '{';
}

struct CheckRequest {
  RunRequest run;
  Budget budget;
};

int check(CheckRequest& c) {
  RunRequest& request = c.run;
  const Budget& budget = c.budget;
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

}  // namespace

Command add_check_command(CLI::App& mcusim) {
  CLI::App* app = add_command(mcusim, "check", "budgets: a pass/fail table, exit 1 when one is exceeded");
  auto request = std::make_shared<CheckRequest>();
  add_elf(*app, request->run, "firmware ELF, or a profile written by --json");
  add_budget_options(*app, request->budget, true);
  add_run_options(*app, request->run, {"--max-cycles"});
  add_report_options(*app, request->run);
  return {app, true, [app, request](std::vector<std::string> firmware_args) {
            finish_run_request(*app, request->run, std::move(firmware_args));
            return check(*request);
          }};
}

}  // namespace mcusim::cli

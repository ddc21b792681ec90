// Options shared by the commands that run firmware (run, check, annotate,
// sweep): the run options of sim/options/run_option_table.h, registered from
// the table, and the report options, which only the command line has.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "sim/cli/command_line.h"
#include "sim/options/run_option_table.h"
#include "sim/simulator.h"

namespace mcusim::cli {

struct RunRequest : RunSettings {
  std::string elf;
  bool quiet = false;
  // Report outputs; any of them turns profiling on.
  std::string json, callgrind, folded, trace, html;
  bool summary = false;  // --profile: print the profile summary
  bool json_calls = false;  // --json-calls: every function call's span in --json too
};

// One row of the run option table, writing into `settings` (which must
// outlive the parse).
CLI::Option* add_run_option(CLI::App& command, RunSettings& settings, const RunOptionSpec& spec);
// Every row of the run option table but those in `except` (options the
// command gives a meaning of its own: sweep's --board lists, check's
// --max-cycles budget), in the "Run options" and "Profiling" help groups.
void add_run_options(CLI::App& command, RunSettings& settings, std::initializer_list<std::string_view> except = {});
// --quiet, --profile and the report files.
void add_report_options(CLI::App& command, RunRequest& request);
// The ELF positional (`what` names it in help).
void add_elf(CLI::App& command, RunRequest& request, std::string what = "firmware ELF");
// After parsing: one ELF given, the firmware's arguments, and profiling on
// when a report or profiling option asks for it.
void finish_run_request(const CLI::App& command, RunRequest& request, std::vector<std::string> firmware_args);

struct RunOutcome {
  RunResult result;
  std::optional<Profile> profile;
};
// Runs, prints firmware output, messages and the summary line; writes reports.
RunOutcome run_and_report(const RunRequest& request, Simulator** keep = nullptr);
void print_run_summary(const RunResult& result, const Board& board);

}  // namespace mcusim::cli

// Options shared by the commands that run firmware (run, check, annotate).
#pragma once

#include <functional>
#include <string>

#include "sim/cli/args.h"
#include "sim/simulator.h"

namespace mcusim::cli {

struct RunRequest {
  std::string board = "mps2-an386";
  std::string elf;
  RunOptions options;
  bool quiet = false;
  // Report outputs; any of them turns profiling on.
  std::string json, callgrind, folded, trace, html;
  bool summary = false;  // --profile: print the profile summary
  bool json_calls = false;  // --json-calls: every function call's span in --json too
};

// Consumes `word` (and its value) if it is a run option; false otherwise.
bool parse_run_option(Args& args, const std::string& word, RunRequest& request);
// Reads options and the ELF (and `-- ARGS`) until the words run out.
// `command_option` sees each option first and consumes the command's own
// (returning true), so run options are parsed in one place.
using CommandOption = std::function<bool(Args&, const std::string& word)>;
RunRequest parse_run_request(Args& args, const char* command, const CommandOption& command_option = {});

struct RunOutcome {
  RunResult result;
  std::optional<Profile> profile;
};
// Runs, prints firmware output, messages and the summary line; writes reports.
RunOutcome run_and_report(const RunRequest& request, Simulator** keep = nullptr);
void print_run_summary(const RunResult& result, const Board& board);

}  // namespace mcusim::cli

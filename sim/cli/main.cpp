// mcusim: a thin command table over the library. Each command registers its
// own options (commands.h); CLI11 parses; errors in what the user handed us
// end as "mcusim: <message>", exit 125.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/cli/commands.h"
#include "sim/errors.h"
#include "sim/options/run_option_table.h"

namespace {

using mcusim::cli::Command;

// The commands, in the order `mcusim --help` lists them.
Command (*const kCommands[])(CLI::App&) = {
    mcusim::cli::add_run_command,  mcusim::cli::add_info_command,     mcusim::cli::add_check_command,
    mcusim::cli::add_diff_command, mcusim::cli::add_annotate_command, mcusim::cli::add_sweep_command,
    mcusim::cli::add_boards_command,
};

const char* const kFooter =
    "mcusim COMMAND --help lists a command's options (docs/cli.md).\n\n"
    "exit codes: the firmware's exit code; 124 run limit hit or the firmware can never finish;\n"
    "            125 usage or input error; 126 firmware fault; check/diff/sweep: 1 budget exceeded";

// CLI11's words for a missing value ("--board: 1 required NAME|FILE missing")
// in ours; any other parse error keeps CLI11's text after the command's name.
std::string message_of(const CLI::ParseError& e, const std::string& command) {
  std::string text = e.what();
  size_t colon = text.find(": ");
  if (e.get_name() == "ArgumentMismatch" && colon != std::string::npos && text.ends_with(" missing") &&
      text.find(" required ") != std::string::npos)
    return fmt::format("{} needs a value", text.substr(0, colon));
  return command.empty() ? text : fmt::format("{}: {}", command, text);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  // `-- ARGS` is the firmware's command line, whatever its words look like:
  // split off before CLI11 sees them.
  std::vector<std::string> firmware_args;
  auto dashes = std::find(words.begin(), words.end(), "--");
  bool has_firmware_args = dashes != words.end();
  if (has_firmware_args) {
    firmware_args.assign(dashes + 1, words.end());
    words.erase(dashes, words.end());
  }
  if (!words.empty() && words[0] == "help") {  // "mcusim help [COMMAND]"
    words.erase(words.begin());
    words.push_back("--help");
  }

  CLI::App app{"mcusim: simulate and profile Arm Cortex-M4/M7 firmware", "mcusim"};
  app.allow_extras();  // an unknown command gets our message, below
  app.footer(kFooter);
  app.get_formatter()->label("SUBCOMMAND", "COMMAND");
  app.get_formatter()->column_width(34);
  std::vector<Command> commands;
  for (auto add : kCommands) commands.push_back(add(app));
  std::string arguments_help = fmt::format("-- {}: {}", mcusim::run_option_by_cli("--")->value_name, mcusim::run_option_by_cli("--")->help);
  for (const Command& c : commands)
    if (c.takes_firmware_args) c.app->footer(arguments_help);

  if (words.empty()) {
    fmt::print(stderr, "{}", app.help());
    return mcusim::kExitInputError;
  }
  const Command* chosen = nullptr;
  try {
    std::vector<std::string> reversed(words.rbegin(), words.rend());  // CLI11 takes the words last first
    try {
      app.parse(reversed);
    } catch (const CLI::ParseError&) {
      for (const Command& c : commands)
        if (c.app->parsed()) chosen = &c;
      throw;
    }
    for (const Command& c : commands)
      if (c.app->parsed()) chosen = &c;
    std::vector<std::string> extra = app.remaining();
    if (!chosen || !extra.empty()) {
      std::string word = extra.empty() ? words[0] : extra[0];
      fmt::print(stderr, "mcusim: unknown {} '{}'\n\n{}", word.starts_with("-") ? "option" : "command", word, app.help());
      return mcusim::kExitInputError;
    }
    if (has_firmware_args && !chosen->takes_firmware_args)
      throw mcusim::InputError(fmt::format("{}: unknown option '--' (firmware arguments are for run, check and annotate)",
                                           chosen->app->get_name()));
    return chosen->run(std::move(firmware_args));
  } catch (const CLI::CallForHelp&) {
    fmt::print("{}", app.help());
    return 0;
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "mcusim: {}\n", message_of(e, chosen ? chosen->app->get_name() : ""));
    return mcusim::kExitInputError;
  } catch (const mcusim::InputError& e) {
    fmt::print(stderr, "mcusim: {}\n", e.what());
    return mcusim::kExitInputError;
  } catch (const std::exception& e) {
    fmt::print(stderr, "mcusim: internal error: {}\n", e.what());
    return mcusim::kExitInputError;
  }
}

// The pieces every mcusim command is built from: a Command is a CLI11
// subcommand whose options write into state its handler owns, registered by
// one add_<name>_command function (commands.h). main parses, then calls the
// handler of the command given. Errors keep the form "mcusim: <message>",
// exit 125, with the option named.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace mcusim::cli {

struct Command {
  CLI::App* app = nullptr;
  // Whether `-- ARGS` (the firmware's command line) belongs to this command.
  bool takes_firmware_args = false;
  // Runs the command after a successful parse; returns the exit code.
  std::function<int(std::vector<std::string> firmware_args)> run;
};

// A subcommand of `mcusim` with the common settings (help, extras kept for
// our own messages, the "Commands" group).
CLI::App* add_command(CLI::App& mcusim, std::string_view name, std::string_view description);

// An option taking one value, handed to `set` as text so the command parses it
// with messages naming the option; given twice, the last one counts.
CLI::Option* add_value(CLI::App& command, const std::string& names, std::string_view value_name, std::string help,
                       std::function<void(const std::string&)> set);
// An option that may be given several times, one value each; `add` sees each
// value in order.
CLI::Option* add_repeatable(CLI::App& command, const std::string& names, std::string_view value_name, std::string help,
                            std::function<void(const std::string&)> add);
// A flag without a value; `set` runs once when it is given.
CLI::Option* add_switch(CLI::App& command, const std::string& names, std::string help, std::function<void()> set);

// Words the command did not take: an unknown option is an error naming it;
// the positionals left over are returned for the command's own message.
std::vector<std::string> extra_positionals(const CLI::App& command);
// The same, for commands whose positionals are all registered.
void refuse_extras(const CLI::App& command);

// "mcusim COMMAND --help" names, for messages.
std::string help_hint(const CLI::App& command);

// Appends the comma-separated names in `value` ("a,b") to `list`; an empty
// name is an InputError naming `option`.
void add_comma_list(std::vector<std::string>& list, const std::string& value, const std::string& option);

}  // namespace mcusim::cli

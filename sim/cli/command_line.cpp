#include "sim/cli/command_line.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/errors.h"

namespace mcusim::cli {

CLI::App* add_command(CLI::App& mcusim, std::string_view name, std::string_view description) {
  CLI::App* command = mcusim.add_subcommand(std::string(name), std::string(description));
  command->group("Commands");
  // Unknown words stay in remaining() so take_extras() can name them in our
  // own words rather than CLI11's "The following arguments were not expected".
  command->allow_extras();
  return command;
}

CLI::Option* add_value(CLI::App& command, const std::string& names, std::string_view value_name, std::string help,
                       std::function<void(const std::string&)> set) {
  return command.add_option_function<std::string>(names, std::move(set), std::move(help))
      ->type_name(std::string(value_name))
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
}

CLI::Option* add_repeatable(CLI::App& command, const std::string& names, std::string_view value_name, std::string help,
                            std::function<void(const std::string&)> add) {
  auto each = [add = std::move(add)](const std::vector<std::string>& values) {
    for (const std::string& v : values) add(v);
  };
  return command.add_option_function<std::vector<std::string>>(names, std::move(each), std::move(help))
      ->type_name(std::string(value_name))
      ->allow_extra_args(false)  // one value per occurrence: `--board a ELF` leaves ELF a positional
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

CLI::Option* add_switch(CLI::App& command, const std::string& names, std::string help, std::function<void()> set) {
  return command.add_flag_function(names, [set = std::move(set)](int64_t count) {
    if (count > 0) set();
  }, std::move(help));
}

std::string help_hint(const CLI::App& command) { return fmt::format("mcusim {} --help", command.get_name()); }

std::vector<std::string> extra_positionals(const CLI::App& command) {
  std::vector<std::string> positionals;
  for (const std::string& word : command.remaining()) {
    if (word.size() > 1 && word[0] == '-')
      throw InputError(fmt::format("{}: unknown option '{}' (see {})", command.get_name(), word, help_hint(command)));
    positionals.push_back(word);
  }
  return positionals;
}

void refuse_extras(const CLI::App& command) {
  std::vector<std::string> extra = extra_positionals(command);
  if (!extra.empty())
    throw InputError(fmt::format("{}: unexpected argument '{}' (see {})", command.get_name(), extra[0], help_hint(command)));
}

void add_comma_list(std::vector<std::string>& list, const std::string& value, const std::string& option) {
  size_t start = 0;
  while (start <= value.size()) {
    size_t comma = std::min(value.find(',', start), value.size());
    std::string item = value.substr(start, comma - start);
    if (item.empty()) throw InputError(fmt::format("{}: empty name in '{}'", option, value));
    list.push_back(item);
    start = comma + 1;
  }
}

}  // namespace mcusim::cli

// mcusim diff BASE.json NEW.json: totals, layers and functions side by side;
// exit 1 when a budgeted figure regressed past --max-regression percent.
#include <fmt/format.h>

#include "profiler/report/diff.h"
#include "profiler/report/json_report.h"
#include "sim/cli/commands.h"

namespace mcusim::cli {

int diff_command(Args& args) {
  DiffOptions options;
  bool markdown = false;
  std::vector<std::string> files;
  while (!args.done()) {
    std::string word = args.next();
    if (word == "--max-regression") {
      std::string v = args.value_of(word);
      if (!v.empty() && v.back() == '%') v.pop_back();
      try {
        options.max_regression_percent = std::stod(v);
      } catch (const std::exception&) {
        throw InputError(fmt::format("--max-regression: '{}' is not a percentage", v));
      }
    } else if (word == "--markdown") {
      markdown = true;
    } else if (word == "--top") {
      options.top_functions = args.number_of(word);
    } else if (word.starts_with("-")) {
      throw InputError(fmt::format("diff: unknown option '{}'", word));
    } else {
      files.push_back(word);
    }
  }
  if (files.size() != 2) throw InputError("diff: give two profiles: mcusim diff BASE.json NEW.json [--max-regression PCT] [--markdown]");
  DiffResult diff = diff_profiles(read_profile_json(files[0]), read_profile_json(files[1]), options);
  for (const std::string& w : diff.warnings) fmt::print(stderr, "mcusim: warning: {}\n", w);
  fmt::print("{}", markdown ? format_diff_markdown(diff) : format_diff_table(diff));
  return diff.regressed ? kExitBudgetExceeded : 0;
}

}  // namespace mcusim::cli

// mcusim diff BASE.json NEW.json: totals, layers and functions side by side;
// exit 1 when a budgeted figure regressed past --max-regression percent.
#include <fmt/format.h>

#include "profiler/report/diff.h"
#include "profiler/report/json_report.h"
#include "sim/cli/commands.h"
#include "sim/errors.h"
#include "sim/options/run_option_table.h"

namespace mcusim::cli {

namespace {

struct DiffRequest {
  DiffOptions options;
  bool markdown = false;
  std::vector<std::string> files;
};

double parse_percent(std::string text) {
  if (!text.empty() && text.back() == '%') text.pop_back();
  try {
    size_t used = 0;
    double percent = std::stod(text, &used);
    if (used == text.size()) return percent;
  } catch (const std::exception&) {
  }
  throw InputError(fmt::format("--max-regression: '{}' is not a percentage", text));
}

int diff(const DiffRequest& r) {
  const DiffOptions& options = r.options;
  const bool markdown = r.markdown;
  const std::vector<std::string>& files = r.files;
  if (files.size() != 2) throw InputError("diff: give two profiles: mcusim diff BASE.json NEW.json [--max-regression PCT] [--markdown]");
  DiffResult diff = diff_profiles(read_profile_json(files[0]), read_profile_json(files[1]), options);
  for (const std::string& w : diff.warnings) fmt::print(stderr, "mcusim: warning: {}\n", w);
  fmt::print("{}", markdown ? format_diff_markdown(diff) : format_diff_table(diff));
  return diff.regressed ? kExitBudgetExceeded : 0;
}

}  // namespace

Command add_diff_command(CLI::App& mcusim) {
  CLI::App* app = add_command(mcusim, "diff", "two profiles side by side; exit 1 when a budgeted figure regressed");
  auto r = std::make_shared<DiffRequest>();
  app->add_option("PROFILE", r->files, "BASE.json and NEW.json: profiles written by mcusim run --json");
  add_value(*app, "--max-regression", "PCT",
            "exit 1 when total cycles, peak SRAM, Flash or a layer's cycles grew by more than PCT percent",
            [r](const std::string& v) { r->options.max_regression_percent = parse_percent(v); });
  add_switch(*app, "--markdown", "a Markdown table for a pull-request comment", [r] { r->markdown = true; });
  add_value(*app, "--top", "N", fmt::format("functions listed (default: {}; 0 = all)", DiffOptions{}.top_functions),
            [r](const std::string& v) { r->options.top_functions = parse_count(v, "--top"); });
  return {app, false, [app, r](std::vector<std::string>) {
            for (std::string& extra : extra_positionals(*app)) r->files.push_back(extra);
            return diff(*r);
          }};
}

}  // namespace mcusim::cli

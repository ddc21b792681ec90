#include "sim/cli/run_options.h"

#include <fmt/format.h>

#include <algorithm>

#include "profiler/report/callgrind_writer.h"
#include "profiler/report/folded_writer.h"
#include "profiler/report/format.h"
#include "profiler/report/html_writer.h"
#include "profiler/report/json_report.h"
#include "profiler/report/terminal_report.h"
#include "profiler/report/trace_writer.h"
#include "sim/errors.h"

namespace mcusim::cli {

namespace {

const char* const kRunGroup = "Run options";
const char* const kProfilingGroup = "Profiling (any of these turns it on)";

// The command line's own options: where the profile goes. Python returns the
// same figures as values (RunResult.to_dict(), layers, ...).
struct ReportFile {
  const char* name;
  const char* help;
  std::string RunRequest::*file;
};
const ReportFile kReportFiles[] = {
    {"--json", "versioned JSON profile (docs/report-format.md; - for stdout)", &RunRequest::json},
    {"--callgrind", "for KCachegrind / callgrind_annotate", &RunRequest::callgrind},
    {"--folded", "collapsed stacks for flamegraph.pl / speedscope", &RunRequest::folded},
    {"--trace", "Chrome trace (Perfetto) of layers and calls in simulated time", &RunRequest::trace},
    {"--html", "self-contained page with charts", &RunRequest::html},
};

std::string help_with_default(const RunOptionSpec& spec) {
  std::string value = default_text(spec);
  return value.empty() ? std::string(spec.help) : fmt::format("{} (default: {})", spec.help, value);
}

}  // namespace

CLI::Option* add_run_option(CLI::App& command, RunSettings& settings, const RunOptionSpec& spec) {
  std::string names(spec.cli);
  CLI::Option* option =
      spec.kind == OptionKind::Switch || spec.kind == OptionKind::NoSwitch
          ? add_switch(command, names, help_with_default(spec), [&spec, &settings] { set_from_text(spec, settings, ""); })
          : add_value(command, names, spec.value_name, help_with_default(spec),
                      [&spec, &settings](const std::string& text) { set_from_text(spec, settings, text); });
  return option->group(spec.profiling ? kProfilingGroup : kRunGroup);
}

void add_run_options(CLI::App& command, RunSettings& settings, std::initializer_list<std::string_view> except) {
  for (const RunOptionSpec& spec : run_option_table()) {
    if (spec.kind == OptionKind::Arguments) continue;  // the words after --, split off by main
    if (std::find(except.begin(), except.end(), spec.cli) != except.end()) continue;
    add_run_option(command, settings, spec);
  }
}

void add_report_options(CLI::App& command, RunRequest& r) {
  add_switch(command, "-q,--quiet", "no summary line", [&r] { r.quiet = true; })->group(kRunGroup);
  add_switch(command, "--profile", "print totals, top functions, layers and memory", [&r] { r.summary = true; })
      ->group(kProfilingGroup);
  for (const ReportFile& f : kReportFiles)
    add_value(command, f.name, "FILE", f.help, [&r, file = f.file](const std::string& path) { r.*file = path; })
        ->group(kProfilingGroup);
  add_switch(command, "--json-calls", "with --json: every function call's span too (large; --trace has them)",
             [&r] { r.json_calls = true; })
      ->group(kProfilingGroup);
}

void add_elf(CLI::App& command, RunRequest& request, std::string what) {
  command.add_option("ELF", request.elf, std::move(what))->type_name("");
}

void finish_run_request(const CLI::App& command, RunRequest& r, std::vector<std::string> firmware_args) {
  std::string name = command.get_name();
  std::vector<std::string> extra = extra_positionals(command);
  if (!extra.empty())
    throw InputError(fmt::format("{}: more than one ELF given ('{}' and '{}'); firmware arguments go after --", name, r.elf, extra[0]));
  if (r.elf.empty()) throw InputError(fmt::format("{}: no firmware ELF given (usage: mcusim {} [--board NAME] ELF)", name, name));
  r.options.firmware_args = std::move(firmware_args);
  bool reports = !r.json.empty() || !r.callgrind.empty() || !r.folded.empty() || !r.trace.empty() || !r.html.empty();
  r.options.profile = r.options.profile || r.summary || reports || profiling_requested(r);
  // Function spans go only into --trace and --json with --json-calls: without
  // them the run does not record them (a call-heavy run wrote 6.4 MB of them,
  // then sorted them, docs/speed.md "Tenth session").
  bool function_spans_written = !r.trace.empty() || (!r.json.empty() && r.json_calls);
  if (!function_spans_written) r.options.profile_options.max_function_spans = 0;
}

void print_run_summary(const RunResult& result, const Board& b) {
  double seconds = result.seconds;
  uint64_t clock_hz = result.clock_hz ? result.clock_hz : b.clock_hz;
  double mips = result.host_seconds > 0 ? static_cast<double>(result.instructions) / result.host_seconds / 1e6 : 0;
  std::string ending = result.reason == StopReason::Exited ? fmt::format("exit {}", result.firmware_exit_code)
                                                            : fmt::format("stopped (exit {})", result.process_exit_code());
  fmt::print(stderr, "mcusim: {} | {} instructions | {} cycles | {} at {} MHz on {} ({}) | CPI {:.3f} | host {:.2f} s, {:.0f} MIPS\n",
             ending, with_commas(result.instructions), with_commas(result.cycles), human_seconds(seconds),
             static_cast<double>(clock_hz) / 1e6, b.name, core_name(b.core), ratio(result.cycles, result.instructions),
             result.host_seconds, mips);
  if (clock_hz != b.clock_hz)
    fmt::print(stderr, "mcusim: clock: {:g} MHz set by the firmware ({}); the board file's nominal clock is {:g} MHz\n",
               static_cast<double>(clock_hz) / 1e6, result.clock_note, static_cast<double>(b.clock_hz) / 1e6);
  if (result.caches.empty()) return;
  std::string used;
  for (const CacheStats& c : result.caches) {
    uint64_t accesses = c.hits + c.misses;
    if (accesses == 0) continue;
    used += fmt::format("{}{} {} hits, {} misses ({} hits)", used.empty() ? "" : "; ", c.name, with_commas(c.hits),
                        with_commas(c.misses), percent(pct(c.hits, accesses)));
  }
  fmt::print(stderr, "mcusim: caches: {}\n", used.empty() ? "none switched on by the firmware" : used);
}

RunOutcome run_and_report(const RunRequest& r, Simulator** keep) {
  static std::unique_ptr<Simulator> kept;
  auto sim = std::make_unique<Simulator>(load_board(r.board), ElfImage::load(r.elf), r.options);
  RunOutcome outcome{sim->run(), sim->take_profile()};  // braced: run() is evaluated first
  const RunResult& result = outcome.result;
  if (result.fault) fmt::print(stderr, "mcusim: firmware fault\n{}", result.fault->report);
  else if (!result.message.empty()) fmt::print(stderr, "mcusim: {}\n", result.message);
  if (!r.quiet) print_run_summary(result, sim->board());
  if (outcome.profile) {
    const Profile& p = *outcome.profile;
    for (const std::string& w : p.warnings) fmt::print(stderr, "mcusim: warning: {}\n", w);
    if (r.summary) fmt::print(stderr, "\n{}", format_summary(p, 10));
    if (!r.json.empty()) write_json(p, r.json, JsonDetail{r.json_calls});
    if (!r.callgrind.empty()) write_callgrind(p, r.callgrind);
    if (!r.folded.empty()) write_folded(p, r.folded);
    if (!r.trace.empty()) write_trace(p, r.trace);
    if (!r.html.empty()) write_html(p, r.html);
  }
  if (keep) {
    kept = std::move(sim);
    *keep = kept.get();
  }
  return outcome;
}

}  // namespace mcusim::cli

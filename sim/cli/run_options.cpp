#include "sim/cli/run_options.h"

#include <fmt/format.h>

#include "profiler/report/callgrind_writer.h"
#include "profiler/report/folded_writer.h"
#include "profiler/report/format.h"
#include "profiler/report/html_writer.h"
#include "profiler/report/json_report.h"
#include "profiler/report/terminal_report.h"
#include "profiler/report/trace_writer.h"

namespace mcusim::cli {

bool parse_run_option(Args& args, const std::string& word, RunRequest& r) {
  RunOptions& o = r.options;
  if (word == "--board") r.board = args.value_of(word);
  else if (word == "--max-instructions") o.max_instructions = args.number_of(word);
  else if (word == "--max-cycles") o.max_cycles = args.number_of(word);
  else if (word == "--timeout") o.timeout_seconds = args.seconds_of(word);
  else if (word == "--max-output") o.max_output = args.number_of(word);
  else if (word == "--idle-limit") o.idle_limit_seconds = args.seconds_of(word);
  else if (word == "--timing") o.timing = args.value_of(word);
  else if (word == "--strict") o.strict = true;
  else if (word == "--no-stack-check") o.stack_check = false;
  else if (word == "--no-alignment-checks") o.alignment_checks = false;
  else if (word == "--semihosting-root") o.semihosting_root = args.value_of(word);
  else if (word == "--quiet" || word == "-q") r.quiet = true;
  else if (word == "--profile") r.summary = true;
  else if (word == "--json") r.json = args.value_of(word);
  else if (word == "--json-calls") r.json_calls = true;
  else if (word == "--callgrind") r.callgrind = args.value_of(word);
  else if (word == "--folded") r.folded = args.value_of(word);
  else if (word == "--trace") r.trace = args.value_of(word);
  else if (word == "--html") r.html = args.value_of(word);
  else if (word == "--layer-functions") o.profile_options.layer_functions = args.value_of(word);
  else if (word == "--layer-map") o.profile_options.layer_map = args.value_of(word);
  else if (word == "--layer-caller") o.profile_options.layer_caller = args.value_of(word);
  else if (word == "--layers") o.profile_options.layers = args.value_of(word);
  else if (word == "--arena") o.profile_options.arena = args.value_of(word);
  else return false;
  return true;
}

RunRequest parse_run_request(Args& args, const char* command, const CommandOption& command_option) {
  RunRequest r;
  while (!args.done()) {
    std::string word = args.next();
    if (command_option && command_option(args, word)) continue;
    if (parse_run_option(args, word, r)) continue;
    if (word == "--") r.options.firmware_args = args.rest();
    else if (word.starts_with("-")) throw InputError(fmt::format("{}: unknown option '{}' (see mcusim --help)", command, word));
    else if (r.elf.empty()) r.elf = word;
    else throw InputError(fmt::format("{}: more than one ELF given ('{}' and '{}'); firmware arguments go after --", command, r.elf, word));
  }
  if (r.elf.empty()) throw InputError(fmt::format("{}: no firmware ELF given (usage: mcusim {} [--board NAME] ELF)", command, command));
  bool reports = !r.json.empty() || !r.callgrind.empty() || !r.folded.empty() || !r.trace.empty() || !r.html.empty();
  const ProfileOptions& po = r.options.profile_options;
  r.options.profile = r.options.profile || r.summary || reports || !po.layer_functions.empty() || !po.layer_map.empty() ||
                      !po.layer_caller.empty() || po.layers != "auto" || !po.arena.empty();
  return r;
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

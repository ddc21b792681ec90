// mcusim annotate ELF --function NAME: source lines of one function with the
// cycles and executions spent on each, and the disassembly under each line,
// like perf annotate. Per-instruction figures come from the executed blocks'
// counts and the cycle model's per-instruction offsets: no per-instruction hook.
#include <fmt/format.h>

#include <fstream>
#include <map>

#include "profiler/report/format.h"
#include "sim/cli/commands.h"
#include "sim/cli/run_options.h"
#include "sim/errors.h"

namespace mcusim::cli {

namespace {
struct InsnCost {
  uint64_t executions = 0, cycles = 0;
};

std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

int annotate(RunRequest& request, const std::string& function) {
  if (function.empty()) throw InputError("annotate: name the function: mcusim annotate ELF --function NAME");
  request.quiet = true;
  request.options.profile = true;  // block execution counts are kept only when profiling
  Simulator* sim = nullptr;
  RunOutcome outcome = run_and_report(request, &sim);

  const ElfSymbol* symbol = sim->image().symbol_named(function);
  if (!symbol || !symbol->is_function)
    throw InputError(fmt::format("annotate: no function named '{}' in {}", function, request.elf));
  uint32_t begin = symbol->address, end = sim->symbolizer().function_end(*symbol);

  // Every instruction of every executed block inside the function.
  std::map<uint32_t, InsnCost> costs;
  Disassembler disassembler;
  MemoryMap memory(sim->board());
  memory.load(sim->image());
  for (const BlockInfo& b : sim->blocks()) {
    if (b.executions == 0 || b.address >= end || b.address + b.size <= begin) continue;
    const uint8_t* code = memory.host(b.address, b.size);
    if (!code) continue;
    std::vector<DecodedInsn> insns = disassembler.decode(b.address, code, b.size);
    for (size_t i = 0; i < insns.size(); ++i) {
      uint64_t cost = 1;
      if (b.cycles_before.size() == insns.size())
        cost = (i + 1 < insns.size() ? b.cycles_before[i + 1] : b.cycles) - b.cycles_before[i];
      InsnCost& c = costs[insns[i].address];
      c.executions += b.executions;
      c.cycles += b.executions * cost;
      // Refill, mispredict and stall cycles are charged when the block is
      // entered, as the profile charges them: on its first instruction.
      if (i == 0) c.cycles += b.extra_cycles;
    }
  }
  uint64_t total = 0;
  for (auto& [a, c] : costs) total += c.cycles;
  fmt::print("{} ({} cycles of {} in the run, {})\n\n", function, with_commas(total), with_commas(outcome.result.cycles),
             percent(outcome.result.cycles ? 100.0 * static_cast<double>(total) / static_cast<double>(outcome.result.cycles) : 0));

  const Symbolizer& symbols = sim->symbolizer();
  std::map<std::string, std::vector<std::string>> sources;
  std::string last_key;
  const uint8_t* code = memory.host(begin, end - begin);
  for (uint32_t a = begin; code && a < end;) {
    std::vector<DecodedInsn> one = disassembler.decode(a, code + (a - begin), std::min<uint32_t>(4, end - a));
    uint32_t size = one.empty() ? 2 : one[0].size;
    if (auto line = symbols.line_at(a)) {
      std::string key = fmt::format("{}:{}", *line->file, line->line);
      if (key != last_key) {
        auto& text = sources.try_emplace(*line->file, read_lines(*line->file)).first->second;
        uint64_t line_cycles = 0;
        for (auto& [addr, c] : costs)
          if (auto l = symbols.line_at(addr); l && *l->file == *line->file && l->line == line->line) line_cycles += c.cycles;
        std::string source = line->line <= text.size() ? text[line->line - 1] : "";
        fmt::print("{:>12} {:>6}  {}:{}  {}\n", with_commas(line_cycles),
                   total ? percent(100.0 * static_cast<double>(line_cycles) / static_cast<double>(total)) : "",
                   line->file->substr(line->file->rfind('/') + 1), line->line, source);
        last_key = key;
      }
    }
    InsnCost c = costs.count(a) ? costs[a] : InsnCost{};
    fmt::print("{:>12} {:>9}      {:08x}:  {}\n", c.cycles ? with_commas(c.cycles) : "", c.executions ? with_commas(c.executions) + "x" : "",
               a, disassembler.text(a, code + (a - begin), std::min<uint32_t>(4, end - a)));
    a += size;
  }
  return outcome.result.process_exit_code();
}

}  // namespace

Command add_annotate_command(CLI::App& mcusim) {
  CLI::App* app = add_command(mcusim, "annotate", "cycles per source line and instruction of one function");
  struct Request {
    RunRequest run;
    std::string function;
  };
  auto r = std::make_shared<Request>();
  add_elf(*app, r->run);
  add_value(*app, "--function", "NAME", "the function to annotate (required)", [r](const std::string& v) { r->function = v; });
  add_run_options(*app, r->run);
  add_report_options(*app, r->run);
  return {app, true, [app, r](std::vector<std::string> firmware_args) {
            finish_run_request(*app, r->run, std::move(firmware_args));
            return annotate(r->run, r->function);
          }};
}

}  // namespace mcusim::cli

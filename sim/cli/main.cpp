// mcusim: a thin command table over the library. Errors in what the user
// handed us come back as InputError and end as "mcusim: <message>", exit 125.
#include <fmt/format.h>

#include <cstdio>
#include <functional>
#include <string_view>

#include "sim/cli/commands.h"
#include "sim/errors.h"

namespace {

struct Command {
  std::string_view name;
  std::string_view help;
  std::function<int(mcusim::cli::Args&)> handler;
};

const Command kCommands[] = {
    {"run", "run [--board NAME|FILE] [options] ELF [-- ARGS]   run firmware, print its output and a summary",
     mcusim::cli::run_command},
    {"info", "info [--board NAME|FILE] ELF                      sections, segments, entry and memory use per region",
     mcusim::cli::info_command},
    {"check", "check [run options] [--max-sram SIZE] [--max-flash SIZE] [--max-latency TIME|--max-cycles N] [--max-arena SIZE] ELF|PROFILE.json\n"
              "                                                   budgets: pass/fail table, exit 1 when exceeded",
     mcusim::cli::check_command},
    {"diff", "diff BASE.json NEW.json [--max-regression PCT] [--markdown]\n"
             "                                                   deltas; exit 1 when a budgeted figure regressed",
     mcusim::cli::diff_command},
    {"annotate", "annotate [run options] ELF --function NAME        cycles per source line and instruction",
     mcusim::cli::annotate_command},
    {"sweep", "sweep [run options] [--board A,B] [--timing M,N] [--jobs N] [--csv FILE] [--jsonl FILE]\n"
              "       [--resume] [--shard I/N] [--max-sram SIZE] [--max-flash SIZE] [--max-latency TIME]\n"
              "       [--job-list FILE] ELF...\n"
              "                                                   every ELF x board x timing on all cores, a row per run",
     mcusim::cli::sweep_command},
    {"boards", "boards                                           list the bundled boards", mcusim::cli::boards_command},
};

void usage(std::FILE* out) {
  fmt::print(out, "usage: mcusim COMMAND ...\n\ncommands:\n");
  for (const Command& c : kCommands) fmt::print(out, "  mcusim {}\n", c.help);
  fmt::print(out,
             "\nrun options:\n"
             "  --board NAME|FILE       bundled board name or a board file (default mps2-an386)\n"
             "  --max-instructions N    stop after N instructions (default 10000000000; 0 = no limit)\n"
             "  --max-cycles N          stop after N modelled cycles (0 = no limit)\n"
             "  --timeout SECONDS       stop after this much host time (not deterministic)\n"
             "  --max-output BYTES      stop when the firmware has written this much output (default 67108864; 0 = no limit)\n"
             "  --idle-limit SECONDS    stop a firmware that only idles (one loop, only interrupts running) for\n"
             "                          this much simulated time (default 10, 0 never)\n"
             "  --strict                accesses to unmapped addresses are bus faults\n"
             "  --no-stack-check        do not stop when SP falls below the stack limit\n"
             "  --no-alignment-checks   skip the UsageFault checks of unaligned LDM/LDRD/... (a few % faster)\n"
             "  --semihosting-root DIR  let the firmware open host files inside DIR\n"
             "  --timing MODE           fast (cycle model, default), accurate (plus simulated caches and\n"
             "                          per-access wait states; slower) or instructions (1 cycle each)\n"
             "  --quiet                 no summary line\n"
             "\nprofiling (any of these turns it on):\n"
             "  --profile               print totals, top functions, layers and memory\n"
             "  --json FILE             versioned JSON profile (docs/report-format.md)\n"
             "  --json-calls            with --json: every function call's span too (large; --trace has them)\n"
             "  --callgrind FILE        for KCachegrind / callgrind_annotate\n"
             "  --folded FILE           collapsed stacks for flamegraph.pl / speedscope\n"
             "  --trace FILE            Chrome trace (Perfetto) of layers and calls in simulated time\n"
             "  --html FILE             self-contained page with charts\n"
             "  --layers MODE           where layers come from: auto (default: a framework recognised from\n"
             "                          the symbols, else ITM markers), markers, none, tflm, microtvm,\n"
             "                          tinyengine, xcubeai, cmsis-nn (docs/profiling.md)\n"
             "  --layer-caller F        each call function F makes (not deeper) is a layer\n"
             "  --arena SYMBOL|ADDR:SIZE|none  the activation arena to measure (default: a tensor_arena-like symbol)\n"
             "  --layer-functions RE    each call of a matching function is a layer\n"
             "  --layer-map FILE        layers from 'NAME SYMBOL' / 'NAME 0xSTART-0xEND' lines\n"
             "\nexit codes: the firmware's exit code; 124 run limit hit or the firmware can never finish;\n"
             "            125 usage or input error; 126 firmware fault; check/diff: 1 budget exceeded (docs/cli.md)\n");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty() || words[0] == "--help" || words[0] == "-h" || words[0] == "help") {
    usage(words.empty() ? stderr : stdout);
    return words.empty() ? mcusim::kExitInputError : 0;
  }
  for (const Command& c : kCommands) {
    if (c.name != words[0]) continue;
    try {
      mcusim::cli::Args args({words.begin() + 1, words.end()});
      return c.handler(args);
    } catch (const mcusim::InputError& e) {
      fmt::print(stderr, "mcusim: {}\n", e.what());
      return mcusim::kExitInputError;
    } catch (const std::exception& e) {
      fmt::print(stderr, "mcusim: internal error: {}\n", e.what());
      return mcusim::kExitInputError;
    }
  }
  fmt::print(stderr, "mcusim: unknown command '{}'\n\n", words[0]);
  usage(stderr);
  return mcusim::kExitInputError;
}

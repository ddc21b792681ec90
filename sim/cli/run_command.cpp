#include <fmt/format.h>

#include "sim/cli/commands.h"
#include "sim/simulator.h"

namespace mcusim::cli {

namespace {
std::string grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}
}  // namespace

int run_command(Args& args) {
  std::string board_name = "mps2-an386";
  std::string elf;
  bool quiet = false;
  RunOptions options;
  while (!args.done()) {
    std::string word = args.next();
    if (word == "--board") board_name = args.value_of(word);
    else if (word == "--max-instructions") options.max_instructions = args.number_of(word);
    else if (word == "--max-cycles") options.max_cycles = args.number_of(word);
    else if (word == "--timeout") options.timeout_seconds = args.seconds_of(word);
    else if (word == "--strict") options.strict = true;
    else if (word == "--no-stack-check") options.stack_check = false;
    else if (word == "--semihosting-root") options.semihosting_root = args.value_of(word);
    else if (word == "--quiet" || word == "-q") quiet = true;
    else if (word == "--") { options.firmware_args = args.rest(); }
    else if (word.starts_with("-")) throw InputError(fmt::format("run: unknown option '{}' (see mcusim --help)", word));
    else if (elf.empty()) elf = word;
    else throw InputError(fmt::format("run: more than one ELF given ('{}' and '{}'); firmware arguments go after --", elf, word));
  }
  if (elf.empty()) throw InputError("run: no firmware ELF given (usage: mcusim run [--board NAME] ELF)");

  Board board = load_board(board_name);
  Simulator sim(std::move(board), ElfImage::load(elf), options);
  RunResult result = sim.run();

  if (result.fault) fmt::print(stderr, "mcusim: firmware fault\n{}", result.fault->report);
  else if (!result.message.empty()) fmt::print(stderr, "mcusim: {}\n", result.message);
  if (!quiet) {
    const Board& b = sim.board();
    double ms = static_cast<double>(result.cycles) * 1000.0 / static_cast<double>(b.clock_hz);
    double mips = result.host_seconds > 0 ? static_cast<double>(result.instructions) / result.host_seconds / 1e6 : 0;
    std::string ending = result.reason == StopReason::Exited ? fmt::format("exit {}", result.firmware_exit_code)
                                                              : fmt::format("stopped (exit {})", result.process_exit_code());
    fmt::print(stderr, "mcusim: {} | {} instructions | {} cycles | {:.3f} ms at {} MHz on {} ({}) | host {:.2f} s, {:.0f} MIPS\n",
               ending, grouped(result.instructions), grouped(result.cycles), ms, static_cast<double>(b.clock_hz) / 1e6,
               b.name, core_name(b.core), result.host_seconds, mips);
  }
  return result.process_exit_code();
}

}  // namespace mcusim::cli

// Every command answers --help with its own options (exit 0), and the parser
// refuses what it does not know with "mcusim: <message>", exit 125, naming
// the option; run options come from one table (sim/options/run_option_table.h).
#include <gtest/gtest.h>

#include "cli_runner.h"
#include "sim/errors.h"
#include "sim/options/run_option_table.h"

namespace mcusim {
namespace {

using testing::firmware;
using testing::run_cli;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct CommandOptions {
  std::string command;
  std::vector<std::string> own;  // options only this command has
  bool run_options;              // takes the run option table
  std::vector<std::string> not_from_table;  // table rows it gives a meaning of its own
};

const CommandOptions kCommands[] = {
    {"run", {"--quiet", "--profile", "--json", "--callgrind", "--folded", "--trace", "--html"}, true, {}},
    {"check", {"--max-sram", "--max-flash", "--max-latency", "--max-cycles", "--max-arena", "--json"}, true, {"--max-cycles"}},
    {"annotate", {"--function", "--json"}, true, {}},
    {"sweep", {"--board", "--timing", "--jobs", "--job-list", "--csv", "--jsonl", "--resume", "--shard", "--max-sram", "--max-cycles"},
     true, {"--board", "--timing", "--max-cycles"}},
    {"diff", {"--max-regression", "--markdown", "--top"}, false, {}},
    {"info", {"--board"}, false, {}},
    {"boards", {}, false, {}},
};

TEST(CommandHelpTest, EveryCommandListsItsOwnOptions) {
  for (const CommandOptions& c : kCommands) {
    testing::CliResult r = run_cli(c.command + " --help");
    EXPECT_EQ(r.status, 0) << c.command << ": " << r.err;
    EXPECT_TRUE(has(r.out, "Usage: mcusim " + c.command)) << r.out;
    EXPECT_TRUE(has(r.out, "--help")) << r.out;
    for (const std::string& option : c.own) EXPECT_TRUE(has(r.out, option + " ")) << c.command << " help lacks " << option << ":\n" << r.out;
  }
}

TEST(CommandHelpTest, RunOptionsAreListedWithTheirDefaultsWhereverTheyApply) {
  for (const CommandOptions& c : kCommands) {
    if (!c.run_options) continue;
    std::string help = run_cli(c.command + " --help").out;
    for (const RunOptionSpec& spec : run_option_table()) {
      if (spec.kind == OptionKind::Arguments) continue;
      std::string name(spec.cli);
      if (std::find(c.not_from_table.begin(), c.not_from_table.end(), name) != c.not_from_table.end()) continue;
      size_t at = help.find(name + " ");
      ASSERT_NE(at, std::string::npos) << c.command << " help lacks " << name << ":\n" << help;
      std::string value = default_text(spec);
      if (!value.empty()) {
        std::string line = help.substr(at, help.find('\n', help.find('\n', at) + 1) - at);  // may wrap once
        EXPECT_TRUE(has(line, "(default: " + value + ")")) << line;
      }
    }
  }
}

TEST(CommandHelpTest, FirmwareArgumentsAreNamedInTheHelpOfCommandsThatRunFirmware) {
  EXPECT_TRUE(has(run_cli("run --help").out, "-- ARGS"));
  EXPECT_TRUE(has(run_cli("annotate -h").out, "-- ARGS"));
  EXPECT_FALSE(has(run_cli("diff --help").out, "-- ARGS"));
}

TEST(CommandHelpTest, TopLevelHelpListsEveryCommand) {
  for (const char* words : {"--help", "-h", "help"}) {
    testing::CliResult r = run_cli(words);
    EXPECT_EQ(r.status, 0) << words;
    for (const CommandOptions& c : kCommands) EXPECT_TRUE(has(r.out, "  " + c.command + " ")) << c.command << " missing:\n" << r.out;
    EXPECT_TRUE(has(r.out, "125 usage or input error")) << r.out;
  }
  EXPECT_TRUE(has(run_cli("help sweep").out, "Usage: mcusim sweep"));
}

TEST(CommandHelpTest, NoCommandPrintsUsageToStderrAsAUsageError) {
  testing::CliResult r = run_cli("");
  EXPECT_EQ(r.status, kExitInputError);
  EXPECT_TRUE(has(r.err, "run")) << r.err;
  EXPECT_EQ(r.out, "");
}

void expect_usage_error(const std::string& arguments, const std::string& message) {
  testing::CliResult r = run_cli(arguments);
  EXPECT_EQ(r.status, kExitInputError) << arguments << "\n" << r.err;
  EXPECT_TRUE(has(r.err, "mcusim: " + message)) << arguments << "\nstderr was: " << r.err;
}

TEST(CommandParseErrorTest, UnknownOptionIsNamedForEveryCommand) {
  for (const CommandOptions& c : kCommands)
    expect_usage_error(c.command + " --frobnicate x", c.command + ": unknown option '--frobnicate' (see mcusim " + c.command + " --help)");
}

TEST(CommandParseErrorTest, UnknownCommandListsTheCommands) {
  testing::CliResult r = run_cli("simulate x.elf");
  EXPECT_EQ(r.status, kExitInputError);
  EXPECT_TRUE(has(r.err, "mcusim: unknown command 'simulate'")) << r.err;
  EXPECT_TRUE(has(r.err, "sweep")) << r.err;
}

TEST(CommandParseErrorTest, MissingValueNamesTheOption) {
  expect_usage_error("run " + firmware("t_integer_m4") + " --board", "--board needs a value");
  expect_usage_error("sweep x.elf --shard", "--shard needs a value");
}

TEST(CommandParseErrorTest, BadValuesKeepTheirMessages) {
  std::string elf = firmware("t_integer_m4");
  expect_usage_error("run --max-instructions lots " + elf, "--max-instructions: 'lots' is not a whole number");
  expect_usage_error("run --max-instructions -5 " + elf, "--max-instructions: '-5' is not a whole number");
  expect_usage_error("run --timeout -1 " + elf, "--timeout: '-1' is not a number of seconds");
  expect_usage_error("run --idle-limit soon " + elf, "--idle-limit: 'soon' is not a number of seconds");
  expect_usage_error("check --max-sram lots " + elf, "--max-sram");
  expect_usage_error("diff a.json b.json --max-regression much", "--max-regression: 'much' is not a percentage");
  expect_usage_error("sweep --jobs 0 " + elf, "--jobs: '0' is not between 1 and 4096");
}

TEST(CommandParseErrorTest, PositionalMistakesSayWhatWasExpected) {
  std::string elf = firmware("t_integer_m4");
  expect_usage_error("run", "run: no firmware ELF given");
  expect_usage_error("run " + elf + " " + elf, "run: more than one ELF given");
  expect_usage_error("diff a.json", "diff: give two profiles");
  expect_usage_error("boards extra", "boards: unexpected argument 'extra'");
  expect_usage_error("info " + elf + " -- 1", "info: unknown option '--'");
  expect_usage_error("annotate " + elf, "annotate: name the function");
}

TEST(CommandParseErrorTest, NumbersTakeHexAndTheLastRepeatWins) {
  std::string elf = firmware("t_integer_m4");
  testing::CliResult r = run_cli("run --max-instructions 0x3e8 " + elf);
  EXPECT_EQ(r.status, kExitRunLimit) << r.err;
  EXPECT_TRUE(has(r.err, "instruction limit of 1000 ")) << r.err;
  EXPECT_EQ(run_cli("run --quiet --max-instructions 1000 --max-instructions 0 " + elf).status, 0);
}

TEST(CommandParseErrorTest, FirmwareArgumentsMayLookLikeOptions) {
  // Words after -- go to the firmware as they are, even --help.
  testing::CliResult r = run_cli("run --quiet " + firmware("t_integer_m4") + " -- --help --frobnicate");
  EXPECT_NE(r.status, kExitInputError) << r.err;
  EXPECT_FALSE(has(r.out, "Usage:")) << r.out;
}

}  // namespace
}  // namespace mcusim

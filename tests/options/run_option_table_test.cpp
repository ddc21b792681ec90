// The run option table: names unique on both sides, text parsed with the
// CLI's messages, and profiling asked for only by the profiling rows.
#include "sim/options/run_option_table.h"

#include <gtest/gtest.h>

#include <set>

#include "sim/errors.h"

namespace mcusim {
namespace {

TEST(RunOptionTableTest, NamesAreUniqueOnBothSides) {
  std::set<std::string_view> cli, python;
  for (const RunOptionSpec& spec : run_option_table()) {
    EXPECT_TRUE(cli.insert(spec.cli).second) << spec.cli;
    EXPECT_TRUE(python.insert(spec.python).second) << spec.python;
    EXPECT_EQ(run_option_by_cli(spec.cli), &spec);
    EXPECT_EQ(run_option_by_python(spec.python), &spec);
  }
}

TEST(RunOptionTableTest, DefaultsAreReadFromTheCode) {
  EXPECT_EQ(default_text(*run_option_by_cli("--max-instructions")), std::to_string(RunOptions{}.max_instructions));
  EXPECT_EQ(default_text(*run_option_by_cli("--board")), RunSettings{}.board);
  EXPECT_EQ(default_text(*run_option_by_cli("--idle-limit")), "10");
  EXPECT_EQ(default_text(*run_option_by_cli("--strict")), "");
}

TEST(RunOptionTableTest, TextSetsTheField) {
  RunSettings s;
  set_from_text(*run_option_by_cli("--max-cycles"), s, "0x10");
  set_from_text(*run_option_by_cli("--timeout"), s, "1.5");
  set_from_text(*run_option_by_cli("--no-stack-check"), s, "");
  set_from_text(*run_option_by_cli("--strict"), s, "");
  set_from_text(*run_option_by_cli("--arena"), s, "none");
  EXPECT_EQ(s.options.max_cycles, 16u);
  EXPECT_EQ(s.options.timeout_seconds, 1.5);
  EXPECT_FALSE(s.options.stack_check);
  EXPECT_TRUE(s.options.strict);
  EXPECT_EQ(s.options.profile_options.arena, "none");
}

TEST(RunOptionTableTest, BadTextNamesTheOption) {
  auto message = [](auto parse) {
    try {
      parse();
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message([] { parse_count("-5", "--max-cycles"); }), "--max-cycles: '-5' is not a whole number");
  EXPECT_EQ(message([] { parse_count("12abc", "--max-cycles"); }), "--max-cycles: '12abc' is not a whole number");
  EXPECT_EQ(message([] { parse_seconds("-1", "--timeout"); }), "--timeout: '-1' is not a number of seconds");
  EXPECT_EQ(message([] { parse_seconds("inf", "--timeout"); }), "--timeout: 'inf' is not a number of seconds");
  EXPECT_EQ(message([] { check_seconds(-2, "--idle-limit"); }), "--idle-limit: '-2' is not a number of seconds");
}

TEST(RunOptionTableTest, OnlyProfilingRowsAskForAProfile) {
  for (const RunOptionSpec& spec : run_option_table()) {
    RunSettings s;
    EXPECT_FALSE(profiling_requested(s));
    set_from_text(spec, s, spec.kind == OptionKind::Count || spec.kind == OptionKind::Seconds ? "7" : "x");
    EXPECT_EQ(profiling_requested(s), spec.profiling) << spec.cli;
  }
}

}  // namespace
}  // namespace mcusim

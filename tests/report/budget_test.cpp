#include <gtest/gtest.h>

#include "profiler/report/budget.h"
#include "sim/errors.h"
#include "tests/report/sample_profile.h"

namespace mcusim {
namespace {

using testing::sample_profile;

TEST(BudgetTest, UnsetLimitsDefaultToTheBoardCapacity) {
  auto lines = check_budget(sample_profile(), {});
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].what, "peak SRAM");
  EXPECT_DOUBLE_EQ(lines[0].limit, 327'680);
  EXPECT_DOUBLE_EQ(lines[0].actual, 162'288);
  EXPECT_TRUE(lines[0].from_board);
  EXPECT_TRUE(lines[0].pass);
  EXPECT_EQ(lines[1].what, "flash");
  EXPECT_DOUBLE_EQ(lines[1].limit, 1'048'576);
  EXPECT_DOUBLE_EQ(lines[1].actual, 120'000);
  EXPECT_TRUE(budget_passed(lines));
}

TEST(BudgetTest, ExplicitSramBudgetBelowPeakFails) {
  Budget b;
  b.max_sram = 160'000;
  auto lines = check_budget(sample_profile(), b);
  EXPECT_FALSE(lines[0].pass);
  EXPECT_FALSE(lines[0].from_board);
  EXPECT_NEAR(lines[0].margin_percent, -1.43, 0.01);  // (160000 - 162288) / 160000
  EXPECT_FALSE(budget_passed(lines));
}

TEST(BudgetTest, LatencyAndCyclesAreCheckedWhenGiven) {
  Budget b;
  b.max_cycles = 2'000'000;
  b.max_seconds = 0.008;  // the run takes 10 ms
  auto lines = check_budget(sample_profile(), b);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[2].what, "cycles");
  EXPECT_TRUE(lines[2].pass);
  EXPECT_DOUBLE_EQ(lines[2].margin_percent, 50.0);
  EXPECT_EQ(lines[3].what, "latency");
  EXPECT_DOUBLE_EQ(lines[3].actual, 0.01);
  EXPECT_FALSE(lines[3].pass);
  EXPECT_DOUBLE_EQ(lines[3].margin_percent, -25.0);
}

TEST(BudgetTest, ExactlyAtTheLimitPasses) {
  Budget b;
  b.max_flash = 120'000;
  EXPECT_TRUE(check_budget(sample_profile(), b)[1].pass);
}

TEST(BudgetTest, LatencyWithoutClockIsAnInputError) {
  Profile p = sample_profile();
  p.clock_hz = 0;
  Budget b;
  b.max_seconds = 0.1;
  EXPECT_THROW(check_budget(p, b), InputError);
}

TEST(BudgetTest, UnknownCapacityAndNoBudgetChecksNothing) {
  Profile p;
  EXPECT_TRUE(check_budget(p, {}).empty());
}

TEST(BudgetTest, TableShowsLimitsActualsAndVerdict) {
  Budget b;
  b.max_sram = 160'000;
  b.max_seconds = 0.1;
  std::string text = format_budget_table(check_budget(sample_profile(), b));
  EXPECT_NE(text.find("156.2 KiB"), std::string::npos) << text;
  EXPECT_NE(text.find("158.5 KiB"), std::string::npos) << text;
  EXPECT_NE(text.find("1.00 MiB (board)"), std::string::npos) << text;  // flash limit from the board
  EXPECT_NE(text.find("100.000 ms"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL: peak SRAM over budget by 2.2 KiB"), std::string::npos) << text;
  std::string md = format_budget_markdown(check_budget(sample_profile(), {}));
  EXPECT_NE(md.find("| budget | limit | actual | margin | result |"), std::string::npos) << md;
  EXPECT_NE(md.find("PASS: all budgets met"), std::string::npos) << md;
}

TEST(BudgetTest, ParseTimeAcceptsUnits) {
  EXPECT_DOUBLE_EQ(parse_time("25ms", "--max-latency"), 0.025);
  EXPECT_DOUBLE_EQ(parse_time("300us", "--max-latency"), 300e-6);
  EXPECT_DOUBLE_EQ(parse_time("300µs", "--max-latency"), 300e-6);
  EXPECT_DOUBLE_EQ(parse_time("1.5s", "--max-latency"), 1.5);
  EXPECT_DOUBLE_EQ(parse_time("2500ns", "--max-latency"), 2.5e-6);
  EXPECT_DOUBLE_EQ(parse_time(" 100 ms ", "--max-latency"), 0.1);
}

TEST(BudgetTest, ParseTimeRejectsBadInput) {
  for (const char* bad : {"", "25", "ms", "25 parsecs", "-1ms", "1e3ms", "abc"})
    EXPECT_THROW(parse_time(bad, "--max-latency"), InputError) << bad;
  try {
    parse_time("25", "--max-latency");
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "--max-latency: '25' has no unit (s, ms, us, ns) (examples: 25ms, 300us, 1.5s)");
  }
}

}  // namespace
}  // namespace mcusim

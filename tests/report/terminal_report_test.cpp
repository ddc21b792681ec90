#include <gtest/gtest.h>

#include "profiler/report/format.h"
#include "profiler/report/terminal_report.h"
#include "profiler/report/text_table.h"
#include "tests/report/sample_profile.h"

namespace mcusim {
namespace {

TEST(TerminalReportTest, TotalsShowCpiAndTimeAtClock) {
  std::string s = format_summary(testing::sample_profile(), 10);
  EXPECT_NE(s.find("cycles        1,000,000"), std::string::npos) << s;
  EXPECT_NE(s.find("CPI           1.250"), std::string::npos) << s;
  EXPECT_NE(s.find("time          10.000 ms at 100 MHz"), std::string::npos) << s;
}

TEST(TerminalReportTest, TopFunctionsSortedBySelfCycles) {
  std::string s = format_summary(testing::sample_profile(), 2);
  EXPECT_NE(s.find("Top 2 of 4 functions"), std::string::npos) << s;
  size_t conv = s.find("conv2d        600,000   60.0%"), dense = s.find("dense         200,000   20.0%");
  EXPECT_NE(conv, std::string::npos) << s;
  EXPECT_NE(dense, std::string::npos) << s;
  EXPECT_LT(conv, dense);
  EXPECT_EQ(s.find("  dot "), std::string::npos) << s;  // cut by top_n
}

TEST(TerminalReportTest, LayerTableHasMsMacsAndCyclesPerMac) {
  std::string s = format_summary(testing::sample_profile(), 10);
  // conv2: 300,000 cycles, 30%, 3 ms, 150,000 MACs, 2.00 cycles/MAC, 8 KiB stack, 16 KiB written.
  EXPECT_NE(s.find("conv2         300,000  30.0%  3.000  150,000        2.00     8.0 KiB      16.0 KiB"),
            std::string::npos) << s;
  EXPECT_NE(s.find("(all layers)  900,000  90.0%  9.000  300,000        3.00"), std::string::npos) << s;
}

TEST(TerminalReportTest, MemoryShowsCapacityAndStackPeakFunction) {
  std::string s = format_summary(testing::sample_profile(), 10);
  EXPECT_NE(s.find("flash used   117.2 KiB / 1.00 MiB (11.4%)"), std::string::npos) << s;
  EXPECT_NE(s.find("stack peak   8.0 KiB (in conv2d)"), std::string::npos) << s;
  EXPECT_NE(s.find("peak SRAM    158.5 KiB / 320.0 KiB (49.5%)"), std::string::npos) << s;
  EXPECT_NE(s.find("sram    sram   0x20000000  320.0 KiB  146.5 KiB  58.6 KiB"), std::string::npos) << s;
}

TEST(TerminalReportTest, ThreadStacksShowWhereATasksStackIs) {
  std::string s = format_summary(testing::sample_profile(), 10);
  EXPECT_NE(s.find("thread stack   stack in     size     peak   unused   cycles  runs"), std::string::npos) << s;
  EXPECT_NE(s.find("infer          ucHeap    2.0 KiB    512 B  1.5 KiB  600,000    40"), std::string::npos) << s;
  EXPECT_NE(s.find("process_stack  -         1.0 KiB  1.0 KiB      0 B    1,000     2"), std::string::npos) << s;
  // No task found: no "stack in" column.
  Profile p = testing::sample_profile();
  p.memory.thread_stacks.erase(p.memory.thread_stacks.begin());
  EXPECT_EQ(format_summary(p, 10).find("stack in"), std::string::npos);
}

TEST(TerminalReportTest, EmptyProfileStillFormats) {
  std::string s = format_summary(Profile{}, 10);
  EXPECT_NE(s.find("time          - (no clock)"), std::string::npos) << s;
  EXPECT_EQ(s.find("Layers"), std::string::npos) << s;
}

TEST(ReportFormatTest, NumbersAndSizes) {
  EXPECT_EQ(with_commas(0), "0");
  EXPECT_EQ(with_commas(1234567), "1,234,567");
  EXPECT_EQ(signed_with_commas(-1234), "-1,234");
  EXPECT_EQ(signed_with_commas(12), "+12");
  EXPECT_EQ(human_bytes(100), "100 B");
  EXPECT_EQ(human_bytes(2048), "2.0 KiB");
  EXPECT_EQ(human_bytes(3 * 1024 * 1024), "3.00 MiB");
  EXPECT_EQ(human_seconds(0.0123), "12.300 ms");
  EXPECT_EQ(human_seconds(2e-5), "20.0 us");
  EXPECT_EQ(signed_percent(2.5), "+2.50%");
  EXPECT_EQ(signed_percent(1.0 / 0.0), "new");
}

TEST(ReportFormatTest, TextTableAlignsColumns) {
  TextTable t({"name", "value"});
  t.add_row({"a", "1"});
  t.add_row({"longer", "1,000"});
  EXPECT_EQ(t.to_text(0), "name    value\n------  -----\na           1\nlonger  1,000\n");
  EXPECT_EQ(t.to_markdown(), "| name | value |\n|---|---:|\n| a | 1 |\n| longer | 1,000 |\n");
}

}  // namespace
}  // namespace mcusim

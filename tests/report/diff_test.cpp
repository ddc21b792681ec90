#include <gtest/gtest.h>

#include <cmath>

#include "profiler/report/diff.h"
#include "tests/report/sample_profile.h"

namespace mcusim {
namespace {

using testing::sample_profile;

const DiffRow& row(const DiffResult& d, DiffRow::Section s, const std::string& what) {
  for (const auto& r : d.rows)
    if (r.section == s && r.what == what) return r;
  static DiffRow none;
  ADD_FAILURE() << "no row " << what;
  return none;
}

TEST(DiffTest, IdenticalProfilesDoNotRegress) {
  DiffResult d = diff_profiles(sample_profile(), sample_profile(), {2.0});
  EXPECT_FALSE(d.regressed);
  EXPECT_TRUE(d.warnings.empty());
  EXPECT_EQ(d.functions_changed, 0u);
  EXPECT_DOUBLE_EQ(row(d, DiffRow::Section::Total, "total cycles").delta, 0);
}

TEST(DiffTest, LayerGrowingPastThresholdRegresses) {
  Profile cur = sample_profile();
  cur.layers[1].cycles = 309'000;  // conv2 +3%
  cur.cycles += 9'000;             // total +0.9%
  DiffResult d = diff_profiles(sample_profile(), cur, {2.0});
  const DiffRow& conv2 = row(d, DiffRow::Section::Layer, "conv2");
  EXPECT_DOUBLE_EQ(conv2.base, 300'000);
  EXPECT_DOUBLE_EQ(conv2.current, 309'000);
  EXPECT_DOUBLE_EQ(conv2.delta, 9'000);
  EXPECT_DOUBLE_EQ(conv2.delta_percent, 3.0);
  EXPECT_TRUE(conv2.regressed);
  EXPECT_FALSE(row(d, DiffRow::Section::Total, "total cycles").regressed);
  EXPECT_TRUE(d.regressed);
  EXPECT_FALSE(diff_profiles(sample_profile(), cur, {5.0}).regressed);
}

TEST(DiffTest, PeakSramAndFlashAreBudgeted) {
  Profile cur = sample_profile();
  cur.memory.heap_peak += 8192;  // peak SRAM 162,288 -> 170,480: +5.05%
  DiffResult d = diff_profiles(sample_profile(), cur, {2.0});
  EXPECT_TRUE(row(d, DiffRow::Section::Total, "peak SRAM").regressed);
  EXPECT_FALSE(row(d, DiffRow::Section::Total, "heap peak").regressed);  // informational
  cur = sample_profile();
  cur.memory.flash_used = 123'000;  // +2.5%
  EXPECT_TRUE(row(diff_profiles(sample_profile(), cur, {2.0}), DiffRow::Section::Total, "flash").regressed);
}

TEST(DiffTest, ImprovementsAndInstructionsNeverRegress) {
  Profile cur = sample_profile();
  cur.cycles = 500'000;
  cur.instructions = 2'000'000;
  DiffResult d = diff_profiles(sample_profile(), cur, {0.0});
  EXPECT_FALSE(d.regressed);
  EXPECT_DOUBLE_EQ(row(d, DiffRow::Section::Total, "total cycles").delta_percent, -50.0);
}

TEST(DiffTest, RepeatedLayerNamesMatchByOrder) {
  Profile base = sample_profile(), cur = sample_profile();
  base.layers[2].name = "conv1";  // conv1, conv2, conv1
  cur.layers[2].name = "conv1";
  cur.layers[2].cycles = 250'000;  // the second conv1: 200k -> 250k
  DiffResult d = diff_profiles(base, cur, {2.0});
  EXPECT_FALSE(row(d, DiffRow::Section::Layer, "conv1").regressed);
  const DiffRow& second = row(d, DiffRow::Section::Layer, "conv1 #2");
  EXPECT_DOUBLE_EQ(second.base, 200'000);
  EXPECT_TRUE(second.regressed);
}

TEST(DiffTest, AddedAndRemovedLayersAreListedNotRegressed) {
  Profile cur = sample_profile();
  cur.layers[2].name = "fc_new";
  DiffResult d = diff_profiles(sample_profile(), cur, {2.0});
  EXPECT_TRUE(row(d, DiffRow::Section::Layer, "fc_new").only_in_new);
  EXPECT_TRUE(std::isinf(row(d, DiffRow::Section::Layer, "fc_new").delta_percent));
  EXPECT_TRUE(row(d, DiffRow::Section::Layer, "fc").only_in_base);
  EXPECT_FALSE(d.regressed);
}

TEST(DiffTest, FunctionsMatchByNameLargestChangeFirst) {
  Profile cur = sample_profile();
  cur.functions[2].self_cycles = 150'000;  // dot +50k
  cur.functions[3].self_cycles = 190'000;  // dense -10k
  DiffResult d = diff_profiles(sample_profile(), cur, {2.0});
  std::vector<std::string> fns;
  for (const auto& r : d.rows)
    if (r.section == DiffRow::Section::Function) fns.push_back(r.what);
  EXPECT_EQ(fns, (std::vector<std::string>{"dot", "dense"}));
  EXPECT_DOUBLE_EQ(row(d, DiffRow::Section::Function, "dot").delta_percent, 50.0);
  EXPECT_FALSE(d.regressed);  // functions are informational
}

TEST(DiffTest, DifferentTimingModelIsWarned) {
  Profile cur = sample_profile();
  cur.timing = "accurate";
  DiffResult d = diff_profiles(sample_profile(), cur, {2.0});
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_NE(d.warnings[0].find("timing model differs"), std::string::npos);
}

TEST(DiffTest, TextAndMarkdownShowRegressions) {
  Profile cur = sample_profile();
  cur.layers[1].cycles = 309'000;
  cur.cycles = 1'030'000;
  DiffResult d = diff_profiles(sample_profile(), cur, {2.0});
  std::string text = format_diff_table(d);
  EXPECT_NE(text.find("total cycles  1,000,000  1,030,000  +30,000   +3.00%  REGRESSED"), std::string::npos) << text;
  EXPECT_NE(text.find("REGRESSION (more than 2%): total cycles +3.00%, conv2 +3.00%"), std::string::npos) << text;
  std::string md = format_diff_markdown(d);
  EXPECT_NE(md.find("### mcusim diff: ❌ regression"), std::string::npos) << md;
  EXPECT_NE(md.find("| `conv2` | 300,000 | 309,000 | +9,000 | +3.00% | ❌ **regressed** |"), std::string::npos) << md;
  EXPECT_NE(md.find("| figure | base | new | delta | delta % | status |\n|---|---:|---:|---:|---:|---|"),
            std::string::npos) << md;
  std::string ok = format_diff_markdown(diff_profiles(sample_profile(), sample_profile(), {2.0}));
  EXPECT_NE(ok.find("✅ no regression"), std::string::npos) << ok;
}

}  // namespace
}  // namespace mcusim

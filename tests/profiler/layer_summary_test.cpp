#include "profiler/layer_summary.h"

#include <gtest/gtest.h>

#include "profiler/report/json_report.h"
#include "profiler/report/terminal_report.h"

namespace mcusim {
namespace {

LayerProfile layer(const std::string& name, uint64_t cycles) {
  LayerProfile l;
  l.name = name;
  l.cycles = cycles;
  return l;
}

Profile two_inferences() {
  Profile p;
  p.clock_hz = 1000000;
  p.cycles = 1000;
  p.layers = {layer("0 conv", 100), layer("1 dense", 50), layer("0 conv", 120), layer("1 dense", 40)};
  return p;
}

TEST(LayerSummaryTest, OneRowPerLayerNameWithCountTotalMeanMinMax) {
  std::vector<LayerSummary> s = summarise_layers(two_inferences().layers);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].name, "0 conv");
  EXPECT_EQ(s[0].count, 2u);
  EXPECT_EQ(s[0].total_cycles, 220u);
  EXPECT_DOUBLE_EQ(s[0].mean_cycles(), 110.0);
  EXPECT_EQ(s[0].min_cycles, 100u);
  EXPECT_EQ(s[0].max_cycles, 120u);
  EXPECT_EQ(s[1].name, "1 dense");
  EXPECT_EQ(s[1].min_cycles, 40u);
  EXPECT_EQ(s[1].max_cycles, 50u);
  EXPECT_TRUE(layers_repeat(s, 4));
}

TEST(LayerSummaryTest, JsonHasPerCallRowsAndTheSummary) {
  nlohmann::json j = to_json(two_inferences());
  EXPECT_EQ(j["layers"].size(), 4u);
  ASSERT_EQ(j["layer_summary"].size(), 2u);
  EXPECT_EQ(j["layer_summary"][1]["name"], "1 dense");
  EXPECT_EQ(j["layer_summary"][1]["count"], 2);
  EXPECT_EQ(j["layer_summary"][1]["total_cycles"], 90);
  EXPECT_DOUBLE_EQ(j["layer_summary"][1]["mean_cycles"].get<double>(), 45.0);
}

TEST(LayerSummaryTest, TerminalAggregatesRepeatedInferences) {
  std::string s = format_summary(two_inferences(), 10);
  EXPECT_NE(s.find("Layers (4 calls of 2 layers, aggregated"), std::string::npos) << s;
  EXPECT_NE(s.find("0 conv            2           220  22.0%   110  100  120"), std::string::npos) << s;
}

}  // namespace
}  // namespace mcusim

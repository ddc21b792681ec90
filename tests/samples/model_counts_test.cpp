// MAC and parameter counts computed from the model descriptions in
// firmware_samples/models/ match the published MCUNet figures (0.1M MACs,
// 0.01M params precision).
#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <string>

#include "firmware_samples/generator/model.hpp"

namespace {

using mcusim::modelgen::Graph;
using mcusim::modelgen::load_graph;

Graph load(const std::string &model) {
  return load_graph(std::string(MCUSIM_SOURCE_DIR) + "/firmware_samples/models/" + model + ".json");
}

struct Published {
  const char *model;
  double macs_m, params_m;
};

class PublishedCounts : public ::testing::TestWithParam<Published> {};

TEST_P(PublishedCounts, MacsAndParamsMatchPublishedFigures) {
  const Published p = GetParam();
  const Graph g = load(p.model);
  EXPECT_NEAR(g.macs() / 1e6, p.macs_m, 0.05) << p.model;
  EXPECT_NEAR(g.params() / 1e6, p.params_m, 0.005) << p.model;
  // The description carries the same published figures the generator checks.
  EXPECT_DOUBLE_EQ(g.published_macs_m, p.macs_m);
  EXPECT_DOUBLE_EQ(g.published_params_m, p.params_m);
}

INSTANTIATE_TEST_SUITE_P(
    Models, PublishedCounts,
    ::testing::Values(Published{"mcunet-in0", 6.4, 0.75}, Published{"mcunet-in1", 12.8, 0.64},
                      Published{"mcunet-in2", 67.3, 0.73}, Published{"mcunet-in3", 81.8, 0.74},
                      Published{"mcunet-in4", 125.9, 1.73},
                      Published{"mbv2-w0.35-r144", 23.5, 0.75},
                      Published{"proxyless-w0.3-r176", 38.3, 0.75}),
    [](const auto &info) {
      std::string n = info.param.model;
      for (char &c : n)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return n;
    });

TEST(ModelGraph, MbconvExpandsToExpandDepthwiseProjectAndAdd) {
  const Graph g = load("mcunet-in0");
  // stem, then block 0 (no expansion), block 1 (stride 2), block 2 (residual).
  ASSERT_GE(g.ops.size(), 10u);
  EXPECT_EQ(g.ops[0].name, "stem.conv3x3s2");
  EXPECT_EQ(g.ops[1].name, "b0.dw3x3s1");
  EXPECT_EQ(g.ops[2].name, "b0.project1x1");
  EXPECT_EQ(g.ops[3].name, "b1.expand1x1");
  EXPECT_EQ(g.ops[4].name, "b1.dw5x5s2");
  EXPECT_EQ(g.ops[9].name, "b2.add");
  EXPECT_EQ(g.tensors[g.input].h, 48);
  EXPECT_EQ(g.tensors[g.output].c, 1000);
}

TEST(ModelGraph, ConvMacsAreOutputPixelsTimesChannelsTimesKernelVolume) {
  const Graph g = load("mcunet-in0");
  // First conv: 24x24 output, 24 channels, 3x3x3 kernel.
  EXPECT_EQ(g.ops[0].macs, 24 * 24 * 24 * 3 * 3 * 3);
  // Its parameters: weights plus BatchNorm scale and shift per channel.
  EXPECT_EQ(g.ops[0].params, 24 * 27 + 2 * 24);
}

}  // namespace

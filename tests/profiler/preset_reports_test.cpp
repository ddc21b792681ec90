// Layers a framework preset found, in the HTML report and in `mcusim diff`,
// end to end on the TF-Lite-Micro-shaped test firmware (two inferences of
// four operators; tests/firmware/layers).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "profile_of.h"

namespace mcusim {
namespace {

using nlohmann::json;
using testing::firmware;
using testing::run_cli;
using testing::slurp;

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "preset_reports_" + std::to_string(::getpid()) + "_" + name;
}

TEST(PresetReportsTest, HtmlShowsThePresetAndOneAggregatedRowPerOperator) {
  std::string html = temp_path("tflm.html");
  testing::CliResult r = run_cli("run --quiet --html " + html + " " + firmware("layers_tflm"));
  ASSERT_EQ(r.status, 0) << r.err;
  std::string page = slurp(html);
  EXPECT_NE(page.find("Layers from: TF-Lite Micro recognised from its symbols"), std::string::npos);
  EXPECT_NE(page.find("operators from the TF-Lite model g_model"), std::string::npos);
  EXPECT_NE(page.find("8 calls of 4 layers, aggregated"), std::string::npos) << "two inferences read as four rows";
  EXPECT_NE(page.find("<td class=\"name\">1 tflite::(anonymous namespace)::Eval [tflm_depthwise_conv.c]</td><td>DEPTHWISE_CONV_2D</td><td>2</td>"),
            std::string::npos)
      << "name, operator and call count of the depthwise layer";
  EXPECT_NE(page.find("<td>4,608</td>"), std::string::npos) << "its MACs";
}

TEST(PresetReportsTest, HtmlOfOneInferenceShowsEachLayerWithItsArenaBytes) {
  std::string html = temp_path("microtvm.html");
  ASSERT_EQ(run_cli("run --quiet --html " + html + " " + firmware("layers_microtvm")).status, 0);
  std::string page = slurp(html);
  EXPECT_NE(page.find("<th>arena written</th>"), std::string::npos);
  EXPECT_NE(page.find("<td class=\"name\">1 tvmgen_default_fused_nn_max_pool2d</td>"), std::string::npos);
  EXPECT_EQ(page.find("<th>operator</th>"), std::string::npos) << "no model: no operator column";
}

TEST(PresetReportsTest, DiffMatchesPresetLayersOfEachInference) {
  std::string base = temp_path("base.json"), same = temp_path("same.json"), slower = temp_path("slower.json");
  ASSERT_EQ(run_cli("run --quiet --json " + base + " " + firmware("layers_tflm")).status, 0);
  ASSERT_EQ(run_cli("run --quiet --json " + same + " " + firmware("layers_tflm")).status, 0);
  testing::CliResult r = run_cli("diff " + base + " " + same);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("1 tflite::(anonymous namespace)::Eval [tflm_depthwise_conv.c] #2"), std::string::npos)
      << "the second inference's depthwise layer is matched as the second of that name\n" << r.out;

  // The second inference's depthwise layer 10% slower: a regression of that layer only.
  json j = json::parse(slurp(base));
  uint64_t cycles = j["layers"][5]["cycles"];
  j["layers"][5]["cycles"] = cycles + cycles / 10;
  std::ofstream(slower) << j.dump();
  r = run_cli("diff --max-regression 5 " + base + " " + slower);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  size_t row = r.out.find("1 tflite::(anonymous namespace)::Eval [tflm_depthwise_conv.c] #2");
  ASSERT_NE(row, std::string::npos) << r.out;
  std::string line = r.out.substr(row, r.out.find('\n', row) - row);
  EXPECT_NE(line.find("REGRESSED"), std::string::npos) << line;
  EXPECT_NE(r.out.find("REGRESSION (more than 5%): 1 tflite::(anonymous namespace)::Eval [tflm_depthwise_conv.c] #2 +"),
            std::string::npos)
      << "the verdict names that layer alone\n" << r.out;
}

TEST(PresetReportsTest, JsonLeavesFunctionCallSpansOutUnlessAsked) {
  json j = testing::profile_of("layers_tflm");
  size_t function_spans = 0, layer_spans = 0;
  for (const json& s : j["spans"]) (s["category"] == "function" ? function_spans : layer_spans)++;
  EXPECT_EQ(function_spans, 0u);
  EXPECT_EQ(layer_spans, 8u);
  j = testing::profile_of("layers_tflm", "--json-calls");
  function_spans = 0;
  for (const json& s : j["spans"]) function_spans += s["category"] == "function";
  EXPECT_GT(function_spans, 8u) << "every call: main, the dispatcher, kernels, profiler calls, SysTick";
}

}  // namespace
}  // namespace mcusim

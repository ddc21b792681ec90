// Per-layer arena use on tests/firmware/layers/arena_layers.c, a
// TinyEngine-shaped network whose kernels read and write known byte ranges
// of its `buffer` with byte, halfword, word and doubleword accesses: each
// layer's figures are the bytes the firmware's layer touched.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "profile_of.h"

namespace mcusim {
namespace {

using nlohmann::json;
using testing::firmware;
using testing::run_cli;

struct Expected {
  uint64_t read, written, touched, low, high, used, high_water;
};
// From the ranges in arena_layers.c: main writes the input [0, 300) before the first layer.
const Expected kLayers[3] = {
    {300 + 64, 400 + 64, 300 + 400 + 64, 0, 1264, 300 + 400 + 64, 1264},  // conv: input, output, scratch
    {400, 400, 400, 512, 912, 764, 1264},                                  // depthwise in place
    {400, 128, 528, 512, 1408, 764 + 128, 1408},                           // pointwise
};

json arena_profile() { return testing::profile_of("layers_arena"); }

TEST(ArenaLayersTest, TinyEngineBufferIsTheArena) {
  json j = arena_profile();
  EXPECT_EQ(j["layer_source"]["name"], "tinyengine");
  const json& a = j["memory"]["arena"];
  EXPECT_EQ(a["name"], "buffer");
  EXPECT_EQ(a["size"], 2048);
  EXPECT_EQ(a["used_bytes"], 892);
  EXPECT_EQ(a["high_water_bytes"], 1408);
}

TEST(ArenaLayersTest, InfoNamesTheFrameworkAndTheArenaItWouldMeasure) {
  testing::CliResult r = run_cli("info " + firmware("layers_arena"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("framework: TinyEngine"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("arena: buffer ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2048 bytes"), std::string::npos) << r.out;
}

TEST(ArenaLayersTest, EachLayerGetsTheArenaBytesItReadWroteAndTouched) {
  json j = arena_profile();
  ASSERT_EQ(j["layers"].size(), 6u);  // two inferences of three layers
  for (size_t i = 0; i < 6; ++i) {
    const json& l = j["layers"][i];
    const Expected& e = kLayers[i % 3];
    SCOPED_TRACE(l["name"].get<std::string>());
    EXPECT_EQ(l["arena_read_bytes"], e.read);
    EXPECT_EQ(l["arena_written_bytes"], e.written);
    EXPECT_EQ(l["arena_touched_bytes"], e.touched);
    EXPECT_EQ(l["arena_touched_low"], e.low);
    EXPECT_EQ(l["arena_touched_high"], e.high);
  }
}

TEST(ArenaLayersTest, ArenaUseAndHighWaterByTheEndOfEachLayerAreCumulative) {
  json j = arena_profile();
  ASSERT_EQ(j["layers"].size(), 6u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(j["layers"][i]["arena_used_bytes"], kLayers[i].used) << i;
    EXPECT_EQ(j["layers"][i]["arena_high_water_bytes"], kLayers[i].high_water) << i;
  }
  // The second inference uses no new bytes.
  for (size_t i = 3; i < 6; ++i) {
    EXPECT_EQ(j["layers"][i]["arena_used_bytes"], 892) << i;
    EXPECT_EQ(j["layers"][i]["arena_high_water_bytes"], 1408) << i;
  }
  ASSERT_EQ(j["layer_summary"].size(), 3u);
  EXPECT_EQ(j["layer_summary"][0]["max_arena_touched_bytes"], 764);
  EXPECT_EQ(j["layer_summary"][2]["arena_used_bytes"], 892);
}

TEST(ArenaLayersTest, TerminalTableShowsArenaTouchedAndUsed) {
  testing::CliResult r = run_cli("run --quiet --profile " + firmware("layers_arena"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("max arena touched"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("764 B"), std::string::npos) << r.err;
}

TEST(ArenaLayersTest, CheckMaxArenaNamesTheLayerThatWentOver) {
  testing::CliResult r = run_cli("check --max-arena 800 " + firmware("layers_arena"));
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("first over by the end of layer '2 convolve_1x1_s8_ch8'"), std::string::npos) << r.out;
}

TEST(ArenaLayersTest, DiffComparesEachLayersArenaBytesWithoutGatingOnThem) {
  std::string base = ::testing::TempDir() + "arena_layers_" + std::to_string(::getpid()) + "_base.json";
  std::string grown = ::testing::TempDir() + "arena_layers_" + std::to_string(::getpid()) + "_grown.json";
  ASSERT_EQ(run_cli("run --quiet --json " + base + " " + firmware("layers_arena")).status, 0);
  json j = json::parse(testing::slurp(base));
  j["layers"][1]["arena_touched_bytes"] = 800;  // the depthwise layer of the first inference, twice the bytes
  std::ofstream(grown) << j.dump();
  testing::CliResult r = run_cli("diff " + base + " " + grown);
  EXPECT_EQ(r.status, 0) << "informational: check --max-arena is the arena's gate\n" << r.out << r.err;
  size_t section = r.out.find("Layers (arena bytes touched)");
  ASSERT_NE(section, std::string::npos) << r.out;
  size_t row = r.out.find("1 depthwise_kernel3x3_stride1_inplace_CHW ", section);
  ASSERT_NE(row, std::string::npos) << r.out;
  std::string line = r.out.substr(row, r.out.find('\n', row) - row);
  EXPECT_NE(line.find("+100.00%"), std::string::npos) << line;
  EXPECT_NE(r.out.find("arena high water"), std::string::npos) << r.out;
}

TEST(ArenaLayersTest, LayersNoneStillMeasuresTheNamedArenaOverall) {
  // No preset: TinyEngine's `buffer` is not looked for; --arena names it.
  json j = testing::profile_of("layers_arena", "--layers none --arena buffer");
  EXPECT_TRUE(j["layers"].empty());
  EXPECT_EQ(j["memory"]["arena"]["used_bytes"], 892);
}

}  // namespace
}  // namespace mcusim

// The activation arena's use, on the microTVM-shaped test firmware whose
// kernels write known byte ranges of tensor_arena[4096] (never with the paint
// value): conv 0..299, max_pool 512..611, dense 1024..1087.
#include "profiler/arena_tracker.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "profile_of.h"
#include "sim/errors.h"

namespace mcusim {
namespace {

using nlohmann::json;
using testing::firmware;
using testing::run_cli;
using testing::slurp;

json profile_of(const std::string& options) { return testing::profile_of("layers_microtvm", options); }

TEST(ArenaTrackerTest, TensorArenaIsFoundAndItsUseIsTheBytesTheKernelsWrote) {
  json j = profile_of("");
  const json& a = j["memory"]["arena"];
  EXPECT_EQ(a["name"], "tensor_arena");
  EXPECT_EQ(a["size"], 4096);
  EXPECT_EQ(a["used_bytes"], 300 + 100 + 64);
  EXPECT_EQ(a["high_water_bytes"], 1088);
  ASSERT_EQ(j["layers"].size(), 3u);
}

TEST(ArenaTrackerTest, EachLayerGetsTheArenaBytesItWroteNotARunningTotal) {
  json j = profile_of("");
  ASSERT_EQ(j["layers"].size(), 3u);
  EXPECT_EQ(j["layers"][0]["arena_written_bytes"], 300);
  EXPECT_EQ(j["layers"][1]["arena_written_bytes"], 100);
  EXPECT_EQ(j["layers"][2]["arena_written_bytes"], 64);
}

TEST(ArenaTrackerTest, ArenaOptionTakesAnAddressRange) {
  uint32_t base = profile_of("")["memory"]["arena"]["base"];
  json j = profile_of(fmt::format("--arena 0x{:x}:1024", base + 512));
  const json& a = j["memory"]["arena"];
  EXPECT_EQ(a["size"], 1024);
  EXPECT_EQ(a["used_bytes"], 100 + 64);
  EXPECT_EQ(a["high_water_bytes"], 1088 - 512);
}

TEST(ArenaTrackerTest, ArenaNoneMeasuresNothing) {
  json j = profile_of("--arena none");
  EXPECT_EQ(j["memory"]["arena"]["size"], 0);
  EXPECT_EQ(j["layers"][2]["arena_written_bytes"], 0);
}

TEST(ArenaTrackerTest, CheckMaxArenaGatesOnTheBytesUsed) {
  EXPECT_EQ(run_cli("check --quiet --max-arena 400 " + firmware("layers_microtvm")).status, 1);
  testing::CliResult r = run_cli("check --quiet --max-arena 1K " + firmware("layers_microtvm"));
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("arena"), std::string::npos) << r.out;
}

TEST(ArenaTrackerTest, UnknownArenaSymbolIsAnInputError) {
  testing::CliResult r = run_cli("run --quiet --arena no_such_buffer " + firmware("layers_microtvm"));
  EXPECT_EQ(r.status, kExitInputError);
  EXPECT_NE(r.err.find("--arena: no data symbol named 'no_such_buffer'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mcusim

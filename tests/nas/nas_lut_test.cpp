// Latency lookup tables: the units of a space, reading tables, and (with
// arm-none-eabi-gcc) a table measured for a tiny space predicting a
// candidate it was not built from within the documented error.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "sim/errors.h"
#include "sim/nas/candidate.h"
#include "sim/nas/lut_inputs.h"
#include "sim/nas/lut_table.h"
#include "sim/nas/lut_units.h"
#include "sim/nas/nas_rows.h"
#include "tests/cli/cli_runner.h"

namespace mcusim::nas {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_cli;

const std::string kSource = MCUSIM_SOURCE_DIR;
const std::string kCache = std::string(MCUSIM_FIRMWARE_DIR) + "/../nas-test-build";

// A few units: one resolution and width, kernels 3 and 5, one expand ratio.
const char kSmallSpace[] = R"({
  "format": "mcusim-space/1", "name": "lut-small",
  "resolutions": [24], "widths": [0.25], "channel_divisor": 8,
  "stem": {"out": 16, "kernel": 3, "stride": 2},
  "kernels": [3, 5], "expands": [3],
  "stages": [
    {"out": 16, "stride": 1, "depths": [1], "kernels": [3], "expands": [1]},
    {"out": 24, "stride": 2, "depths": [1, 2]},
    {"out": 32, "stride": 2, "depths": [1, 2]}
  ],
  "head": {"feature_mix": 64, "classes": 10}
})";

fs::path temp_dir(const std::string& tag) {
  fs::path d = fs::temp_directory_path() / ("mcusim-naslut-" + tag + "-" + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

bool have_arm_gcc() { return std::system("command -v arm-none-eabi-gcc >/dev/null 2>&1") == 0; }

TEST(LutUnitsTest, SpaceUnitsContainEveryUnitOfEverySample) {
  SearchSpace space = load_space(kSource + "/firmware_samples/spaces/tiny.json");
  std::set<std::string> keys;
  for (const LutUnit& u : space_units(space)) EXPECT_TRUE(keys.insert(u.key()).second) << "twice: " << u.key();
  size_t i = 0;
  for (const Choices& c : sample_choices(space, 3, 40))
    for (const LutUnit& u : model_units(candidate_model(space, c, "c" + std::to_string(i++)), "sample"))
      EXPECT_TRUE(keys.count(u.key())) << "missing: " << u.key();
}

TEST(LutUnitsTest, ModelUnitsFollowTheLayerEntries) {
  json model = json::parse(R"({"format": "mcusim-model/1", "name": "m", "input": {"height": 16, "width": 16, "channels": 3},
    "layers": [{"op": "conv", "out": 8, "kernel": 3, "stride": 2, "act": "relu6"},
               {"op": "mbconv", "mid": 24, "out": 8, "kernel": 5, "stride": 1, "residual": true},
               {"op": "avgpool"}, {"op": "linear", "out": 10}]})");
  std::vector<LutUnit> units = model_units(model, "m.json");
  ASSERT_EQ(units.size(), 4u);
  EXPECT_EQ(units[0].key(), "conv in=16x16x3 out=8 k=3 s=2 act=relu6");
  EXPECT_EQ(units[1].key(), "mbconv in=8x8x8 mid=24 out=8 k=5 s=1 res=1");
  EXPECT_EQ(units[1].layer_count(), 4);  // expand, depthwise, project, add
  EXPECT_EQ(units[1].macs, 8 * 8 * 24 * 8 + 8 * 8 * 24 * 25 + 8 * 8 * 8 * 24);
  EXPECT_EQ(units[2].key(), "avgpool in=8x8x8");
  EXPECT_EQ(units[3].key(), "linear in=1x1x8 out=10");
}

TEST(LutTableTest, MissingUnitIsAnErrorNamingItAndTheCandidate) {
  fs::path d = temp_dir("missing");
  json entry = {{"key", "conv in=16x16x3 out=8 k=3 s=2 act=relu6"}, {"board", "stm32f407"}, {"engine", "planned"},
                {"status", "ok"}, {"cycles", 1000}, {"ms", 0.01}};
  std::ofstream(d / "lut.json") << json{{"format", "mcusim-lut/1"}, {"entries", {entry}}}.dump();
  Candidate c;
  c.name = "cand";
  c.path = "cand.json";
  c.model = json::parse(R"({"format": "mcusim-model/1", "name": "cand", "input": {"height": 16, "width": 16, "channels": 3},
    "layers": [{"op": "conv", "out": 8, "kernel": 3, "stride": 2, "act": "relu6"}, {"op": "avgpool"}]})");
  LutTable lut = load_lut((d / "lut.json").string());
  EXPECT_EQ(error_of([&] { predict(lut, c, {}); }),
            (d / "lut.json").string() + ": no entry for 'avgpool in=8x8x8' (layers[1] of candidate cand); measure it with "
            "mcusim nas lut on a space that contains it");
  c.model["layers"].erase(1);
  Budget budget;
  budget.max_cycles = 999;
  Prediction p = predict(lut, c, budget);
  EXPECT_EQ(p.cycles, 1000u);
  EXPECT_EQ(p.latency_budget, "fail");
  fs::remove_all(d);
}

TEST(LutTableTest, MalformedTablesAreErrorsNamingWhatIsWrong) {
  fs::path d = temp_dir("malformed");
  auto load_text = [&](const std::string& text) {
    std::ofstream(d / "t.json") << text;
    return error_of([&] { load_lut((d / "t.json").string()); });
  };
  const std::string f = (d / "t.json").string();
  EXPECT_EQ(load_text("{not json"), f + ": not valid JSON");
  EXPECT_EQ(load_text(R"({"format": "mcusim-model/1"})"), f + ": format: must be \"mcusim-lut/1\" (a table written by mcusim nas lut)");
  EXPECT_EQ(load_text(R"({"format": "mcusim-lut/1"})"), f + ": entries: missing (a list of units)");
  EXPECT_EQ(load_text(R"({"format": "mcusim-lut/1", "entries": []})"), f + ": no entries (measure a space with mcusim nas lut first)");
  EXPECT_EQ(load_text(R"({"format": "mcusim-lut/1", "entries": [{"key": "x", "board": "b", "engine": "planned", "status": "ok", "ms": 1}]})"),
            f + ": entry 0: missing 'cycles'");
  EXPECT_EQ(load_text("a,b\n1,2\n"), f + ": not a latency table (a CSV written by mcusim nas lut starts with 'key')");
  EXPECT_EQ(error_of([&] { load_lut((d / "none.json").string()); }), "--lut: cannot read " + (d / "none.json").string());
  fs::remove_all(d);
}

// The table of a small space predicts a sampled candidate (whose units the
// space contains, measured in other firmwares) within the documented error
// of its simulated inference (docs/nas.md: under 1.5% on the boards measured).
TEST(NasLutCliTest, TablePredictsAHeldOutCandidate) {
  if (!have_arm_gcc()) GTEST_SKIP() << "arm-none-eabi-gcc not installed";
  fs::path d = temp_dir("predict");
  std::ofstream(d / "space.json") << kSmallSpace;
  auto r = run_cli("nas lut " + (d / "space.json").string() + " --board stm32f407 --jobs 2 --build-dir " + kCache + " --out " +
                   (d / "lut").string());
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("units of lut-small on stm32f407 (planned engine)"), std::string::npos) << r.out;
  ASSERT_TRUE(fs::exists(d / "lut.json"));
  ASSERT_EQ(run_cli("nas sample " + (d / "space.json").string() + " --count 1 --seed 9 --out " + (d / "cands").string()).status, 0);
  r = run_cli("nas evaluate --board stm32f407 --build-dir " + kCache + " --jsonl " + (d / "rows.jsonl").string() + " " +
              (d / "cands").string());
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  r = run_cli("nas predict " + (d / "cands").string() + " --lut " + (d / "lut.json").string() + " --csv " + (d / "pred.csv").string());
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::vector<json> rows = read_nas_rows((d / "rows.jsonl").string());
  ASSERT_EQ(rows.size(), 1u);
  uint64_t simulated = 0;
  for (const json& l : rows[0]["layers"]) simulated += l["cycles"].get<uint64_t>();
  LutTable lut = load_lut((d / "lut.json").string());
  Prediction p = predict(lut, load_candidate(rows[0]["model"].get<std::string>()), {});
  EXPECT_NE(testing::slurp((d / "pred.csv").string()).find(fmt::format(",{},", p.cycles)), std::string::npos);
  double error = std::abs(static_cast<double>(p.cycles) - static_cast<double>(simulated)) / static_cast<double>(simulated);
  EXPECT_LT(error, 0.015) << "predicted " << p.cycles << ", simulated " << simulated;
  // Resumed: nothing left to measure.
  r = run_cli("nas lut " + (d / "space.json").string() + " --board stm32f407 --resume --build-dir " + kCache + " --out " +
              (d / "lut").string());
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(": 0 measured (none) in 0 firmwares"), std::string::npos) << r.out;
  // A table from another space lacks this candidate's units.
  r = run_cli("nas predict " + kSource + "/firmware_samples/models/mcunet-in0.json --lut " + (d / "lut.json").string());
  EXPECT_EQ(r.status, 125);
  EXPECT_NE(r.err.find("no entry for 'conv in=48x48x3 out=24 k=3 s=2 act=relu6' (layers[0] of candidate mcunet-in0)"),
            std::string::npos)
      << r.err;
  fs::remove_all(d);
}

}  // namespace
}  // namespace mcusim::nas

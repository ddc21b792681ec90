// Profiling from the command line, end to end: the outputs a user or a CI
// job consumes, on a real inference sample with layer markers.
#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "sim/errors.h"

namespace mcusim {
namespace {

using testing::firmware;
using testing::run_cli;
using testing::slurp;

const std::string kSample = firmware("sample_mcunet-in0_planned_mps2-an386");

std::string temp(const std::string& name) { return ::testing::TempDir() + name; }

TEST(ProfileCliTest, JsonProfileHasLayersWithMacsAndMemory) {
  std::string path = temp("in0.json");
  testing::CliResult r = run_cli("run --quiet --json " + path + " " + kSample);
  ASSERT_EQ(r.status, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(slurp(path));
  EXPECT_EQ(j["schema"], "mcusim-profile");
  ASSERT_FALSE(j["layers"].empty());
  uint64_t layer_cycles = 0, macs = 0;
  for (const auto& l : j["layers"]) {
    layer_cycles += l["cycles"].get<uint64_t>();
    macs += l["macs"].get<uint64_t>();
  }
  EXPECT_GT(layer_cycles, 0u);
  EXPECT_LE(layer_cycles, j["totals"]["cycles"].get<uint64_t>()) << "layers cannot take more than the whole run";
  // The sample's markers carry the model's MACs: mcunet-in0 has 6.4M (published).
  EXPECT_NEAR(static_cast<double>(macs), 6.4e6, 0.1e6);
  EXPECT_GT(j["memory"]["stack_peak"].get<uint64_t>(), 0u);
  EXPECT_GT(j["memory"]["static_sram"].get<uint64_t>(), 0u);
}

// The run records function spans only when an output writes them (--trace,
// --json with --json-calls): every output that does still has every call.
TEST(ProfileCliTest, TraceAndJsonCallsHaveEveryCallWhicheverOutputsAreAsked) {
  const std::string elf = firmware("layers_tflm");
  const std::string tag = std::to_string(::getpid());
  auto function_events = [](const nlohmann::json& events, const char* key, const char* value) {
    size_t n = 0;
    for (const auto& e : events) n += e[key] == value;
    return n;
  };
  std::string trace_alone = temp("calls_trace_" + tag + ".json");
  ASSERT_EQ(run_cli("run --quiet --trace " + trace_alone + " " + elf).status, 0);
  size_t calls = function_events(nlohmann::json::parse(slurp(trace_alone))["traceEvents"], "cat", "function");
  EXPECT_GT(calls, 8u) << "main, the dispatcher, the kernels";

  std::string trace = temp("calls_trace_json_" + tag + ".json"), json = temp("calls_json_" + tag + ".json");
  ASSERT_EQ(run_cli("run --quiet --trace " + trace + " --json " + json + " " + elf).status, 0);
  EXPECT_EQ(function_events(nlohmann::json::parse(slurp(trace))["traceEvents"], "cat", "function"), calls);
  EXPECT_EQ(function_events(nlohmann::json::parse(slurp(json))["spans"], "category", "function"), 0u);

  std::string json_calls = temp("calls_json_calls_" + tag + ".json");
  ASSERT_EQ(run_cli("run --quiet --json-calls --json " + json_calls + " " + elf).status, 0);
  EXPECT_EQ(function_events(nlohmann::json::parse(slurp(json_calls))["spans"], "category", "function"), calls);
}

TEST(ProfileCliTest, CheckFailsWhenSramBudgetIsTooSmallAndPassesOtherwise) {
  testing::CliResult tight = run_cli("check --max-sram 8KiB " + kSample);
  EXPECT_EQ(tight.status, kExitBudgetExceeded) << tight.err;
  EXPECT_NE(tight.out.find("FAIL"), std::string::npos) << tight.out;
  testing::CliResult roomy = run_cli("check --max-sram 4MiB --max-flash 4MiB " + kSample);
  EXPECT_EQ(roomy.status, 0) << roomy.err << roomy.out;
}

TEST(ProfileCliTest, CheckReadsASavedProfile) {
  std::string path = temp("in0_for_check.json");
  ASSERT_EQ(run_cli("run --quiet --json " + path + " " + kSample).status, 0);
  testing::CliResult r = run_cli("check --max-cycles 1000 " + path);
  EXPECT_EQ(r.status, kExitBudgetExceeded) << r.err;
}

TEST(ProfileCliTest, DiffFlagsARegressionBetweenTimingModels) {
  std::string base = temp("base.json"), slow = temp("slow.json");
  ASSERT_EQ(run_cli("run --quiet --timing instructions --json " + base + " " + kSample).status, 0);
  ASSERT_EQ(run_cli("run --quiet --timing fast --json " + slow + " " + kSample).status, 0);
  testing::CliResult same = run_cli("diff " + base + " " + base);
  EXPECT_EQ(same.status, 0) << same.err;
  // Fast timing charges more than one cycle per instruction: a regression.
  testing::CliResult worse = run_cli("diff --max-regression 2 --markdown " + base + " " + slow);
  EXPECT_EQ(worse.status, kExitBudgetExceeded) << worse.err;
  EXPECT_NE(worse.out.find("|"), std::string::npos) << worse.out;
}

TEST(ProfileCliTest, LayerFunctionsMakeEachCallALayer) {
  std::string path = temp("fn_layers.json");
  ASSERT_EQ(run_cli("run --quiet --layer-functions '^mcusim_nn_fully_connected$' --json " + path + " " +
                    firmware("bench_realistic_m4") + " -- 1").status, 0);
  nlohmann::json j = nlohmann::json::parse(slurp(path));
  EXPECT_TRUE(j["layers"].empty()) << "the benchmark has no such function";
  ASSERT_EQ(run_cli("run --quiet --layer-functions '^qsort$' --json " + path + " " + firmware("bench_realistic_m4") +
                    " -- 3").status, 0);
  j = nlohmann::json::parse(slurp(path));
  ASSERT_EQ(j["layers"].size(), 3u);
  EXPECT_EQ(j["layers"][0]["name"], "qsort");
}

TEST(ProfileCliTest, AnnotateShowsSourceLinesWithCycles) {
  testing::CliResult r = run_cli("annotate " + firmware("bench_realistic_m4") + " --function compare -- 2");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("realistic.c:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("x "), std::string::npos) << "execution counts per instruction: " << r.out;
}

TEST(ProfileCliTest, AnnotateDisassemblesAnAssemblyFunctionWithoutSize) {
  testing::CliResult r = run_cli("annotate --board mps2-an500 " + firmware("microbench_m7") + " --function bm_vmul_chain4");
  ASSERT_EQ(r.status, 0) << r.err;
  size_t vmuls = 0;
  // Disassembly lines ("000012e0:  vmul.f32 ..."), not the source lines above them.
  for (size_t at = r.out.find(":  vmul.f32"); at != std::string::npos; at = r.out.find(":  vmul.f32", at + 1)) ++vmuls;
  EXPECT_EQ(vmuls, 4u) << r.out;
  EXPECT_EQ(r.out.find("undecodable"), std::string::npos) << r.out;
}

TEST(ProfileCliTest, AnnotateUnknownFunctionIsAnInputError) {
  testing::CliResult r = run_cli("annotate " + firmware("bench_realistic_m4") + " --function no_such_fn -- 1");
  EXPECT_EQ(r.status, kExitInputError);
  EXPECT_NE(r.err.find("no function named 'no_such_fn'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mcusim

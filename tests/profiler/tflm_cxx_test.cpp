// TF-Lite Micro's shape in real C++ (tests/firmware/layers/tflm_cxx_*.cc,
// built by arm-none-eabi-g++ with TF-Lite Micro's flags): what a user's
// TF-Lite Micro ELF brings that C imitations of its symbol names do not.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "profile_of.h"

namespace mcusim {
namespace {

using nlohmann::json;
using testing::firmware;
using testing::run_cli;
using testing::slurp;

const char* const kElf = "t_tflm_cxx_m4";  // also a QEMU differential test (diff.t_tflm_cxx_m4)

// The firmware's own "name value" lines (stdout).
uint64_t printed(const std::string& out, const std::string& name) {
  std::istringstream in(out);
  for (std::string word; in >> word;)
    if (word == name) {
      uint64_t v = 0;
      in >> v;
      return v;
    }
  ADD_FAILURE() << "the firmware printed no " << name << ":\n" << out;
  return 0;
}

struct CxxRun {
  testing::CliResult cli;
  json profile;
};

CxxRun run(const std::string& options = "") {
  static int n = 0;
  std::string path = ::testing::TempDir() + "tflm_cxx_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + ".json";
  CxxRun r{run_cli("run --quiet " + options + " --json " + path + " " + firmware(kElf)), {}};
  EXPECT_EQ(r.cli.status, 0) << r.cli.out << r.cli.err;
  if (r.cli.status == 0) r.profile = json::parse(slurp(path));
  return r;
}

TEST(TfliteMicroCxxTest, RunsItsStaticConstructorsAndBothInferences) {
  CxxRun r = run();
  EXPECT_EQ(printed(r.cli.out, "profiler_events"), 8u) << "4 operators, 2 inferences, each between BeginEvent and EndEvent";
}

TEST(TfliteMicroCxxTest, ArenaInAnAnonymousNamespaceIsFoundAndMeasuredExactly) {
  CxxRun r = run();
  const json& arena = r.profile["memory"]["arena"];
  EXPECT_EQ(arena["name"], "(anonymous namespace)::tensor_arena");
  EXPECT_EQ(arena["size"], 8192);
  // Every byte the interpreter placed in the arena is written, and no pointer
  // or value it writes holds the paint byte: mcusim's figures are the
  // allocator's own.
  EXPECT_EQ(arena["used_bytes"], printed(r.cli.out, "arena_allocated_bytes"));
  EXPECT_EQ(arena["high_water_bytes"], printed(r.cli.out, "arena_used_bytes"));
}

TEST(TfliteMicroCxxTest, ArenaOptionTakesTheNameTheSourceUses) {
  for (const char* name : {"tensor_arena", "(anonymous namespace)::tensor_arena", "_ZN12_GLOBAL__N_112tensor_arenaE"}) {
    CxxRun r = run(std::string("--arena '") + name + "'");
    EXPECT_EQ(r.profile["memory"]["arena"]["name"], "(anonymous namespace)::tensor_arena") << name;
  }
  testing::CliResult bad = run_cli("run --quiet --arena no_such_arena " + firmware(kElf));
  EXPECT_EQ(bad.status, 125);
  EXPECT_NE(bad.err.find("no data symbol named 'no_such_arena'"), std::string::npos) << bad.err;
}

TEST(TfliteMicroCxxTest, LayersAreTheOperatorInvokesOfTheCompiledInterpreter) {
  CxxRun r = run();
  const json& j = r.profile;
  EXPECT_EQ(j["layer_source"]["name"], "tflm");
  EXPECT_EQ(j["layer_source"]["model"], "g_model");
  const std::vector<std::string> names = {
      "0 tflite::(anonymous namespace)::Eval [tflm_cxx_conv.cc]",
      "1 tflite::(anonymous namespace)::Eval [tflm_cxx_depthwise_conv.cc]",
      "2 tflite::(anonymous namespace)::Eval [tflm_cxx_conv.cc]",
      "3 tflite::(anonymous namespace)::EvalQuantized"};
  const std::vector<std::string> types = {"CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "FULLY_CONNECTED"};
  // Output tensors (make_tflm_model.py): 8x8x8, 8x8x8, 8x8x16, 10 bytes, each written whole.
  const std::vector<uint64_t> written = {512, 512, 1024, 10};
  ASSERT_EQ(j["layers"].size(), 8u);
  for (size_t i = 0; i < 8; ++i) {
    const json& l = j["layers"][i];
    EXPECT_EQ(l["name"], names[i % 4]) << i;
    EXPECT_EQ(l["operator"], types[i % 4]) << i;
    EXPECT_EQ(l["arena_written_bytes"], written[i % 4]) << i;
  }
  EXPECT_EQ(j["layers"][0]["cycles"], j["layers"][4]["cycles"]) << "the same work in both inferences";
}

TEST(TfliteMicroCxxTest, FunctionTableTellsKernelsOfTheSameNameApartByFile) {
  testing::CliResult r = run_cli("run --quiet --profile " + firmware(kElf));
  EXPECT_EQ(r.status, 0) << r.err;
  for (const char* file : {"tflm_cxx_conv.cc", "tflm_cxx_depthwise_conv.cc"})
    EXPECT_NE(r.err.find(std::string("tflite::(anonymous namespace)::Eval(TfLiteContext*, TfLiteNode*) [") + file + "]"),
              std::string::npos)
        << r.err;
  EXPECT_NE(r.err.find("tflite::(anonymous namespace)::EvalQuantized(TfLiteContext*, TfLiteNode*) "), std::string::npos)
      << "a name no other function has stays as it is\n"
      << r.err;
}

TEST(TfliteMicroCxxTest, LargestSymbolsAreNamedAsTheSourceNamesThem) {
  CxxRun r = run();
  bool arena_listed = false;
  for (const json& s : r.profile["memory"]["largest_symbols"]) {
    EXPECT_FALSE(s["name"].get<std::string>().starts_with("_Z")) << s["name"];
    arena_listed |= s["name"] == "(anonymous namespace)::tensor_arena";
  }
  EXPECT_TRUE(arena_listed);
}

}  // namespace
}  // namespace mcusim

// Layers of unmodified generated ELFs: each preset on test firmware with its
// framework's dispatch structure and symbol names (tests/firmware/layers).
#include "profiler/layer_presets.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "profile_of.h"
#include "sim/errors.h"

namespace mcusim {
namespace {

using nlohmann::json;
using testing::firmware;
using testing::profile_of;
using testing::run_cli;
using testing::slurp;

std::vector<std::string> layer_names(const json& j) {
  std::vector<std::string> names;
  for (const json& l : j["layers"]) names.push_back(l["name"]);
  return names;
}

uint64_t layer_cycles(const json& j) {
  uint64_t sum = 0;
  for (const json& l : j["layers"]) sum += l["cycles"].get<uint64_t>();
  return sum;
}

size_t function_index(const json& j, const std::string& name) {
  for (size_t i = 0; i < j["functions"].size(); ++i)
    if (j["functions"][i]["name"] == name) return i;
  ADD_FAILURE() << "no function " << name;
  return 0;
}

// Cycles of the calls `dispatcher` made to the layers' functions, from the
// call graph (measured independently of the layer rules).
uint64_t cycles_of_layer_calls(const json& j, const std::string& dispatcher) {
  std::set<uint32_t> layer_addresses;
  for (const json& l : j["layers"]) layer_addresses.insert(l["address"].get<uint32_t>());
  size_t caller = function_index(j, dispatcher);
  uint64_t sum = 0;
  for (const json& c : j["calls"])
    if (c["caller"] == caller && layer_addresses.count(j["functions"][c["callee"].get<size_t>()]["address"].get<uint32_t>()))
      sum += c["inclusive_cycles"].get<uint64_t>();
  return sum;
}

TEST(LayerPresetsTest, RecognisesEachFrameworkFromItsSymbols) {
  auto name_of = [](std::vector<std::string> names) {
    auto r = recognise_framework(names);
    return r ? std::string(r->preset->name) : std::string("none");
  };
  EXPECT_EQ(name_of({"main", "tflite::MicroInterpreterGraph::InvokeSubgraph"}), "tflm");
  EXPECT_EQ(name_of({"tflite::MicroInterpreter::Invoke", "arm_convolve_s8"}), "tflm") << "TF-Lite Micro with CMSIS-NN kernels";
  EXPECT_EQ(name_of({"tvmgen_kws___tvm_main__", "tvmgen_kws_fused_nn_conv2d"}), "microtvm");
  EXPECT_EQ(name_of({"invoke", "getInput"}), "tinyengine");
  EXPECT_EQ(name_of({"invoke"}), "none") << "`invoke` alone is too common a name";
  EXPECT_EQ(name_of({"ai_network_run", "forward_conv2d"}), "xcubeai");
  EXPECT_EQ(name_of({"arm_fully_connected_s8"}), "cmsis-nn");
  EXPECT_EQ(name_of({"main", "conv2d"}), "none");
}

TEST(LayerPresetsTest, TfliteMicroLayersAreTheOperatorInvokesNamedByIndexFunctionAndFile) {
  json j = profile_of("layers_tflm");
  EXPECT_EQ(j["layer_source"]["name"], "tflm");
  const std::string conv = "tflite::(anonymous namespace)::Eval [tflm_conv.c]";
  const std::string depthwise = "tflite::(anonymous namespace)::Eval [tflm_depthwise_conv.c]";
  const std::string fc = "tflite::(anonymous namespace)::EvalQuantized";
  std::vector<std::string> one = {"0 " + conv, "1 " + depthwise, "2 " + conv, "3 " + fc};
  std::vector<std::string> two_inferences = one;
  two_inferences.insert(two_inferences.end(), one.begin(), one.end());
  EXPECT_EQ(layer_names(j), two_inferences) << "profiler calls and SysTick interrupts are not layers";
  const json& l = j["layers"][1];
  EXPECT_EQ(l["mangled"], "_ZN6tflite12_GLOBAL__N_14EvalEP13TfLiteContextP10TfLiteNode");
  EXPECT_EQ(l["function"], "tflite::(anonymous namespace)::Eval");
  EXPECT_EQ(l["index"], 1);
  EXPECT_NE(j["layers"][0]["address"], j["layers"][1]["address"]) << "conv and depthwise Eval are different functions";

  const std::string dispatcher = "tflite::MicroInterpreterGraph::InvokeSubgraph(int)";
  EXPECT_EQ(layer_cycles(j), cycles_of_layer_calls(j, dispatcher));
  const json& d = j["functions"][function_index(j, dispatcher)];
  uint64_t inside = d["total_cycles"].get<uint64_t>() - d["self_cycles"].get<uint64_t>();
  EXPECT_LT(layer_cycles(j), inside) << "the profiler calls are inside the dispatcher but outside every layer";
}

TEST(LayerPresetsTest, TfliteMicroLayersGetOperatorTypeShapeAndMacsFromTheModelInTheElf) {
  json j = profile_of("layers_tflm");
  EXPECT_EQ(j["layer_source"]["model"], "g_model");
  ASSERT_EQ(j["layers"].size(), 8u);
  // tests/firmware/layers/make_tflm_model.py: conv 3x3 to 8x8x8, depthwise 3x3, conv 1x1 to 8x8x16, fully connected 1024 -> 10.
  const std::vector<std::string> types = {"CONV_2D", "DEPTHWISE_CONV_2D", "CONV_2D", "FULLY_CONNECTED"};
  const std::vector<uint64_t> macs = {13'824, 4'608, 8'192, 10'240};
  for (size_t i = 0; i < 8; ++i) {
    const json& l = j["layers"][i];
    EXPECT_EQ(l["operator"], types[i % 4]) << i;
    EXPECT_EQ(l["macs"], macs[i % 4]) << i;
    EXPECT_DOUBLE_EQ(l["cycles_per_mac"].get<double>(), l["cycles"].get<double>() / static_cast<double>(macs[i % 4]));
  }
  EXPECT_EQ(j["layers"][1]["output_shape"], (std::vector<int>{1, 8, 8, 8}));
  EXPECT_EQ(j["layers"][3]["output_shape"], (std::vector<int>{1, 10}));
  ASSERT_EQ(j["layer_summary"].size(), 4u);
  EXPECT_EQ(j["layer_summary"][1]["operator"], "DEPTHWISE_CONV_2D");
  EXPECT_EQ(j["layer_summary"][1]["count"], 2);
  EXPECT_EQ(j["layer_summary"][1]["macs"], 4'608);
}

TEST(LayerPresetsTest, TfliteMicroLayersGetTheArenaBytesEachOperatorWrote) {
  json j = profile_of("layers_tflm");
  // The kernels of the first inference write 256, 128, 256 and 64 fresh arena bytes.
  const std::vector<uint64_t> first = {256, 128, 256, 64};
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(j["layers"][i]["arena_written_bytes"], first[i]) << i;
  // The second rewrites them: every byte stored counts, even one whose value comes out the same.
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(j["layers"][4 + i]["arena_written_bytes"], first[i]) << i;
  // Each kernel reads the bytes it writes, and nothing else (kernel_work.h).
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(j["layers"][i]["arena_touched_bytes"], first[i]) << i;
}

// layers_tflm_ticks: the firmware measures each operator call with the DWT
// cycle counter between MicroProfiler::BeginEvent and EndEvent, as TF-Lite
// Micro's MicroProfiler does, and prints the figures. Each layer must be
// that figure minus one constant: the profiler calls' own cycles around the
// invoke (146 on the real TF-Lite Micro benchmark of issue 16).
TEST(LayerPresetsTest, TfliteMicroLayersEqualTheMicroProfilerFigureMinusAConstant) {
  std::string path = ::testing::TempDir() + "tflm_ticks_" + std::to_string(::getpid()) + ".json";
  testing::CliResult r = run_cli("run --quiet --json " + path + " " + firmware("layers_tflm_ticks"));
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<int64_t> ticks;
  std::istringstream out(r.out);
  for (std::string word; out >> word;)
    if (word == "ticks") {
      int64_t t = 0;
      out >> t;
      ticks.push_back(t);
    }
  json j = json::parse(slurp(path));
  ASSERT_EQ(j["layer_source"]["name"], "tflm");
  ASSERT_EQ(j["layers"].size(), 8u);
  ASSERT_EQ(ticks.size(), 8u) << r.out;
  int64_t overhead = ticks[0] - j["layers"][0]["cycles"].get<int64_t>();
  EXPECT_GT(overhead, 0);
  for (size_t i = 0; i < 8; ++i) EXPECT_EQ(ticks[i] - j["layers"][i]["cycles"].get<int64_t>(), overhead) << i;
}

TEST(LayerPresetsTest, TfliteMicroTerminalTableShowsOperatorsAndMacs) {
  testing::CliResult r = run_cli("run --quiet --profile " + firmware("layers_tflm"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("operator"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("DEPTHWISE_CONV_2D"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("13,824"), std::string::npos) << "the first conv's MACs\n" << r.err;
}

TEST(LayerPresetsTest, InfoNamesTheTfliteModelItFinds) {
  testing::CliResult r = run_cli("info " + firmware("layers_tflm"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("TF-Lite model: g_model"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("4 operators, 36864 MACs per inference in the 4 counted from shapes"), std::string::npos) << r.out;
  EXPECT_EQ(run_cli("info " + firmware("layers_microtvm")).out.find("TF-Lite model"), std::string::npos);
}

TEST(LayerPresetsTest, LayerCallerMakesEveryCallOfTheDispatcherALayer) {
  const std::string dispatcher = "tflite::MicroInterpreterGraph::InvokeSubgraph";
  json j = profile_of("layers_tflm", "--layer-caller " + dispatcher);
  EXPECT_EQ(j["layer_source"]["name"], "options");
  ASSERT_EQ(j["layers"].size(), 24u) << "2 inferences x 4 operators x (begin event, invoke, end event)";
  EXPECT_EQ(j["layers"][0]["name"], "0 tflite::MicroProfiler::BeginEvent");
  EXPECT_EQ(j["layers"][1]["name"], "1 tflite::(anonymous namespace)::Eval [tflm_conv.c]");
  EXPECT_EQ(j["layers"][2]["name"], "2 tflite::MicroProfiler::EndEvent");
  EXPECT_EQ(j["layers"][12]["name"], "0 tflite::MicroProfiler::BeginEvent") << "positions restart with each inference";
  // Every call the dispatcher made is a layer, except the interrupts taken
  // in the dispatcher itself (between calls); those inside a callee are in its layer.
  uint64_t calls_but_interrupts = 0;
  size_t caller = function_index(j, dispatcher + "(int)"), handler = function_index(j, "SysTick_Handler");
  for (const json& c : j["calls"])
    if (c["caller"] == caller && c["callee"] != handler) calls_but_interrupts += c["inclusive_cycles"].get<uint64_t>();
  EXPECT_EQ(layer_cycles(j), calls_but_interrupts);
}

TEST(LayerPresetsTest, MicroTvmLayersAreTheFusedOperatorsOfTheAotMain) {
  json j = profile_of("layers_microtvm");
  EXPECT_EQ(j["layer_source"]["name"], "microtvm");
  EXPECT_EQ(layer_names(j), (std::vector<std::string>{"0 tvmgen_default_fused_nn_conv2d_add_cast",
                                                      "1 tvmgen_default_fused_nn_max_pool2d",
                                                      "2 tvmgen_default_fused_nn_dense_add"}))
      << "workspace allocation is not a layer";
  EXPECT_EQ(layer_cycles(j), cycles_of_layer_calls(j, "tvmgen_default___tvm_main__"));
}

TEST(LayerPresetsTest, TinyEngineLayersAreTheKernelCallsOfInvoke) {
  json j = profile_of("layers_tinyengine");
  EXPECT_EQ(j["layer_source"]["name"], "tinyengine");
  // getInput/getOutput are inlined into invoke at -O2: only the kernels are calls.
  EXPECT_EQ(layer_names(j), (std::vector<std::string>{"0 convolve_s8_kernel3_stride2_pad1",
                                                      "1 depthwise_kernel3x3_stride1_inplace_CHW",
                                                      "2 convolve_1x1_s8_ch8"}));
  const json& d = j["functions"][function_index(j, "invoke")];
  EXPECT_EQ(layer_cycles(j), d["total_cycles"].get<uint64_t>() - d["self_cycles"].get<uint64_t>());
}

TEST(LayerPresetsTest, XCubeAiLayersAreTheForwardCallsOfTheLayerLoop) {
  json j = profile_of("layers_xcubeai");
  EXPECT_EQ(j["layer_source"]["name"], "xcubeai");
  EXPECT_EQ(layer_names(j), (std::vector<std::string>{"forward_conv2d", "forward_dense", "forward_sm"}))
      << "the helper forward_conv2d calls stays inside its layer";
  const json& d = j["functions"][function_index(j, "ai_platform_network_process")];
  EXPECT_EQ(layer_cycles(j), d["total_cycles"].get<uint64_t>() - d["self_cycles"].get<uint64_t>());
}

TEST(LayerPresetsTest, CmsisNnLayersAreTheOutermostKernelCallsOrThoseOfTheNamedFunction) {
  json j = profile_of("layers_cmsis_nn");
  EXPECT_EQ(j["layer_source"]["name"], "cmsis-nn");
  EXPECT_EQ(layer_names(j), (std::vector<std::string>{"arm_softmax_s8", "arm_convolve_s8", "arm_depthwise_conv_s8",
                                                      "arm_fully_connected_s8", "arm_softmax_s8"}))
      << "arm_nn_mat_mult_kernel_s8_s16 runs inside arm_convolve_s8";
  j = profile_of("layers_cmsis_nn", "--layers cmsis-nn --layer-caller run_network");
  EXPECT_EQ(layer_names(j), (std::vector<std::string>{"0 arm_convolve_s8", "1 arm_depthwise_conv_s8",
                                                      "2 arm_fully_connected_s8", "3 arm_softmax_s8"}))
      << "clear_buffer is no kernel; the softmax before run_network is not its call";
  EXPECT_EQ(layer_cycles(j), cycles_of_layer_calls(j, "run_network"));
}

TEST(LayerPresetsTest, LayersNoneAndMarkersSwitchThePresetOff) {
  EXPECT_TRUE(profile_of("layers_tflm", "--layers none")["layers"].empty());
  json j = profile_of("layers_tflm", "--layers markers");
  EXPECT_TRUE(j["layers"].empty());
  EXPECT_EQ(j["layer_source"]["name"], "markers");
}

TEST(LayerPresetsTest, FirmwareMarkersTakePrecedenceOverARecognisedPreset) {
  json j = profile_of("layers_cmsis_nn_markers");
  EXPECT_EQ(layer_names(j), std::vector<std::string>{"network"}) << "the softmax before the marker is dropped too";
  EXPECT_EQ(j["layer_source"]["name"], "markers");
  EXPECT_NE(j["layer_source"]["reason"].get<std::string>().find("ITM layer markers"), std::string::npos);
  j = profile_of("layers_cmsis_nn_markers", "--layers cmsis-nn");
  EXPECT_EQ(j["layers"].size(), 6u) << "a forced preset keeps its layers; markers add theirs";
}

TEST(LayerPresetsTest, ForcedPresetApplies) {
  json j = profile_of("layers_cmsis_nn", "--layers xcubeai");
  EXPECT_TRUE(j["layers"].empty()) << "no forward_* function in a CMSIS-NN application";
  EXPECT_EQ(j["layer_source"]["name"], "xcubeai");
}

TEST(LayerPresetsTest, LayerFunctionsMatchDemangledNames) {
  json j = profile_of("layers_tflm", "--layer-functions 'tflite::\\(anonymous namespace\\)::EvalQuantized'");
  ASSERT_EQ(j["layers"].size(), 2u);
  EXPECT_EQ(j["layers"][0]["name"], "tflite::(anonymous namespace)::EvalQuantized");
  j = profile_of("layers_tflm", "--layer-functions EvalQuantizedEP13");
  EXPECT_EQ(j["layers"].size(), 2u) << "mangled names still match";
}

TEST(LayerPresetsTest, LayerOptionThatMatchesNothingSaysSo) {
  testing::CliResult r = run_cli("run --quiet --layer-functions no_such_kernel --profile " + firmware("layers_tflm"));
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.err.find("warning: --layer-functions 'no_such_kernel' matches no function"), std::string::npos) << r.err;
  r = run_cli("run --quiet --layers xcubeai --profile " + firmware("layers_cmsis_nn"));
  EXPECT_NE(r.err.find("warning: no layer was recorded"), std::string::npos) << r.err;
}

TEST(LayerPresetsTest, UnknownLayerOptionValuesAreInputErrors) {
  testing::CliResult r = run_cli("run --quiet --layer-caller no_such_function " + firmware("layers_tflm"));
  EXPECT_EQ(r.status, kExitInputError);
  EXPECT_NE(r.err.find("--layer-caller: no function named 'no_such_function'"), std::string::npos) << r.err;
  r = run_cli("run --quiet --layers tensorflow " + firmware("layers_tflm"));
  EXPECT_EQ(r.status, kExitInputError);
  EXPECT_NE(r.err.find("--layers: unknown value 'tensorflow'"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mcusim

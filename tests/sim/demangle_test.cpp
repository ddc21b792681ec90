#include <gtest/gtest.h>

#include "sim/symbolizer.h"

namespace mcusim {
namespace {

TEST(DemangleTest, CxxNamesBecomeReadable) {
  EXPECT_EQ(demangle("_ZN6tflite12_GLOBAL__N_14EvalEP13TfLiteContextP10TfLiteNode"),
            "tflite::(anonymous namespace)::Eval(TfLiteContext*, TfLiteNode*)");
  EXPECT_EQ(demangle("_ZN6tflite21MicroInterpreterGraph14InvokeSubgraphEi"),
            "tflite::MicroInterpreterGraph::InvokeSubgraph(int)");
}

TEST(DemangleTest, CNamesAndBrokenManglingStayAsTheyAre) {
  EXPECT_EQ(demangle("arm_convolve_s8"), "arm_convolve_s8");
  EXPECT_EQ(demangle("_Zgarbage"), "_Zgarbage");
  EXPECT_EQ(demangle(""), "");
}

TEST(DemangleTest, WithoutParametersDropsTheParameterListAndQualifiers) {
  EXPECT_EQ(without_parameters("tflite::(anonymous namespace)::Eval(TfLiteContext*, TfLiteNode*)"),
            "tflite::(anonymous namespace)::Eval");
  EXPECT_EQ(without_parameters("tflite::MicroInterpreter::Invoke()"), "tflite::MicroInterpreter::Invoke");
  EXPECT_EQ(without_parameters("Foo::size() const"), "Foo::size");
  EXPECT_EQ(without_parameters("void call<int (*)(int)>(int (*)(int))"), "void call<int (*)(int)>");
  EXPECT_EQ(without_parameters("main"), "main");
}

TEST(DemangleTest, UnqualifiedNameIsTheSymbolsOwnName) {
  // TF-Lite Micro's examples: `namespace { alignas(16) static uint8_t tensor_arena[...]; }`
  EXPECT_EQ(unqualified_name("_ZN12_GLOBAL__N_1L12tensor_arenaE"), "tensor_arena");
  EXPECT_EQ(unqualified_name("_ZN12_GLOBAL__N_112tensor_arenaE"), "tensor_arena");
  EXPECT_EQ(unqualified_name("_ZL12tensor_arena"), "tensor_arena");
  EXPECT_EQ(unqualified_name("_ZN6tflite12_GLOBAL__N_1L5arenaE"), "arena");
  // A function's static, also inside a member function with parameters.
  EXPECT_EQ(unqualified_name("_ZZ5_sbrkE8heap_end"), "heap_end");
  EXPECT_EQ(unqualified_name("_ZZN3Foo3barEiE1x"), "x");
  EXPECT_EQ(unqualified_name("_ZN6tflite21MicroInterpreterGraph14InvokeSubgraphEi"), "InvokeSubgraph");
  EXPECT_EQ(unqualified_name("tensor_arena"), "tensor_arena");
  EXPECT_EQ(unqualified_name("heap_end.0"), "heap_end.0");
}

}  // namespace
}  // namespace mcusim

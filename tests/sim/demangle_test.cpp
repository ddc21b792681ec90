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

}  // namespace
}  // namespace mcusim

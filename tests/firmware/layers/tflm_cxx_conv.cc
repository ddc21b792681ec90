// conv.cc of the C++ TF-Lite-Micro-shaped test firmware: the kernel's Eval
// lives in an anonymous namespace, as in TF-Lite Micro's kernels.
#include "tflm_cxx_runtime.h"

namespace tflite {
namespace {

int Eval(TfLiteContext* context, TfLiteNode* node) {
  (void)context;
  for (uint32_t r = 0; r < node->rounds; ++r)
    for (uint32_t i = 0; i < node->output_bytes; ++i) {
      int32_t acc = node->input[i % 64] * 3 + node->input[(i * 7) % 64] + static_cast<int32_t>(r);
      node->output[i] = static_cast<int8_t>(acc & 0x7F);  // top bit clear: never the arena paint
    }
  return 0;
}

}  // namespace

TFLMRegistration Register_CONV_2D() { return {Eval, 0}; }

}  // namespace tflite

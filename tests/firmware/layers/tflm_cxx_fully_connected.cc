// fully_connected.cc of the C++ TF-Lite-Micro-shaped test firmware.
#include "tflm_cxx_runtime.h"

namespace tflite {
namespace {

int EvalQuantized(TfLiteContext* context, TfLiteNode* node) {
  (void)context;
  for (uint32_t o = 0; o < node->output_bytes; ++o) {
    int32_t acc = 0;
    for (uint32_t i = 0; i < node->rounds * 25; ++i) acc += node->input[i] * static_cast<int32_t>(o + 1);
    node->output[o] = static_cast<int8_t>(acc & 0x7F);
  }
  return 0;
}

}  // namespace

TFLMRegistration Register_FULLY_CONNECTED() { return {EvalQuantized, 0}; }

}  // namespace tflite

// The application half of the C++ TF-Lite-Micro-shaped test firmware, in
// the shape of TF-Lite Micro's examples (main_functions.cc): the model,
// interpreter and tensor arena in an anonymous namespace, the op resolver
// and interpreter as function-local statics built in setup(), a global
// object with a constructor (run from .init_array before main), then
// inferences in loop(). Prints what the interpreter knows of its arena so
// the test can compare mcusim's figures with the firmware's own.
#include <cstdio>

#include "tflm_cxx_runtime.h"

extern const unsigned char g_model[];

namespace {
const tflite::Model* model = nullptr;
tflite::MicroInterpreter* interpreter = nullptr;
tflite::MicroProfiler profiler;
constexpr int kTensorArenaSize = 8 * 1024;
alignas(16) uint8_t tensor_arena[kTensorArenaSize];
}  // namespace

// A global with a constructor: C++ start-up code runs it before main.
class StartupCheck {
 public:
  StartupCheck() : constructed_(0x5eed) {}
  bool constructed() const { return constructed_ == 0x5eed; }

 private:
  volatile uint32_t constructed_;
};
StartupCheck startup_check;

int setup() {
  model = tflite::GetModel(g_model);
  static tflite::MicroMutableOpResolver<3> resolver;
  resolver.AddConv2D();
  resolver.AddDepthwiseConv2D();
  resolver.AddFullyConnected();
  static tflite::MicroInterpreter static_interpreter(model, resolver, tensor_arena, kTensorArenaSize, &profiler);
  interpreter = &static_interpreter;
  return interpreter->AllocateTensors();
}

int loop() { return interpreter->Invoke(); }

int main() {
  if (!startup_check.constructed()) {
    std::printf("static constructors did not run\n");
    return 2;
  }
  if (int status = setup(); status != 0) {
    std::printf("AllocateTensors failed: %d\n", status);
    return 3;
  }
  for (int inference = 0; inference < 2; ++inference)
    if (loop() != 0) return 4;
  std::printf("arena_used_bytes %u\n", static_cast<unsigned>(interpreter->arena_used_bytes()));
  std::printf("arena_allocated_bytes %u\n", static_cast<unsigned>(interpreter->arena_allocated_bytes()));
  std::printf("profiler_events %u\n", static_cast<unsigned>(profiler.events()));
  std::printf("output %d\n", interpreter->output()[3]);
  return 0;
}

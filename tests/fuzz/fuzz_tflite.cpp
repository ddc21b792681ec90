// libFuzzer entry point: see fuzz_inputs.h.
#include <cstdio>

#include "tests/fuzz/fuzz_inputs.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::freopen("/dev/null", "r", stdin);  // a semihosting read must never wait for a terminal
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mcusim::fuzz::tflite_input(data, size);
  return 0;
}

/* TinyEngine's shape: the generated `invoke` calls one kernel per layer,
 * straight-line; getInput/getOutput hand out the static buffer. */
#include <stdint.h>

#include "kernel_work.h"

uint8_t tensor_arena[4096];

int8_t* getInput(void) { return (int8_t*)&tensor_arena[0]; }
int8_t* getOutput(void) { return (int8_t*)&tensor_arena[2048]; }

__attribute__((noinline)) int convolve_s8_kernel3_stride2_pad1(const int8_t* in, int8_t* out) {
  (void)in, (void)out;
  return (int)kernel_work(0, 200, 3);
}
__attribute__((noinline)) int depthwise_kernel3x3_stride1_inplace_CHW(int8_t* buf) {
  (void)buf;
  return (int)kernel_work(600, 150, 2);
}
__attribute__((noinline)) int convolve_1x1_s8_ch8(const int8_t* in, int8_t* out) {
  (void)in, (void)out;
  return (int)kernel_work(1200, 100, 2);
}

__attribute__((noinline)) void invoke(float* labels) {
  int8_t* in = getInput();
  int sum = convolve_s8_kernel3_stride2_pad1(in, in + 512);
  sum += depthwise_kernel3x3_stride1_inplace_CHW(in + 512);
  sum += convolve_1x1_s8_ch8(in + 512, getOutput());
  if (labels) labels[0] = (float)sum;
}

int main(void) {
  static float labels[1];
  invoke(labels);
  return 0;
}

/* Per-layer arena use: a TinyEngine-shaped network (the generated `invoke`
 * calling one kernel per layer, activations in `static signed char
 * buffer[...]`) whose kernels read and write known byte ranges of the buffer,
 * each with a different access width:
 *
 *   main writes the input               [0, 300)      bytes
 *   1 conv: scratch written, read back  [1200, 1264)  bytes
 *           reads the input             [0, 300)      bytes
 *           writes its output           [512, 912)    bytes
 *   2 depthwise, in place               [512, 912)    words, read and written
 *   3 pointwise: reads                  [512, 912)    doublewords (LDRD)
 *                writes its output      [1280, 1408)  halfwords
 *
 * invoke runs twice. No byte is ever written with mcusim's arena paint
 * (0xA5): values keep their top bit clear.
 * tests/profiler/arena_layers_test.cpp checks the figures against these. */
#include <stdint.h>

static signed char buffer[2048];

signed char* getInput(void) { return &buffer[0]; }
signed char* getOutput(void) { return &buffer[1280]; }

__attribute__((noinline)) int convolve_s8_kernel3_stride2_pad1(const volatile int8_t* in, volatile int8_t* out) {
  volatile int8_t* scratch = (volatile int8_t*)&buffer[1200];
  for (int i = 0; i < 64; i++) scratch[i] = (int8_t)(in[i] & 0x3F);
  int sum = 0;
  for (int i = 0; i < 64; i++) sum += scratch[i];
  for (int i = 64; i < 300; i++) sum += in[i];
  for (int i = 0; i < 400; i++) out[i] = (int8_t)((sum + i) & 0x7F);
  return sum;
}

__attribute__((noinline)) int depthwise_kernel3x3_stride1_inplace_CHW(volatile uint32_t* buf) {
  for (int i = 0; i < 100; i++) buf[i] = (buf[i] + 0x01010101u * (uint32_t)i) & 0x7F7F7F7Fu;
  return 0;
}

__attribute__((noinline)) int convolve_1x1_s8_ch8(const volatile uint64_t* in, volatile uint16_t* out) {
  uint64_t sum = 0;
  for (int i = 0; i < 50; i++) sum += in[i];
  for (int i = 0; i < 64; i++) out[i] = (uint16_t)((sum >> (i % 32)) & 0x7F7Fu);
  return (int)sum;
}

__attribute__((noinline)) void invoke(float* labels) {
  signed char* in = getInput();
  int sum = convolve_s8_kernel3_stride2_pad1(in, in + 512);
  sum += depthwise_kernel3x3_stride1_inplace_CHW((volatile uint32_t*)(in + 512));
  sum += convolve_1x1_s8_ch8((const volatile uint64_t*)(in + 512), (volatile uint16_t*)getOutput());
  if (labels) labels[0] = (float)sum;
}

int main(void) {
  static float labels[1];
  volatile int8_t* input = (volatile int8_t*)getInput();
  for (int i = 0; i < 300; i++) input[i] = (int8_t)(i & 0x7F);
  for (int inference = 0; inference < 2; inference++) invoke(labels);
  return 0;
}

/* A hand-written CMSIS-NN network: run_network calls arm_*_s8 kernels (one
 * of which calls a kernel helper of its own) and a helper of the
 * application's that is not a layer. Built with -DWITH_MARKERS it also marks
 * the network with ITM markers, which take precedence over the preset. */
#include <stdint.h>
#include <string.h>

#include "kernel_work.h"
#ifdef WITH_MARKERS
#include "mcusim/layers.h"
#endif

uint8_t tensor_arena[4096];

__attribute__((noinline)) int arm_nn_mat_mult_kernel_s8_s16(uint32_t offset) { return (int)kernel_work(offset, 64, 2); }
__attribute__((noinline)) int arm_convolve_s8(uint32_t offset) {
  return (int)kernel_work(offset, 200, 2) + arm_nn_mat_mult_kernel_s8_s16(offset);
}
__attribute__((noinline)) int arm_depthwise_conv_s8(uint32_t offset) { return (int)kernel_work(offset, 120, 2); }
__attribute__((noinline)) int arm_fully_connected_s8(uint32_t offset) { return (int)kernel_work(offset, 80, 3); }
__attribute__((noinline)) int arm_softmax_s8(uint32_t offset) { return (int)kernel_work(offset, 10, 1); }
__attribute__((noinline)) void clear_buffer(uint32_t offset) { memset(&tensor_arena[offset], 0, 32); }

__attribute__((noinline)) int run_network(void) {
  clear_buffer(3000);
  int sum = arm_convolve_s8(0);
  sum += arm_depthwise_conv_s8(1024);
  sum += arm_fully_connected_s8(2048);
  sum += arm_softmax_s8(3072);
  return sum;
}

int main(void) {
  static volatile int result;
  result = arm_softmax_s8(3500); /* outside run_network: a layer only without --layer-caller */
#ifdef WITH_MARKERS
  mcusim_layer_begin("network");
#endif
  result = run_network();
#ifdef WITH_MARKERS
  mcusim_layer_end("network");
#endif
  (void)result;
  return 0;
}

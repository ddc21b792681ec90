/* X-CUBE-AI's shape: ai_network_run hands the network to the runtime, whose
 * layer loop calls each layer's forward_* function through the layer's
 * pointer; forward functions may call helpers of their own. */
#include <stdint.h>

#include "kernel_work.h"

uint8_t tensor_arena[4096];

typedef struct ai_layer {
  void (*forward)(struct ai_layer*);
  uint32_t offset;
  struct ai_layer* next;
} ai_layer;

__attribute__((noinline)) void nl_func_relu(uint32_t offset) { (void)kernel_work(offset, 40, 1); }

__attribute__((noinline)) void forward_conv2d(ai_layer* layer) {
  (void)kernel_work(layer->offset, 220, 2);
  nl_func_relu(layer->offset);
}
__attribute__((noinline)) void forward_dense(ai_layer* layer) { (void)kernel_work(layer->offset, 90, 3); }
__attribute__((noinline)) void forward_sm(ai_layer* layer) { (void)kernel_work(layer->offset, 10, 1); }

static ai_layer layers[3] = {
    {forward_conv2d, 0, &layers[1]}, {forward_dense, 1024, &layers[2]}, {forward_sm, 2048, 0}};

__attribute__((noinline)) int ai_platform_network_process(ai_layer* first) {
  int count = 0;
  for (ai_layer* l = first; l; l = l->next, count++) l->forward(l);
  return count;
}

__attribute__((noinline)) int ai_network_run(void* network, const void* input, void* output) {
  (void)network, (void)input, (void)output;
  return ai_platform_network_process(&layers[0]);
}

int main(void) {
  static volatile int batches;
  batches = ai_network_run(0, tensor_arena, tensor_arena + 2048);
  (void)batches;
  return 0;
}

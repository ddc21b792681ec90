/* microTVM AOT's shape: tvmgen_default_run calls the AOT main function
 * tvmgen_default___tvm_main__, which allocates its workspace and calls one
 * tvmgen_default_fused_* function per fused operator. */
#include <stdint.h>

#include "kernel_work.h"

uint8_t tensor_arena[4096];

__attribute__((noinline)) void* TVMBackendAllocWorkspace(int device_type, int device_id, uint64_t size, int dtype_code,
                                                         int dtype_bits) {
  (void)device_type, (void)device_id, (void)dtype_code, (void)dtype_bits;
  return &tensor_arena[4096 - size];
}
__attribute__((noinline)) int TVMBackendFreeWorkspace(int device_type, int device_id, void* ptr) {
  (void)device_type, (void)device_id;
  return ptr == 0;
}

__attribute__((noinline)) int32_t tvmgen_default_fused_nn_conv2d_add_cast(uint8_t* in, uint8_t* out) {
  (void)in, (void)out;
  return (int32_t)kernel_work(0, 300, 2);
}
__attribute__((noinline)) int32_t tvmgen_default_fused_nn_max_pool2d(uint8_t* in, uint8_t* out) {
  (void)in, (void)out;
  return (int32_t)kernel_work(512, 100, 1);
}
__attribute__((noinline)) int32_t tvmgen_default_fused_nn_dense_add(uint8_t* in, uint8_t* out) {
  (void)in, (void)out;
  return (int32_t)kernel_work(1024, 64, 4);
}

__attribute__((noinline)) int32_t tvmgen_default___tvm_main__(uint8_t* input, uint8_t* output) {
  uint8_t* workspace = TVMBackendAllocWorkspace(1, 0, 256, 0, 8);
  int32_t status = tvmgen_default_fused_nn_conv2d_add_cast(input, workspace);
  status |= tvmgen_default_fused_nn_max_pool2d(workspace, workspace + 128);
  status |= tvmgen_default_fused_nn_dense_add(workspace + 128, output);
  status |= TVMBackendFreeWorkspace(1, 0, workspace);
  return status;
}

__attribute__((noinline)) int32_t tvmgen_default_run(uint8_t* input, uint8_t* output) {
  return tvmgen_default___tvm_main__(input, output);
}

int main(void) {
  static volatile int32_t status;
  status = tvmgen_default_run(tensor_arena, tensor_arena + 2048);
  (void)status;
  return 0;
}

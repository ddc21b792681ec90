/* Busy work standing in for a kernel in the layer-preset test firmware: it
 * writes `bytes` of the activation arena `rounds` times, so each layer costs
 * a different, deterministic number of cycles. */
#ifndef KERNEL_WORK_H
#define KERNEL_WORK_H
#include <stdint.h>

extern uint8_t tensor_arena[4096];

static inline uint32_t kernel_work(uint32_t offset, uint32_t bytes, uint32_t rounds) {
  uint32_t sum = 0;
  for (uint32_t r = 0; r < rounds; r++)
    for (uint32_t i = 0; i < bytes; i++) {
      /* Top bit clear: never mcusim's arena paint (0xA5), so every byte written is seen. */
      tensor_arena[offset + i] = (uint8_t)((tensor_arena[offset + i] + i + r) & 0x7Fu);
      sum += tensor_arena[offset + i];
    }
  return sum;
}
#endif

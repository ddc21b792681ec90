/* A legal 24 KiB stack frame and a 16 KiB malloc on a linker script with no
 * stack or heap limit symbol: runs to exit 0 on hardware and QEMU, so it
 * must on mcusim (no false "stack overflow", malloc not NULL). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FRAME_BYTES (24 * 1024)

__attribute__((noinline)) static uint32_t big_frame(uint32_t seed) {
  volatile uint32_t frame[FRAME_BYTES / 4];
  for (uint32_t i = 0; i < FRAME_BYTES / 4; i++) frame[i] = seed * i;
  uint32_t sum = 0;
  for (uint32_t i = 0; i < FRAME_BYTES / 4; i += 61) sum += frame[i];
  return sum;
}

int main(void) {
  uint8_t *heap = malloc(16 * 1024);
  if (!heap) {
    printf("malloc returned NULL\n");
    return 1;
  }
  for (int i = 0; i < 16 * 1024; i++) heap[i] = (uint8_t)i;
  printf("frame sum %lu, heap ok\n", (unsigned long)big_frame(7));
  free(heap);
  return 0;
}

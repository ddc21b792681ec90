/* Measures its own memory use the way a developer on a board would, so the
 * simulator's figures can be checked against it: before its deepest call it
 * paints the free stack below its stack pointer, afterwards it scans up from
 * the bottom of the paint to the first word written, and it asks newlib's
 * mallinfo() how much heap malloc took from _sbrk (arena).
 *
 * The paint is 0xCDCDCDCD, the value mcusim fills unused RAM with: painting
 * the same value leaves the simulator's own measurement undisturbed, while
 * the figures printed here come from the firmware's scan alone.
 *
 * Prints "stack_peak=N heap_peak=N" (bytes below the initial stack pointer,
 * bytes of heap) and exits 0 when every malloc succeeded. */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define PAINT 0xCDCDCDCDu
#define FRAME_BYTES 6000  /* deeper than anything else the program does */
#define PAINT_GAP 1024    /* room left above the heap's break for malloc's own stack use */

typedef void (*vector_t)(void);
extern const vector_t vector_table[];

static inline uint32_t current_sp(void) {
  uint32_t sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

__attribute__((noinline)) static uint32_t deep_call(uint32_t seed) {
  volatile uint8_t frame[FRAME_BYTES];
  for (uint32_t i = 0; i < FRAME_BYTES; i++) frame[i] = (uint8_t)(seed + i);
  uint32_t sum = 0;
  for (uint32_t i = 0; i < FRAME_BYTES; i += 97) sum += frame[i];
  return sum;
}

int main(void) {
  printf("memprobe\n"); /* stdout's buffer comes from the heap now, not later */

  /* Heap: a pattern with frees in between, so the arena is not just one block. */
  void *blocks[12];
  int failed = 0;
  for (int i = 0; i < 12; i++) {
    blocks[i] = malloc(200 + 40 * (size_t)i);
    failed |= blocks[i] == NULL;
  }
  for (int i = 0; i < 12; i += 2) free(blocks[i]);
  void *big = malloc(1500);
  failed |= big == NULL;

  /* Paint the free stack: from above the heap's break to just below SP. */
  uint32_t top = (uint32_t)(uintptr_t)vector_table[0];
  uint32_t bottom = ((uint32_t)(uintptr_t)sbrk(0) + PAINT_GAP + 3u) & ~3u;
  uint32_t sp = current_sp() - 64;
  for (uint32_t a = bottom; a < sp; a += 4) *(volatile uint32_t *)(uintptr_t)a = PAINT;

  uint32_t sum = deep_call((uint32_t)(uintptr_t)big);

  uint32_t a = bottom;
  while (a < sp && *(volatile uint32_t *)(uintptr_t)a == PAINT) a += 4;
  struct mallinfo mi = mallinfo();
  printf("stack_peak=%lu heap_peak=%lu sum=%lu malloc=%s\n", (unsigned long)(top - a), (unsigned long)mi.arena,
         (unsigned long)sum, failed ? "failed" : "ok");
  return failed;
}

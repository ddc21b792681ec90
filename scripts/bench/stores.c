/* Store-heavy workload (memset/memcpy-like loops and call/push/pop), reported
 * separately: Unicorn 2.0.1 takes a slow path on every guest store. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t buffer[4096];

__attribute__((noinline)) static uint32_t leaf(uint32_t a, uint32_t b) { return a * 31u + b; }
__attribute__((noinline)) static uint32_t caller(uint32_t a) { return leaf(a, a >> 3) ^ leaf(a >> 1, a); }

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 400;
  uint32_t check = 0;
  for (int r = 0; r < rounds; r++) {
    for (int i = 0; i < 4096; i++) buffer[i] = (uint32_t)(i * r);
    for (int i = 0; i < 4096; i += 4) check += caller(buffer[i]);
  }
  printf("stores: %d rounds, checksum %08lx\n", rounds, (unsigned long)check);
  return 0;
}

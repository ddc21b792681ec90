/* CPU-bound benchmark workload: an int8 convolution with requantisation, a
 * CRC32 over the output and a sort, repeated. It is the "realistic C code"
 * the speed goals are stated for; the printed checksum makes sure the work
 * is not optimised away and that mcusim and QEMU did the same thing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define H 24
#define W 24
#define CIN 8
#define COUT 8

static int8_t input[H][W][CIN];
static int8_t weights[COUT][3][3][CIN];
static int8_t output[H][W][COUT];
static int32_t sortbuf[512];

static uint32_t rng = 12345;
static uint32_t next_random(void) {
  rng = rng * 1664525u + 1013904223u;
  return rng;
}

static void conv3x3(void) {
  for (int y = 1; y < H - 1; y++)
    for (int x = 1; x < W - 1; x++)
      for (int o = 0; o < COUT; o++) {
        int32_t acc = 0;
        for (int ky = 0; ky < 3; ky++)
          for (int kx = 0; kx < 3; kx++)
            for (int c = 0; c < CIN; c++) acc += input[y + ky - 1][x + kx - 1][c] * weights[o][ky][kx][c];
        int32_t v = (int32_t)(((int64_t)acc * 1518500250) >> 38);
        output[y][x][o] = (int8_t)(v > 127 ? 127 : v < -128 ? -128 : v);
      }
}

static uint32_t crc32(const uint8_t *p, size_t n) {
  uint32_t crc = 0xFFFFFFFFu;
  while (n--) {
    crc ^= *p++;
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1u));
  }
  return ~crc;
}

static int compare(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 40;
  uint32_t check = 0;
  for (int r = 0; r < rounds; r++) {
    for (int i = 0; i < H * W * CIN; i++) ((int8_t *)input)[i] = (int8_t)next_random();
    for (int i = 0; i < COUT * 9 * CIN; i++) ((int8_t *)weights)[i] = (int8_t)(next_random() >> 8);
    conv3x3();
    check ^= crc32((const uint8_t *)output, sizeof output);
    for (int i = 0; i < 512; i++) sortbuf[i] = (int32_t)next_random();
    qsort(sortbuf, 512, sizeof sortbuf[0], compare);
    check += (uint32_t)sortbuf[256];
  }
  printf("realistic: %d rounds, checksum %08lx\n", rounds, (unsigned long)check);
  return 0;
}

/* Branch predictor warm-up benchmark (tests/timing/predictor_warmup_test.cpp
 * reads the output). An inference-shaped workload — per layer a memset of
 * the output, memcpy calls of varying sizes (im2col-style row copies), and
 * an int8 multiply-accumulate loop — is run three times over the same data,
 * with DWT CYCCNT read around each layer. Prints
 *   pass <p> <cycles>           the whole pass
 *   layer <p> <l> <cycles>      one layer of one pass
 * Pass 1 is cold; passes 2 and 3 repeat identical work on a warm predictor. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define DEMCR (*(volatile uint32_t *)0xE000EDFCu)
#define DWT_CTRL (*(volatile uint32_t *)0xE0001000u)
#define DWT_CYCCNT (*(volatile uint32_t *)0xE0001004u)

#define PASSES 3
#define LAYERS 8

struct layer {
  uint16_t rows, row_bytes, out_bytes, k;
};
/* Row and output sizes vary from layer to layer, as they do in a network:
 * memcpy's tail loops and size checks go a different way each layer. */
static const struct layer layers[LAYERS] = {
    {12, 27, 300, 27}, {10, 48, 512, 48}, {8, 13, 96, 13},  {16, 64, 1024, 64},
    {6, 7, 61, 7},     {9, 33, 200, 33},  {4, 130, 130, 5}, {20, 3, 40, 3},
};

static int8_t input[4096];
static int8_t weights[4096];
static int8_t column[4096];
static int32_t output[1024];

static void run_layer(const struct layer *l, uint32_t offset) {
  memset(output, 0, l->out_bytes);
  for (uint32_t r = 0; r < l->rows; ++r) memcpy(column + r * l->row_bytes, input + offset + r * 17, l->row_bytes);
  uint32_t n = l->rows * l->row_bytes / l->k;
  for (uint32_t o = 0; o < n && o < 256; ++o) {
    int32_t acc = 0;
    for (uint32_t i = 0; i < l->k; ++i) acc += column[o * l->k + i] * weights[i];
    output[o] = acc;
  }
}

int main(void) {
  DEMCR |= 1u << 24;
  DWT_CTRL |= 1u;
  for (uint32_t i = 0; i < sizeof input; ++i) {
    input[i] = (int8_t)(i * 7 + 3);
    weights[i] = (int8_t)(i * 13 + 1);
  }
  static uint32_t cycles[PASSES][LAYERS];
  uint32_t total[PASSES];
  int32_t checksum = 0;
  for (int p = 0; p < PASSES; ++p) {
    uint32_t pass_start = DWT_CYCCNT;
    for (int l = 0; l < LAYERS; ++l) {
      uint32_t start = DWT_CYCCNT;
      run_layer(&layers[l], (uint32_t)l * 64);
      cycles[p][l] = DWT_CYCCNT - start;
      checksum += output[0];
    }
    total[p] = DWT_CYCCNT - pass_start;
  }
  for (int p = 0; p < PASSES; ++p) {
    printf("pass %d %lu\n", p + 1, (unsigned long)total[p]);
    for (int l = 0; l < LAYERS; ++l) printf("layer %d %d %lu\n", p + 1, l, (unsigned long)cycles[p][l]);
  }
  printf("checksum %ld\n", (long)checksum);
  return 0;
}

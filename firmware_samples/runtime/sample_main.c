/* One inference on a deterministic pseudo-random input; prints a checksum of
 * the logits and the top-5 classes. The same file is built for the host
 * (golden output) and for the boards, so their stdout must match exactly. */
#include <stdio.h>

#include "model_api.h"

static uint32_t xorshift32(uint32_t *s) {
  uint32_t x = *s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *s = x;
}

int main(void) {
  int8_t *in = mcusim_model_input();
  uint32_t seed = 0x2545F491u;
  for (int i = 0; i < mcusim_model_input_bytes; ++i) in[i] = (int8_t)(xorshift32(&seed) >> 24);

  const int8_t *logits = mcusim_model_run();

  uint32_t h = 2166136261u; /* FNV-1a over the logit bytes */
  for (int i = 0; i < mcusim_model_classes; ++i) h = (h ^ (uint8_t)logits[i]) * 16777619u;

  int top[5];
  for (int t = 0; t < 5; ++t) {
    int best = -1;
    for (int i = 0; i < mcusim_model_classes; ++i) {
      int taken = 0;
      for (int u = 0; u < t; ++u) taken |= top[u] == i;
      if (!taken && (best < 0 || logits[i] > logits[best])) best = i;
    }
    top[t] = best;
  }
  printf("model %s engine %s\n", mcusim_model_name, mcusim_model_engine);
  printf("logits checksum 0x%08lx\n", (unsigned long)h);
  for (int t = 0; t < 5; ++t) printf("top%d class %d logit %d\n", t + 1, top[t], logits[top[t]]);
  return 0;
}

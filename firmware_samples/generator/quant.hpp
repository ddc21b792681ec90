// Deterministic pseudo-random int8 weights with realistic per-channel scales,
// and the TF-Lite quantisation parameters that go with them, packed into one
// weight blob (Flash) shared by both engines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model.hpp"

namespace mcusim::modelgen {

struct TensorQuant {
  double scale = 1.0;
  int zero_point = 0;
  double rms = 1.0;  // expected rms of (q - zero_point), used to choose scales
};

struct AddQuant {
  int32_t a_offset, b_offset, out_offset;
  int32_t a_multiplier, a_shift, b_multiplier, b_shift, out_multiplier, out_shift;
  int32_t left_shift, act_min, act_max;
};

struct OpQuant {
  // Blob offsets (bytes) of the weights, int32 bias, multiplier and shift arrays.
  uint32_t w = 0, bias = 0, mult = 0, shift = 0;
  int32_t in_offset = 0, out_offset = 0, act_min = -128, act_max = 127;
  AddQuant add{};
};

struct QuantModel {
  std::vector<uint8_t> blob;
  std::vector<TensorQuant> tensors;
  std::vector<OpQuant> ops;
};

// The weights' seed: FNV-1a of the model name (so a model's weights depend
// only on its name; mcusim nas generates candidates with the same seed).
inline uint64_t weight_seed(const std::string &name) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : name) h = (h ^ c) * 1099511628211ull;
  return h;
}

// TF-Lite QuantizeMultiplier: real = mult * 2^(shift - 31), mult in [2^30, 2^31).
void quantize_multiplier(double real, int32_t *mult, int32_t *shift);

QuantModel quantize(const Graph &g, uint64_t seed);

}  // namespace mcusim::modelgen

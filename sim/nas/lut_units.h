// The units of a latency lookup table: one per layer entry of a model
// description (the stem conv, each mbconv block, the feature-mix conv, the
// pooling, the classifier), keyed by everything its latency depends on (op,
// input shape, mid/out channels, kernel, stride, residual, activation).
// A candidate's units are read from its model description, so `nas predict`
// works for sampled candidates and hand-written models alike.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/nas/search_space.h"

namespace mcusim::nas {

struct LutUnit {
  std::string op;           // conv, mbconv, avgpool, linear
  int h = 0, w = 0, c = 0;  // input shape
  int mid = 0;              // mbconv expand channels; 0: no expand layer
  int out = 0;              // output channels (avgpool: c)
  int kernel = 1, stride = 1;
  bool residual = false;
  std::string act;  // conv: relu6 or none
  int64_t macs = 0;

  // e.g. "mbconv in=24x24x16 mid=64 out=24 k=5 s=2 res=0": the table's key.
  std::string key() const;
  // The one-layer model description that measures this unit.
  nlohmann::json model(const std::string& name) const;
  // How many kernel calls (layer markers) the unit is: mbconv 2-4, else 1.
  int layer_count() const;
};

// The units of a model description, in execution order (InputError naming
// `origin` and the layer for what the generator would refuse).
std::vector<LutUnit> model_units(const nlohmann::json& model, const std::string& origin);

// Every distinct unit any candidate of the space can contain, sorted by key.
std::vector<LutUnit> space_units(const SearchSpace& space);

}  // namespace mcusim::nas

// Repeated inferences, aggregated: one row per layer name (an operator at
// its position) with the count and the total, mean, min and max cycles of
// its calls, so 22 inferences of 31 operators read as 31 rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "profiler/profile.h"

namespace mcusim {

struct LayerSummary {
  std::string name;
  std::string operator_type;  // from the first call (a model's operator is the same every inference)
  uint64_t macs = 0;          // per call, from the first call; 0: unknown
  uint64_t count = 0;
  uint64_t total_cycles = 0, min_cycles = 0, max_cycles = 0;
  // The arena: the most bytes one call touched, and the most bytes used and
  // the highest high-water mark at the end of a call (the arena needed up
  // to this layer).
  uint64_t max_arena_touched_bytes = 0, arena_used_bytes = 0, arena_high_water_bytes = 0;
  double mean_cycles() const { return count ? static_cast<double>(total_cycles) / static_cast<double>(count) : 0.0; }
};

// In order of first appearance.
std::vector<LayerSummary> summarise_layers(const std::vector<LayerProfile>& layers);
// True when some layer name occurs more than once (repeated inferences).
bool layers_repeat(const std::vector<LayerSummary>& summary, size_t layer_count);

}  // namespace mcusim

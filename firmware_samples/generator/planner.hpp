// Greedy-by-size arena planner (the TF-Lite Micro GreedyMemoryPlanner rule):
// buffers sorted by size, largest first, each placed at the lowest aligned
// offset that does not overlap a placed buffer whose lifetime intersects.
#pragma once

#include <cstdint>
#include <vector>

namespace mcusim::modelgen {

struct Buffer {
  int64_t size = 0;
  int first = 0, last = 0;  // op indices, inclusive
  int64_t offset = -1;      // result
};

// Places all buffers; returns the arena size (peak).
int64_t plan_greedy(std::vector<Buffer> &buffers, int64_t align = 16);

}  // namespace mcusim::modelgen

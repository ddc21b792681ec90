// Patch-based first stage (MCUNetV2): which ops run per patch, and the
// region of every stage tensor each patch needs (receptive fields propagated
// backwards from a grid over the stage's output, clipped to the maps).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "emit.hpp"

namespace mcusim::modelgen {

struct Region {
  int y0 = 0, y1 = 0, x0 = 0, x1 = 0;
  bool empty() const { return y1 <= y0 || x1 <= x0; }
  int64_t pixels() const { return int64_t(y1 - y0) * (x1 - x0); }
  void unite(const Region &r) {
    if (empty()) {
      *this = r;
      return;
    }
    y0 = std::min(y0, r.y0), y1 = std::max(y1, r.y1);
    x0 = std::min(x0, r.x0), x1 = std::max(x1, r.x1);
  }
};

struct PatchStage {
  int end = 0;                           // ops [0, end) run once per patch; 0: no stage
  int output = -1;                       // the stage's output tensor (kept whole)
  int grid = 0, patches = 0;             // grid x grid patches
  std::vector<int> tensors;              // stage-local index -> tensor id
  std::vector<int> local;                // tensor id -> stage-local index, or -1
  std::vector<std::vector<Region>> reg;  // [patch][tensor id]
};

PatchStage plan_patch_stage(const Graph &g, const PatchOptions &opt,
                            const std::vector<int> &producer, const std::vector<int> &last_use);

// C for `static void patch_stage(void)`; tile(t) / full(t) are the arena
// addresses of tensor t's per-patch tile and of its whole map.
std::string emit_patch_stage(const Graph &g, const QuantModel &qm, const PatchStage &st,
                             const std::function<std::string(int)> &tile,
                             const std::function<std::string(int)> &full, std::ostream &report);

}  // namespace mcusim::modelgen

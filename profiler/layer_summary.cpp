#include "profiler/layer_summary.h"

#include <algorithm>
#include <unordered_map>

namespace mcusim {

std::vector<LayerSummary> summarise_layers(const std::vector<LayerProfile>& layers) {
  std::vector<LayerSummary> rows;
  std::unordered_map<std::string, size_t> row_of;
  for (const LayerProfile& l : layers) {
    auto [it, added] = row_of.emplace(l.name, rows.size());
    if (added) rows.push_back({l.name, l.operator_type, l.macs, 0, 0, l.cycles, l.cycles});
    LayerSummary& r = rows[it->second];
    ++r.count;
    r.total_cycles += l.cycles;
    r.min_cycles = std::min(r.min_cycles, l.cycles);
    r.max_cycles = std::max(r.max_cycles, l.cycles);
  }
  return rows;
}

bool layers_repeat(const std::vector<LayerSummary>& summary, size_t layer_count) { return summary.size() < layer_count; }

}  // namespace mcusim

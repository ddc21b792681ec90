#include "profiler/layer_summary.h"

#include <algorithm>
#include <unordered_map>

namespace mcusim {

std::vector<LayerSummary> summarise_layers(const std::vector<LayerProfile>& layers) {
  std::vector<LayerSummary> rows;
  std::unordered_map<std::string, size_t> row_of;
  for (const LayerProfile& l : layers) {
    auto [it, added] = row_of.emplace(l.name, rows.size());
    if (added) {
      LayerSummary first;
      first.name = l.name;
      first.operator_type = l.operator_type;
      first.macs = l.macs;
      first.min_cycles = first.max_cycles = l.cycles;
      rows.push_back(std::move(first));
    }
    LayerSummary& r = rows[it->second];
    ++r.count;
    r.total_cycles += l.cycles;
    r.min_cycles = std::min(r.min_cycles, l.cycles);
    r.max_cycles = std::max(r.max_cycles, l.cycles);
    r.max_arena_touched_bytes = std::max(r.max_arena_touched_bytes, l.arena_touched_bytes);
    r.arena_used_bytes = std::max(r.arena_used_bytes, l.arena_used_bytes);
    r.arena_high_water_bytes = std::max(r.arena_high_water_bytes, l.arena_high_water_bytes);
  }
  return rows;
}

bool layers_repeat(const std::vector<LayerSummary>& summary, size_t layer_count) { return summary.size() < layer_count; }

}  // namespace mcusim

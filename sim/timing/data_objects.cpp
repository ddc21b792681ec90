#include "sim/timing/data_objects.h"

#include <algorithm>

namespace mcusim {

DataObjects::DataObjects(const std::vector<ElfSymbol>& symbols, const std::vector<DataExtent>& parts) {
  for (const ElfSymbol& s : symbols)
    if (s.is_object && s.size != 0) extents_.push_back({s.address, s.size});
  for (const DataExtent& p : parts)
    if (p.size != 0) extents_.push_back(p);
  std::sort(extents_.begin(), extents_.end(),
            [](const DataExtent& a, const DataExtent& b) { return a.begin != b.begin ? a.begin < b.begin : a.size < b.size; });
  uint64_t end = 0;
  for (const DataExtent& e : extents_) {
    largest_ = std::max(largest_, e.size);
    end = std::max(end, uint64_t{e.begin} + e.size);
    ends_so_far_.push_back(end);
  }
}

DataExtent DataObjects::extent_at(uint32_t address) const {
  // Objects starting at or before the address, nearest first; one that
  // starts more than the largest size before cannot hold it.
  auto it = std::upper_bound(extents_.begin(), extents_.end(), address,
                             [](uint32_t a, const DataExtent& e) { return a < e.begin; });
  DataExtent best;
  while (it != extents_.begin()) {
    --it;
    if (address - it->begin >= largest_) break;
    if (address - it->begin < it->size && (best.size == 0 || it->size < best.size)) best = *it;
  }
  return best;
}

DataExtent DataObjects::gap_at(uint32_t address) const {
  if (extent_at(address).size) return {};
  auto next = std::upper_bound(extents_.begin(), extents_.end(), address,
                               [](uint32_t a, const DataExtent& e) { return a < e.begin; });
  const uint64_t end = next == extents_.end() ? uint64_t{1} << 32 : next->begin;
  const uint64_t begin = next == extents_.begin() ? 0 : ends_so_far_[static_cast<size_t>(next - extents_.begin()) - 1];
  return {static_cast<uint32_t>(begin), static_cast<uint32_t>(std::min<uint64_t>(end - begin, UINT32_MAX))};
}

}  // namespace mcusim

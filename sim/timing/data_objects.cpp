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
  for (const DataExtent& e : extents_) largest_ = std::max(largest_, e.size);
}

uint32_t DataObjects::bytes_at(uint32_t address) const {
  // Objects starting at or before the address, nearest first; one that
  // starts more than the largest size before cannot hold it.
  auto it = std::upper_bound(extents_.begin(), extents_.end(), address,
                             [](uint32_t a, const DataExtent& e) { return a < e.begin; });
  uint32_t best = 0;
  while (it != extents_.begin()) {
    --it;
    if (address - it->begin >= largest_) break;
    if (address - it->begin < it->size && (best == 0 || it->size < best)) best = it->size;
  }
  return best;
}

}  // namespace mcusim

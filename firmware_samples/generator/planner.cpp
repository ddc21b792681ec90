#include "planner.hpp"

#include <algorithm>
#include <numeric>

namespace mcusim::modelgen {

int64_t plan_greedy(std::vector<Buffer> &buffers, int64_t align) {
  std::vector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return buffers[a].size > buffers[b].size; });
  std::vector<size_t> placed;
  int64_t peak = 0;
  for (size_t i : order) {
    Buffer &b = buffers[i];
    // Intervals of live neighbours, sorted by offset; take the first gap that fits.
    std::vector<const Buffer *> live;
    for (size_t j : placed)
      if (buffers[j].first <= b.last && b.first <= buffers[j].last) live.push_back(&buffers[j]);
    std::sort(live.begin(), live.end(), [](auto *x, auto *y) { return x->offset < y->offset; });
    int64_t off = 0;
    for (const Buffer *o : live) {
      if (o->offset >= off + b.size) break;
      off = std::max(off, (o->offset + o->size + align - 1) / align * align);
    }
    b.offset = off;
    peak = std::max(peak, off + b.size);
    placed.push_back(i);
  }
  return peak;
}

}  // namespace mcusim::modelgen

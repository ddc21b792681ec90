// Dynamic memory figures at no per-access cost: stack and heap painting and
// RAM snapshots at layer boundaries (no memory hooks, which would slow
// every load and store in Unicorn).
#pragma once

#include <cstdint>
#include <vector>

#include "profiler/profile.h"
#include "sim/board.h"
#include "sim/memory_map.h"

namespace mcusim {

class MemoryTracker {
 public:
  static constexpr uint32_t kPaint = 0xCDCDCDCDu;

  // `stack_limit`..`stack_top` is the stack, `heap_base`..`heap_limit` the heap.
  MemoryTracker(MemoryMap& memory, const Board& board, uint32_t stack_limit, uint32_t stack_top, uint32_t heap_base,
                uint32_t heap_limit);

  // Before the run: fills RAM that the image does not load with the paint
  // pattern (like uninitialised SRAM), so stack, heap and writes show.
  void paint_before_run(const std::vector<std::pair<uint32_t, uint32_t>>& loaded_ranges);
  // Deepest stack use since the last repaint, in bytes below stack_top.
  uint32_t stack_depth_since_paint() const;
  // Repaints the dead stack below `sp` so the next scan measures from here.
  void repaint_stack_below(uint32_t sp);
  uint64_t heap_high_water() const;  // bytes above heap_base that were ever written
  void snapshot();                   // RAM copy at a layer start
  uint64_t bytes_changed_since_snapshot() const;
  // Per RAM region: bytes that no longer hold the paint pattern.
  void fill_regions(MemoryProfile& out) const;

 private:
  struct Tracked {
    const MemoryRegion* region;
    uint8_t* bytes;
    uint32_t begin, end;  // the part of the region that is tracked
    std::vector<uint8_t> snapshot;
  };
  MemoryMap& memory_;
  uint32_t stack_limit_, stack_top_, heap_base_, heap_limit_;
  std::vector<Tracked> tracked_;
  std::vector<std::vector<uint8_t>> painted_mask_;  // per tracked: 1 where we painted
};

}  // namespace mcusim

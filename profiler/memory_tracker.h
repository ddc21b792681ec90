// Dynamic memory figures at no per-access cost: stack and heap painting and
// RAM snapshots at layer boundaries (no memory hooks, which would slow
// every load and store in Unicorn).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "profiler/profile.h"
#include "sim/board.h"
#include "sim/memory_layout.h"
#include "sim/memory_map.h"

namespace mcusim {

class MemoryTracker {
 public:
  static constexpr uint32_t kPaint = 0xCDCDCDCDu;

  MemoryTracker(MemoryMap& memory, const Board& board, const MemoryLayout& layout);

  // Before the run: fills RAM that the image does not load with the paint
  // pattern (like uninitialised SRAM), so stack, heap and writes show.
  void paint_before_run(const std::vector<std::pair<uint32_t, uint32_t>>& loaded_ranges);
  // Deepest stack use since the last repaint, in bytes below the stack top:
  // the painted stack above the heap's break, or, when the heap's top is
  // unknown, the written words below the lowest stack pointer seen.
  uint32_t stack_depth_since_paint(uint32_t lowest_sp) const;
  // Repaints the dead stack below `sp` so the next scan measures from here.
  void repaint_stack_below(uint32_t sp);
  // Heap in use: newlib's break minus the heap base when the ELF has the
  // break variable, else the bytes above the heap base ever written.
  uint64_t heap_high_water(uint32_t lowest_sp) const;
  // How the figures above are found now, for the report.
  std::string stack_method() const;
  std::string heap_method() const;
  // Whether the heap figure comes from the allocator's own state.
  // A heap the ELF names, or one guessed between static data and the stack.
  bool has_heap() const { return layout_.heap_base.from_symbol || layout_.heap_shares_stack_ram(); }
  bool heap_from_break() const { return !layout_.heap_break_variables.empty() || layout_.heap_sbrked_variable; }
  // Whether stack and heap writes can be told apart (else the stack figure
  // is the stack pointer's low-water mark plus what was written below it).
  bool stack_floor_known() const { return stack_floor().has_value(); }
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
  bool painted(uint32_t address) const;  // the word still holds kPaint
  bool holds(uint32_t address, uint32_t value) const;
  // The heap's top now, and where it was read (empty name: not found).
  std::optional<uint32_t> heap_break(std::string* source = nullptr) const;
  std::string break_name() const;
  std::optional<uint32_t> stack_floor() const;  // lowest address only the stack uses now

  MemoryMap& memory_;
  MemoryLayout layout_;
  std::vector<Tracked> tracked_;
  std::vector<std::vector<uint8_t>> painted_mask_;  // per tracked: 1 where we painted
};

}  // namespace mcusim

// Which bytes of the activation arena each layer reads and writes.
//
// Painting shows the bytes that changed, never the ones only read, and a
// layer's inputs are read-only for it. This watch is fed by engine memory
// hooks limited to the arena's range (RunProfiler::watch_memory): each byte
// keeps the number of the last layer that read it and of the last that wrote
// it, so counting distinct bytes costs O(1) per accessed byte and nothing at
// layer boundaries. Engine memory hooks take every guest load off Unicorn's
// fast path (docs/profiling.md has the measured cost), so the watch exists
// only in profiled runs with an arena.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace mcusim {

// A layer's use of the arena: distinct bytes, and offsets from the arena's base.
struct ArenaLayerUse {
  uint64_t read_bytes = 0, written_bytes = 0;
  uint64_t touched_bytes = 0;  // read or written (its inputs, outputs and scratch)
  uint32_t touched_low = 0, touched_high = 0;  // lowest touched offset, highest + 1; 0, 0: none
};

class ArenaAccessWatch {
 public:
  ArenaAccessWatch(uint32_t base, uint32_t size) : base_(base), size_(size), read_(size, 0), written_(size, 0) {}

  void begin_layer() {
    ++layer_;
    open_ = true;
    use_ = {};
  }
  // The figures since begin_layer; accesses until the next begin_layer are not counted.
  ArenaLayerUse end_layer() {
    open_ = false;
    return use_;
  }

  // An access of `size` bytes at `address` (it may straddle the arena's ends).
  void on_access(uint64_t address, int size, bool write) {
    if (!open_ || size <= 0) return;
    uint64_t begin = std::max<uint64_t>(address, base_), end = std::min<uint64_t>(address + static_cast<uint64_t>(size), uint64_t{base_} + size_);
    for (uint64_t a = begin; a < end; ++a) {
      auto offset = static_cast<uint32_t>(a - base_);
      uint32_t& mine = write ? written_[offset] : read_[offset];
      bool touched = read_[offset] == layer_ || written_[offset] == layer_;
      if (mine != layer_) {
        mine = layer_;
        ++(write ? use_.written_bytes : use_.read_bytes);
      }
      if (touched) continue;
      if (use_.touched_bytes++ == 0) use_.touched_low = offset;
      use_.touched_low = std::min(use_.touched_low, offset);
      use_.touched_high = std::max(use_.touched_high, offset + 1);
    }
  }

  uint32_t base() const { return base_; }
  uint32_t size() const { return size_; }

 private:
  uint32_t base_, size_;
  uint32_t layer_ = 0;  // the open layer's number; 0 in the tables: never
  bool open_ = false;
  std::vector<uint32_t> read_, written_;  // per arena byte: the last layer that read / wrote it
  ArenaLayerUse use_;
};

}  // namespace mcusim

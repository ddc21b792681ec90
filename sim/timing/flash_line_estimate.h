// Fast timing's estimate of a Flash accelerator's few data lines (the STM32
// ART: 8 lines of 16 or 32 bytes) for the loads a block does not walk: a
// literal, a per-channel bias, multiplier or shift read through a pointer.
// Fast timing has no memory hooks, so it cannot simulate the lines; it
// knows, per block, which Flash reads its scalar loads make (the addresses
// guessed at first sight) and how many bytes its walks stream. A line is
// taken to be evicted once the capacity's worth of other lines was brought
// in since it was last read (LRU's stack distance, in bytes), where what is
// brought in is every walk's bytes and every scalar miss's line. Hits move
// nothing in: two lines read at once stay equally old, where true LRU
// would order them (a line's difference, at most).
// docs/timing-model.md, *Data in Flash*.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace mcusim {

// What a block's scalar Flash reads need at run time (BlockTiming).
struct FlashReads {
  std::vector<uint32_t> reads;  // distinct Flash reads: address / read width
  uint32_t wait = 0;            // stall of one miss
  uint32_t capacity = 0;        // the data lines' bytes
  uint32_t line_bytes = 0;      // what one miss brings in
};

class FlashLineEstimate {
 public:
  // A walk streamed `bytes` through the data lines.
  void stream(uint32_t bytes) { allocated_ += bytes; }
  // Stall cycles of a block's scalar reads: each misses when it was never
  // read or the capacity's worth of lines came in since it last was.
  uint32_t read(const FlashReads& r) {
    uint32_t stall = 0;
    for (uint32_t read : r.reads) {
      Entry& e = table_[read % kEntries];
      if (e.read != read || allocated_ - e.stamp >= r.capacity) {
        stall += r.wait;
        allocated_ += r.line_bytes;
        e.read = read;
      }
      e.stamp = allocated_;
    }
    return stall;
  }

 private:
  // Direct-mapped by read: two reads sharing an entry count as misses
  // (rare: a block makes a few such reads, a model a few hundred).
  static constexpr uint32_t kEntries = 1024;
  struct Entry {
    uint32_t read = ~0u;
    uint64_t stamp = 0;
  };
  std::array<Entry, kEntries> table_{};
  uint64_t allocated_ = 0;  // bytes brought into the data lines so far
};

}  // namespace mcusim

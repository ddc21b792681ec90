// Pure cache models for the "accurate" timing mode: no simulator dependency.
// A hit costs no wait states; a miss costs the region's wait states (the
// caller decides how much).
#pragma once

#include <cstdint>
#include <vector>

namespace mcusim {

struct CacheCounters {
  uint64_t hits = 0;
  uint64_t misses = 0;
};

// Set-associative cache with true LRU replacement within a set.
// size_bytes = sets * ways * line_bytes; line_bytes and the number of sets
// must be powers of two. Throws std::invalid_argument otherwise.
class SetAssociativeCache {
 public:
  SetAssociativeCache(uint32_t size_bytes, uint32_t ways, uint32_t line_bytes);

  // Looks up the line holding 'addr'; on a miss allocates it (evicting the
  // least recently used way). Returns true on a hit.
  bool access(uint32_t addr);
  // Whether the line is present, without updating LRU or counters.
  bool contains(uint32_t addr) const;
  void invalidate();  // drop all lines, keep counters

  const CacheCounters& stats() const { return stats_; }
  uint64_t hits() const { return stats_.hits; }
  uint64_t misses() const { return stats_.misses; }
  void reset_stats() { stats_ = {}; }

  uint32_t sets() const { return sets_; }
  uint32_t ways() const { return ways_; }
  uint32_t line_bytes() const { return line_bytes_; }

 private:
  struct Way {
    uint32_t tag = 0;
    uint64_t last_use = 0;
    bool valid = false;
  };
  uint32_t ways_;
  uint32_t line_bytes_;
  uint32_t sets_;
  uint32_t line_shift_;
  std::vector<Way> lines_;  // sets_ * ways_
  uint64_t clock_ = 0;
  bool mru_valid_ = false;
  uint32_t mru_line_ = 0;
  CacheCounters stats_;
};

// STM32F4 ART accelerator (RM0090 "Adaptive real-time memory accelerator"):
// 64 instruction-cache lines and 8 data-cache lines of 128 bits (16 bytes),
// modelled fully associative with LRU, plus a one-line prefetch buffer that,
// when enabled, holds the line after the last instruction line fetched.
class ArtAccelerator {
 public:
  static constexpr uint32_t kLineBytes = 16;
  static constexpr uint32_t kInstructionLines = 64;
  static constexpr uint32_t kDataLines = 8;

  explicit ArtAccelerator(bool prefetch = true);
  void set_prefetch(bool on) {
    prefetch_ = on;
    prefetch_valid_ = prefetch_valid_ && on;
  }

  // Instruction fetch of 'addr' (Flash). True when served without wait
  // states: from the I-cache or the prefetch buffer.
  bool access(uint32_t addr);
  // Data read of 'addr' (Flash literal pools, constants). True on a D-cache hit.
  bool data_access(uint32_t addr);
  void invalidate();

  const CacheCounters& stats() const { return stats_; }  // instruction side
  uint64_t hits() const { return stats_.hits; }
  uint64_t misses() const { return stats_.misses; }
  const CacheCounters& data_stats() const { return data_.stats(); }
  uint64_t prefetch_hits() const { return prefetch_hits_; }

 private:
  SetAssociativeCache icache_;
  SetAssociativeCache data_;
  bool prefetch_;
  bool prefetch_valid_ = false;
  uint32_t prefetch_line_ = 0;
  CacheCounters stats_;
  uint64_t prefetch_hits_ = 0;
};

}  // namespace mcusim

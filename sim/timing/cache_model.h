// Pure cache models for the "accurate" timing mode: no simulator dependency.
// A hit costs no wait states; a miss costs the region's wait states (the
// caller decides how much).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
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
  uint32_t size_bytes() const { return sets_ * ways_ * line_bytes_; }

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

// Geometry of a Flash accelerator (board data, sim/board.h FlashAcceleratorSpec).
struct ArtGeometry {
  uint32_t line_bytes = 16;
  uint32_t instruction_lines = 64;
  uint32_t data_lines = 8;
  uint32_t ways = 0;         // 0: fully associative
  uint32_t read_bytes = 16;  // Flash read width
  bool has_prefetch = true;
};

// A cache whose lines are filled one Flash read at a time: a line holds
// line_bytes, but a miss brings in only the read_bytes the core asked for
// (critical read first); the rest of the line follows when it is asked for.
// So a sequential stream costs one Flash access per read_bytes, and capacity
// and replacement (true LRU within a set) are those of whole lines.
class SectoredCache {
 public:
  SectoredCache(uint32_t lines, uint32_t ways, uint32_t line_bytes, uint32_t read_bytes);
  // True when the read that holds `addr` is present; otherwise fetches it
  // (allocating its line, evicting the least recently used) and returns false.
  bool access(uint32_t addr);
  // The `count` reads `mask` (bit i: read i of the line) of line `line`
  // (address >> log2 line_bytes) at once, as access() of each in turn would: returns
  // the mask of those that missed (now present).
  // `slot`: where the line now is (for touch()).
  uint32_t access_reads(uint32_t line, uint32_t mask, uint32_t count, uint16_t& slot);
  // A hit on the line in `slot` of `count` reads present there, as
  // access_reads() counts it; valid while generation() has not changed
  // since the line and its reads were seen in that slot.
  void touch(uint16_t slot, uint32_t count) {
    lines_[slot].last_use = ++clock_;
    stats_.hits += count;
  }
  bool holds(uint16_t slot, uint32_t line) const { return lines_[slot].valid && lines_[slot].line == line; }
  // Changes whenever a line leaves the cache (replaced or invalidated).
  uint64_t generation() const { return generation_; }
  void invalidate();
  const CacheCounters& stats() const { return stats_; }
  uint32_t line_shift() const { return line_shift_; }
  uint32_t read_shift() const { return read_shift_; }

 private:
  struct Line {
    uint32_t line = 0;    // address >> line_shift_ (its set is where it sits)
    uint32_t filled = 0;  // one bit per read of the line
    uint64_t last_use = 0;
    bool valid = false;
  };
  // Where each line was last seen, indexed by its low bits: a hit checks
  // one slot instead of searching a fully associative cache's 32 or 64
  // (fast timing fetches every block through it on the STM32L4). A stale
  // hint only costs the search.
  static constexpr uint32_t kHints = 256;
  uint32_t ways_, sets_, line_shift_, read_shift_;
  std::vector<Line> lines_;
  std::array<uint16_t, kHints> hints_{};
  uint64_t clock_ = 0;
  uint64_t generation_ = 0;
  CacheCounters stats_;
};

// STM32 ART accelerator: an instruction cache and a data cache of the board's
// geometry (RM0090 F4: 64 + 8 lines of 128 bits; RM0432 L4+: 32 + 8 lines of
// 4 x 64 bits), plus, when the part has one and PRFTEN is set, a one-read
// prefetch buffer holding the Flash read after the last instruction read.
class ArtAccelerator {
 public:
  explicit ArtAccelerator(const ArtGeometry& geometry = {}, bool prefetch = true);
  void set_prefetch(bool on) {
    prefetch_ = on && geometry_.has_prefetch;
    prefetch_valid_ = prefetch_valid_ && prefetch_;
  }

  // Instruction fetch of 'addr' (Flash). True when served without wait
  // states: from the I-cache or the prefetch buffer.
  bool access(uint32_t addr);
  // Instruction fetch of every read covering [begin, end), in order, as
  // access() of each would: returns how many missed. Inline: the common
  // case, a range fetched before whose lines are all still there.
  uint32_t fetch(uint32_t begin, uint32_t end) {
    FetchMemo& memo = memos_[(begin >> 1) % kMemos];
    if (memo.begin != begin || memo.end != end || memo.generation != icache_.generation()) [[unlikely]]
      return fetch_lines(begin, end, memo);
    for (uint32_t i = 0; i < memo.lines; ++i) icache_.touch(memo.slots[i], memo.counts[i]);
    stats_.hits += memo.reads;
    if (prefetch_) {
      prefetch_valid_ = true;
      prefetch_read_ = memo.last_read + 1;
    }
    return 0;
  }
  // Data read of 'addr' (Flash literal pools, constants). True on a D-cache
  // hit; always false without data lines.
  bool data_access(uint32_t addr);
  void invalidate();

  const ArtGeometry& geometry() const { return geometry_; }
  const CacheCounters& stats() const { return stats_; }  // instruction side
  uint64_t hits() const { return stats_.hits; }
  uint64_t misses() const { return stats_.misses; }
  const CacheCounters& data_stats() const { return data_stats_; }
  uint64_t prefetch_hits() const { return prefetch_hits_; }

 private:
  // What fetch() last did for a range whose lines have all stayed in the
  // I-cache since (no line left it: the same generation): the same hits
  // again, one touch per line, so the LRU order and every count come out as
  // the full look-up's. Most blocks fetch their one or two lines this way
  // (a per-line residency test instead cost 5% more host instructions on
  // the STM32L4, for more hits).
  struct FetchMemo {
    uint32_t begin = ~0u, end = 0;
    uint64_t generation = ~0ull;
    std::array<uint32_t, 3> line{};
    std::array<uint16_t, 3> slots{};
    std::array<uint8_t, 3> counts{};  // reads per line
    uint8_t lines = 0;
    uint8_t reads = 0;
    uint32_t last_read = 0;
  };
  uint32_t fetch_lines(uint32_t begin, uint32_t end, FetchMemo& memo);
  static constexpr uint32_t kMemos = 4096;
  ArtGeometry geometry_;
  SectoredCache icache_;
  std::vector<FetchMemo> memos_ = std::vector<FetchMemo>(kMemos);
  std::optional<SectoredCache> data_;
  bool prefetch_;
  bool prefetch_valid_ = false;
  uint32_t prefetch_read_ = 0;
  CacheCounters stats_, data_stats_;
  uint64_t prefetch_hits_ = 0;
};

}  // namespace mcusim

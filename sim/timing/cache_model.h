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
  // `slot`: where the line now is (for touch_all()).
  uint32_t access_reads(uint32_t line, uint32_t mask, uint32_t count, uint16_t& slot);
  // Hits on the lines in `n` slots in turn, `reads` reads in all present
  // there, as access_reads() counts them; valid while generation() has not
  // changed since the lines and their reads were seen in those slots. The
  // clock is kept in a register: a store to a line's last_use could alias it.
  void touch_all(const uint16_t* slots, uint32_t n, uint32_t reads) {
    uint64_t clock = clock_;
    Line* lines = lines_.data();
    for (uint32_t i = 0; i < n; ++i) lines[slots[i]].last_use = ++clock;
    clock_ = clock;
    stats_.hits += reads;
  }
  // Whether `slot` holds `line` with every read of `mask` present.
  bool holds(uint16_t slot, uint32_t line, uint32_t mask) const {
    const Line& l = lines_[slot];
    return l.valid && l.line == line && (l.filled & mask) == mask;
  }
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

// What an ART instruction fetch of one range last did, to replay its hits
// while its lines stay in the I-cache: one touch per line, so the LRU order
// and every count come out as the full look-up's. A block keeps one of its
// own in fast timing (its range never changes); accurate timing's are in
// the accelerator's table.
struct ArtFetchMemo {
  static constexpr uint32_t kLines = 6;  // a 192-byte block on 32-byte lines; longer ones are looked up
  uint64_t generation = ~0ull;  // the I-cache's generation() when its lines were last seen there; ~0: none
  std::array<uint32_t, kLines> line{};
  std::array<uint32_t, kLines> mask{};  // the range's reads in the line
  std::array<uint16_t, kLines> slots{};
  uint8_t lines = 0;
  uint8_t reads = 0;
  uint32_t last_read = 0;
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
    RangeMemo& m = memos_[(begin >> 1) % kMemos];
    if (m.begin != begin || m.end != end) [[unlikely]] {
      m.begin = begin;
      m.end = end;
      return fetch_lines(begin, end, m.memo);
    }
    return fetch(begin, end, m.memo);
  }
  // The same with the caller's memo of this range (a block's own).
  uint32_t fetch(uint32_t begin, uint32_t end, ArtFetchMemo& memo) {
    return replay(memo) ? 0 : fetch_lines(begin, end, memo);
  }
  // The full look-up of every read of [begin, end), which fills the memo:
  // fetch() when replay() declined.
  uint32_t fetch_lines(uint32_t begin, uint32_t end, ArtFetchMemo& memo);
  // The memo's fetch again, all hits, when its lines are still there;
  // false (nothing done) otherwise.
  bool replay(ArtFetchMemo& memo) {
    if (memo.generation != icache_.generation() && !still_held(memo)) [[unlikely]] return false;
    hit_again(memo);
    return true;
  }
  // replay() when no line has left the I-cache since the memo was made;
  // false (nothing done) otherwise, though its lines may still be there.
  // No call: a caller's common path needs no callee-saved registers.
  bool replay_if_current(ArtFetchMemo& memo) {
    if (memo.generation != icache_.generation()) [[unlikely]] return false;
    hit_again(memo);
    return true;
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
  // Accurate timing's memos, by range start (a per-line residency test
  // on every fetch instead of the generation cost 5% more host
  // instructions on the STM32L4, for more hits).
  struct RangeMemo {
    uint32_t begin = ~0u, end = 0;
    ArtFetchMemo memo;
  };
  // A line has left the I-cache since the memo was made: whether the
  // memo's lines and reads are still there all the same (they usually
  // are); if so the memo is current again.
  bool still_held(ArtFetchMemo& memo) const;
  void hit_again(const ArtFetchMemo& memo) {
    icache_.touch_all(memo.slots.data(), memo.lines, memo.reads);
    stats_.hits += memo.reads;
    if (prefetch_) {
      prefetch_valid_ = true;
      prefetch_read_ = memo.last_read + 1;
    }
  }
  static constexpr uint32_t kMemos = 4096;
  ArtGeometry geometry_;
  SectoredCache icache_;
  std::vector<RangeMemo> memos_ = std::vector<RangeMemo>(kMemos);
  std::optional<SectoredCache> data_;
  bool prefetch_;
  bool prefetch_valid_ = false;
  uint32_t prefetch_read_ = 0;
  CacheCounters stats_, data_stats_;
  uint64_t prefetch_hits_ = 0;
};

}  // namespace mcusim

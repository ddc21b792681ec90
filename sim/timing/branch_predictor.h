// Cortex-M7 conditional-branch prediction, applied by the simulator when a
// block's branch outcome becomes known (docs/timing-model.md, "Branch
// prediction"). A set-associative branch target cache (LRU within a set)
// holds a 2-bit direction counter per branch. A branch that is not cached is
// predicted not taken; a taken one then allocates an entry (evicting the
// least recently used of its set) that predicts taken, weakly, so a branch
// that alternates always mispredicts (REF, H743) and a loop branch
// mispredicts only at its exit.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace mcusim {

class BranchPredictor {
 public:
  static constexpr uint32_t kWays = 4;

  explicit BranchPredictor(uint32_t entries) : sets_(entries / kWays), entries_(entries) {
    if (entries < kWays || !std::has_single_bit(entries))
      throw std::invalid_argument("branch target cache entries must be a power of two, at least 4");
  }

  // The conditional branch whose block ends at `branch_end` went `taken`:
  // true when the prediction was wrong. Trains the predictor.
  bool mispredicted(uint32_t branch_end, bool taken) {
    // Ways are kept in recency order: way 0 is the most recently used.
    Entry* set = &entries_[((branch_end >> 1) & (sets_ - 1)) * kWays];
    uint32_t way = 0;
    while (way < kWays && set[way].tag != branch_end) ++way;
    bool wrong;
    Entry e;
    if (way < kWays) {
      e = set[way];
      wrong = (e.counter >= kWeaklyTaken) != taken;
      e.counter = static_cast<uint8_t>(taken ? std::min(e.counter + 1, 3) : std::max(e.counter - 1, 0));
    } else {
      if (!taken) return false;  // predicted not taken, and it was not: nothing to cache
      wrong = true;
      e = {branch_end, kWeaklyTaken};
      way = kWays - 1;  // the least recently used way makes room
    }
    for (; way > 0; --way) set[way] = set[way - 1];
    set[0] = e;
    return wrong;
  }

 private:
  static constexpr uint8_t kWeaklyTaken = 2;  // counter >= 2 predicts taken
  struct Entry {
    uint32_t tag = 0;  // the block end of the branch cached here (0: none; no block ends at 0)
    uint8_t counter = 0;
  };
  uint32_t sets_;
  std::vector<Entry> entries_;
};

}  // namespace mcusim

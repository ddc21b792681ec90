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
    Entry* set = &entries_[((branch_end >> 1) & (sets_ - 1)) * kWays];
    ++clock_;
    Entry* victim = set;
    for (uint32_t i = 0; i < kWays; ++i) {
      Entry& e = set[i];
      if (e.tag == branch_end) {
        bool wrong = (e.counter >= kWeaklyTaken) != taken;
        e.counter = static_cast<uint8_t>(taken ? std::min(e.counter + 1, 3) : std::max(e.counter - 1, 0));
        e.last_use = clock_;
        return wrong;
      }
      if (e.last_use < victim->last_use) victim = &e;
    }
    if (taken) *victim = {branch_end, kWeaklyTaken, clock_};
    return taken;
  }

 private:
  static constexpr uint8_t kWeaklyTaken = 2;  // counter >= 2 predicts taken
  struct Entry {
    uint32_t tag = 0;  // the block end of the branch cached here (0: none; no block ends at 0)
    uint8_t counter = 0;
    uint64_t last_use = 0;
  };
  uint32_t sets_;
  std::vector<Entry> entries_;
  uint64_t clock_ = 0;
};

}  // namespace mcusim

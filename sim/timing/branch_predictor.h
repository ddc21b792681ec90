// Cortex-M7 conditional-branch prediction, applied by the simulator when a
// block's branch outcome becomes known (docs/timing-model.md, "Branch
// prediction"). The M7's predictor is a branch target address cache (BTAC):
// a branch found in it is fetched from its cached target, i.e. predicted
// taken. So the cache holds the taken branches: a taken branch allocates an
// entry (evicting the least recently used of its set), a not-taken one frees
// its entry. A branch not in the cache is predicted statically: backward
// (a loop) taken, forward not taken.
//
// The state of a branch is its last outcome, not a counter: what a branch
// costs depends only on what ran since its previous execution, so repeated
// identical work costs the same from its second run on (a 2-bit counter
// remembered outcomes from earlier runs and took up to three runs to settle).
#pragma once

#include <bit>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace mcusim {

class BranchPredictor {
 public:
  static constexpr uint32_t kWays = 4;

  explicit BranchPredictor(uint32_t entries) : sets_(entries / kWays), tags_(entries) {
    if (entries < kWays || !std::has_single_bit(entries))
      throw std::invalid_argument("branch target cache entries must be a power of two, at least 4");
  }

  // Where the ways of the set of the branch whose block ends at
  // `branch_end` start: fixed for a block, so kept with it.
  uint32_t set_of(uint32_t branch_end) const { return ((branch_end >> 1) & (sets_ - 1)) * kWays; }
  // A branch that is the most recently used of its set (set_of(branch_end)):
  // taken again, it stays predicted and nothing moves (mispredicted()
  // returns false and changes nothing).
  [[gnu::always_inline]] bool taken_again(uint32_t set, uint32_t branch_end) const {
    return tags_[set] == branch_end;
  }
  // A branch in none of the ways of its set (set_of(branch_end)): not taken
  // and forward, it was predicted and nothing moves.
  [[gnu::always_inline]] bool not_cached(uint32_t set, uint32_t branch_end) const {
    const uint32_t* ways = &tags_[set];
    return ways[0] != branch_end && ways[1] != branch_end && ways[2] != branch_end && ways[3] != branch_end;
  }

  // The conditional branch whose block ends at `branch_end` (one branch:
  // every block that ends there ends with it) went `taken`; `backward` when
  // its target is at or before it. True when the prediction was wrong.
  // Trains the predictor.
  bool mispredicted(uint32_t branch_end, bool backward, bool taken) {
    return mispredicted(set_of(branch_end), branch_end, backward, taken);
  }
  // The same with its set_of(branch_end), kept with the block.
  [[gnu::always_inline]] bool mispredicted(uint32_t set_index, uint32_t branch_end, bool backward, bool taken) {
    // Ways are kept in recency order: way 0 is the most recently used; 0 is
    // a free way (no block ends at address 0). A branch is in a set at most
    // once. This runs on every M7 block entry after a conditional branch.
    uint32_t* set = &tags_[set_index];
    // A loop branch taken again: cached (predicted taken) and already the
    // most recently used, nothing moves.
    if (set[0] == branch_end && taken) return false;
    uint32_t way = 0;
    while (way < kWays && set[way] != branch_end) ++way;
    const bool cached = way < kWays;
    const bool predicted_taken = cached || backward;
    // The shifts below have a constant bound and select instead of
    // branching: they unroll into a few moves (a shift of a variable length
    // became a call to memmove).
    if (taken) {
      // The ways before it (all but the least recently used, which makes
      // room, when it is not cached) move down one; it becomes way 0.
      const uint32_t last_moved = cached ? way : kWays - 1;
      for (uint32_t w = kWays - 1; w > 0; --w) set[w] = w <= last_moved ? set[w - 1] : set[w];
      set[0] = branch_end;
    } else if (cached) {
      // Frees its entry; older ones move up.
      for (uint32_t w = 0; w + 1 < kWays; ++w) set[w] = w >= way ? set[w + 1] : set[w];
      set[kWays - 1] = 0;
    }
    return predicted_taken != taken;
  }

 private:
  uint32_t sets_;
  std::vector<uint32_t> tags_;  // block end of the branch cached in each way, 0: free
};

}  // namespace mcusim

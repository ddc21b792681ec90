// The timing engine: what a cycle costs. It owns the cycle model (per-block
// schedules at first sight), the M7 branch predictor, the memory system
// (caches, Flash accelerator, wait states) and the clocks the firmware set.
// The simulator's hot path calls enter_block() once per block: inline, no
// virtual call, no allocation. Everything else runs at first sight of a
// block or when the firmware changes the clock, caches or accelerator.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "peripherals/device.h"
#include "sim/board.h"
#include "sim/cpu.h"
#include "sim/decoded_insn.h"
#include "sim/timing/branch_predictor.h"
#include "sim/timing/cycle_model.h"
#include "sim/timing/data_objects.h"
#include "sim/timing/memory_system.h"

namespace mcusim {

// What the timing engine adds to a block's description at first sight.
struct BlockCost {
  uint32_t cycles = 0;        // when it falls through (charged at entry)
  uint32_t taken_extra = 0;   // more when its last instruction branches
  uint32_t branch_entry = 0;  // more when entered by a taken branch
  uint32_t mispredict = 0;    // M7: more when the branch outcome flips
  bool backward_branch = false;  // M7: it ends in a conditional branch to a target at or before it
  FetchPath fetch_path = FetchPath::Static;
  uint8_t stall_fraction = 0;  // fast timing: BlockTiming::stall_fraction, carried over executions
  // Fast timing: BlockTiming::stream_bytes and flash_reads.
  uint32_t stream_bytes = 0;
  FlashReads flash_reads;
  // Whether the simulator has Flash data work at this block's entries.
  bool flash_data_at_entry() const { return stall_fraction || stream_bytes || !flash_reads.reads.empty(); }
  // M4 FP unit across the boundary: BlockTiming::fp_tail << 4 | fp_first
  // (fp_link() below), what enter_block() reads.
  uint8_t fp_link = BlockTiming::kNoFpInstruction;
  std::vector<uint16_t> cycles_before;  // per instruction, for mid-block device reads
};

enum class TimingMode { Fast, Accurate, Instructions };

class TimingEngine {
 public:
  // `board` is the simulator's copy: wait states follow the clock. `now` is
  // the simulator's cycle counter, which data stalls add to as they happen.
  // Throws InputError for an unknown mode name.
  TimingEngine(Board& board, const std::string& mode, uint64_t& now);
  ~TimingEngine();

  TimingMode mode() const { return mode_; }
  bool accurate() const { return mode_ == TimingMode::Accurate; }
  // Whether an access can stall at all on this board (a cache, an
  // accelerator, wait states): accurate timing hooks memory only then.
  bool memory_can_stall() const;

  // The firmware's data objects: fast timing's footprint of a walk through
  // constant data. Before the first block is timed.
  void set_data_objects(DataObjects objects) { data_objects_ = std::move(objects); }
  // Fast timing: the data object holding `address` (size 0: none), and
  // whether a walk at `address` through a table of `footprint` bytes (0:
  // unknown) is charged as a stream. A walk that does not stream even at
  // an unknown size (RAM, memory without wait states) does not depend on
  // the table it reads.
  DataExtent data_object_at(uint32_t address) const { return data_objects_.extent_at(address); }
  DataExtent data_gap_at(uint32_t address) const { return data_objects_.gap_at(address); }
  bool walk_streams(uint32_t address, uint32_t footprint) const {
    return memory_system_->streaming_read(address, footprint).wait != 0;
  }

  // At first sight: the block's cost; instructions count one cycle each
  // when there is no cycle model or no code. `index` is the simulator's
  // number for the block (1, 2, ...), which enter_block() is given later:
  // the engine keeps how the block meets its neighbours under it.
  BlockCost time_block(uint32_t address, const std::vector<DecodedInsn>& insns, uint32_t instructions, uint32_t index);

  // The hot path, at the entry of block `index`: the previous block's branch
  // outcome is known now; returns its taken extra, this block's refill and
  // (M7) a mispredict and a load-use stall on a result of the previous block,
  // plus (accurate) this block's instruction fetches. overlap() then says
  // whether the block starts one cycle early, in the previous block's last
  // cycle (M7 dual issue across the boundary). The costs passed are the
  // block's BlockCost as the simulator keeps it (at most 255 each).
  // kPaired: paired() (the simulator's block hook is chosen for the core).
  template <bool kAccurate, bool kPaired>
  [[gnu::always_inline]] uint64_t enter_block(uint32_t address, uint32_t end, uint32_t taken_extra, uint32_t branch_entry,
                                              FetchPath fetch_path, uint32_t index, uint32_t fp_link) {
    // A core with a branch predictor or dual issue (M7) takes the whole entry
    // out of line, so that the code inlined into the block hook stays small;
    // it reads the block's costs from its own record (paired_), so the call
    // passes three arguments.
    if constexpr (kPaired) return enter_paired<kAccurate>(address, end, index);
    bool taken = address != prev_fallthrough_;
    // Branchless: the outcome is data-dependent and would mispredict on the host.
    uint64_t extra = (uint64_t{prev_taken_extra_} + branch_entry) & (0 - static_cast<uint64_t>(taken));
    prev_fallthrough_ = end;
    prev_taken_extra_ = taken_extra;
    // Accurate timing fetches through every cache here; fast timing's
    // fetches (fast_fetch()) are the simulator's, off this call-free path.
    if constexpr (kAccurate) {
      if (fetch_path != FetchPath::Static) extra += memory_system_->fetch(fetch_path, address, end);
    }
    // The FP unit still busy from the previous block (M4, rule
    // fp_unit_carries_over) holds this block's first FP instruction; a
    // refill or fetch stall at the entry runs meanwhile.
    // Tested first: only blocks after or ending in FP work pay more (an
    // unconditional update cost control code 7% more host instructions).
    if ((prev_fp_tail_ | (fp_link >> 4)) != 0) [[unlikely]] {
      const int32_t fp_wait = static_cast<int32_t>(prev_fp_tail_) - static_cast<int32_t>(fp_link & 15u);
      prev_fp_tail_ = fp_link >> 4;
      if (fp_wait > 0 && static_cast<uint64_t>(fp_wait) > extra) extra = static_cast<uint64_t>(fp_wait);
    }
    return extra;
  }
  // The packed form of a block's FP link that enter_block() takes.
  static uint8_t fp_link(const BlockTiming& t) { return static_cast<uint8_t>(t.fp_tail << 4 | t.fp_first); }
  // A branch predictor or dual issue (M7): enter_block<kAccurate, true>.
  bool paired() const { return predicts_or_pairs_; }
  // enter_block<kAccurate, true>'s work inline, for a caller that is itself
  // the out-of-line step of a paired core's block hook (reached by a tail
  // call, so the hook's common path saves no registers): the branch
  // predictor or the M7 block boundary (load-use wait, dual issue across
  // the boundary).
  // `mispredict`: what predict_entry() returned for this entry, done first
  // (its registers are free again before the rest starts).
  template <bool kAccurate>
  [[gnu::always_inline]] uint64_t paired_entry(uint32_t address, uint32_t end, uint32_t index, uint32_t mispredict) {
    const PairedBlock& in = paired_[index];
    const PairedBlock& out = *exit_;
    const bool taken = address != prev_fallthrough_;
    prev_fallthrough_ = end;
    // A mispredict costs at least 1 (PairedBlock::mispredict), so a
    // mispredicted entry always has extra > 0.
    uint64_t extra =
        ((uint64_t{out.taken_extra} + in.branch_entry) & (0 - static_cast<uint64_t>(taken))) + mispredict;
    if constexpr (kAccurate) {
      if (in.fetch_path != FetchPath::Static) extra += memory_system_->fetch(in.fetch_path, address, end);
    }
    // Block boundaries (docs/timing-model.md): only on a dual-issue core.
    if (dual_issue_) extra = link_blocks(in.link, out.link, taken, extra);
    exit_ = &in;
    return extra;
  }
  // The branch predictor at the entry of the block at `address`, before
  // paired_entry(): trains it on the previous block's branch and returns
  // what that branch costs more when mispredicted (0 when predicted, or when
  // the previous block does not end in a conditional branch; its branch is
  // at its end, prev_fallthrough_).
  [[gnu::always_inline]] uint32_t predict_entry(uint32_t address) {
    const PairedBlock& out = *exit_;
    if (out.mispredict == 0) return 0;
    const uint32_t branch_end = prev_fallthrough_;
    return predictor_->mispredicted(out.predictor_set, branch_end, out.backward_branch, address != branch_end)
               ? out.mispredict
               : 0;
  }
  // Whether the entry of the block at `address` leaves the branch predictor
  // as it is and was predicted, so that predict_entry() would change nothing
  // and return 0: the previous block does not end in a conditional branch,
  // or ends in a loop branch taken again (BranchPredictor::taken_again), or
  // in a forward branch not taken and not cached (not_cached). Most entries
  // are; the predictor's other work takes registers the rest does not need.
  [[gnu::always_inline]] bool entry_settled(uint32_t address) const {
    const uint32_t branch_end = prev_fallthrough_;
    const PairedBlock& out = *exit_;
    if (out.mispredict == 0) return true;
    if (address != branch_end) return predictor_->taken_again(out.predictor_set, branch_end);
    return !out.backward_branch && predictor_->not_cached(out.predictor_set, branch_end);
  }
  // Fast timing: the stall of fetching [address, end) through `path`, a
  // block's BlockCost::fetch_path (fast_fetch_path()), which the simulator
  // charges after the block's entry. Accurate timing's fetches are
  // enter_block()'s.
  uint64_t fast_fetch(FetchPath path, uint32_t address, uint32_t end, ArtFetchMemo& memo) {
    return memory_system_->fetch(path, address, end, memo);
  }
  // A fetch through the Flash accelerator that hits as the memo's did:
  // true, done, no stall (MemorySystem::replay_fetch); false, nothing done.
  bool replay_fast_fetch(ArtFetchMemo& memo) { return memory_system_->replay_fetch(memo); }
  // Cycles (0 or 1) the block just entered starts before the previous one's end.
  uint32_t overlap() const { return overlap_; }
  // An exception interrupted the block: it did not branch.
  void exception_entered() {
    prev_taken_extra_ = 0;
    prev_fp_tail_ = 0;
    exit_ = paired_.data();  // as after no block (paired_[0]): no taken extra, nothing in flight, no free slot
    exit_room_ = false;
  }
  // Data-dependent part of an SDIV/UDIV (0 without a cycle model).
  uint32_t division_cycles(bool is_signed, uint32_t dividend, uint32_t divisor) const {
    return cycle_model_ ? cycle_model_->division_cycles(is_signed, dividend, divisor) : 0;
  }
  // Accurate timing: memory stall cycles of the block executing now, taken
  // (and reset) at the next block entry.
  uint64_t block_stall() const { return block_stall_; }
  uint64_t take_block_stall() { return std::exchange(block_stall_, 0); }
  // Accurate timing's memory hooks (user data: this engine).
  void hook_memory(Cpu& cpu);

  // The state block costs assume: caches (CCR), the Flash accelerator.
  // retime_needed() says when blocks must be timed again.
  void set_cache_bits(uint32_t ccr);  // SCB CCR: its IC and DC bits count
  void set_accelerator(bool instructions, bool data, bool prefetch);
  bool retime_needed() const { return assumed_ != current_state() || retime_; }
  void retimed();  // the simulator dropped its block costs; caches follow the new state

  // Clocks: simulated time is summed over the clocks in force.
  const Clocks& clocks() const { return clocks_; }
  void set_clocks(const Clocks& clocks, uint64_t now);
  double seconds(uint64_t now) const {
    return seconds_before_ + static_cast<double>(now - clock_since_) / static_cast<double>(clocks_.core_hz);
  }
  bool clock_ever_changed() const { return clock_since_ != 0 || seconds_before_ != 0; }

  std::vector<CacheStats> cache_statistics() const;

 private:
  // What the paired entry reads of a block, by the simulator's block index
  // (entry 0: no block, all zero).
  struct PairedBlock {
    BlockLink link;  // dual issue only
    uint8_t taken_extra = 0, branch_entry = 0, mispredict = 0;  // as BlockCost, at most 255
    bool backward_branch = false;
    FetchPath fetch_path = FetchPath::Static;
    uint32_t predictor_set = 0;  // BranchPredictor::set_of(the block's end), with a predictor
  };
  // enter_block() on a core with the branch predictor or the M7 block
  // boundary, out of line (paired_entry() below).
  template <bool kAccurate>
  [[gnu::noinline]] uint64_t enter_paired(uint32_t address, uint32_t end, uint32_t index) {
    const uint32_t mispredict = predict_entry(address);
    return paired_entry<kAccurate>(address, end, index, mispredict);
  }
  [[gnu::always_inline]] uint64_t link_blocks(const BlockLink& in, const BlockLink& out, bool taken, uint64_t extra);
  static void on_data_read(uc_struct*, int type, uint64_t address, int size, int64_t value, void* self);
  static void on_data_write(uc_struct*, int type, uint64_t address, int size, int64_t value, void* self);
  uint32_t current_state() const { return ccr_ | (accelerator_ << 24); }
  FetchPath fast_fetch_path(uint32_t address) const;
  CacheEnables cache_enables() const;

  static constexpr uint32_t kAccelInstructions = 1u << 0, kAccelData = 1u << 1, kAccelPrefetch = 1u << 2;
  Board& board_;
  TimingMode mode_;
  uint64_t& now_;
  std::unique_ptr<MemorySystem> memory_system_;  // which cache or accelerator serves an address (both models)
  std::unique_ptr<CycleModel> cycle_model_;
  DataObjects data_objects_;  // footprints of walks (fast timing)
  std::optional<BranchPredictor> predictor_;
  // Block chaining: the previous block's end and what its branch costs.
  uint32_t prev_fallthrough_ = 0;
  uint32_t prev_taken_extra_ = 0;  // single issue: the previous block's (the paired entry reads exit_)
  uint32_t prev_fp_tail_ = 0;      // single issue: the previous block's BlockTiming::fp_tail
  // The paired entry's blocks (predicts_or_pairs_ only).
  std::vector<PairedBlock> paired_ = std::vector<PairedBlock>(1);
  // The block executing now, for the next block's entry: its record (kept as
  // a pointer so that an entry indexes paired_ once; time_block() re-points
  // it when paired_ grows) and whether its last issue group has a slot a next
  // instruction may take.
  const PairedBlock* exit_ = paired_.data();
  bool exit_room_ = false;
  bool overlap_ = false;
  bool dual_issue_ = false;       // the core pairs instructions (M7): block links matter
  bool predicts_or_pairs_ = false;  // a branch predictor or dual issue: paired()
  uint64_t block_stall_ = 0;
  uint32_t ccr_ = 0, accelerator_ = 0;
  uint32_t assumed_ = 0;  // current_state() when blocks were last timed
  bool retime_ = false;   // the wait states changed
  Clocks clocks_;
  double seconds_before_ = 0;  // simulated seconds before clock_since_
  uint64_t clock_since_ = 0;   // cycle at which clocks_ took effect
};

// The M7 block boundary: a result of the previous block still in flight
// stalls this block's first instructions; on a fall-through its first
// instruction may join the previous block's last issue group.
inline uint64_t TimingEngine::link_blocks(const BlockLink& in, const BlockLink& out, bool taken, uint64_t extra) {
  const uint32_t wait = (in.reads_at0 & out.late[2])                                 ? 2u
                        : ((in.reads_at0 & out.late[1]) | (in.reads_at1 & out.late[2])) ? 1u
                                                                                        : 0u;
  // A refill, mispredict or fetch stall already gave the result that time.
  if (wait > extra) extra = wait;
  // The first instruction joins the previous block's last issue group on a
  // fall-through, or after a taken, correctly predicted direct branch that
  // allows it (BlockLink::taken_may_pair), when that group has room and its
  // operands are ready. (A mispredict, refill or stall made extra > 0.)
  overlap_ = (!taken || out.taken_may_pair) && extra == 0 && in.join_saving != 0 && exit_room_ &&
             (in.first_resources & out.last_resources) == 0 &&
             ((in.join_reads & out.late[0]) | (in.join_early & out.late[1])) == 0;
  // This block is the next entry's previous one. A block that itself joined
  // the group before it ends as its joined schedule does: one instruction
  // moved into the previous group can change how the rest pair.
  exit_room_ = overlap_ ? in.slot_free_when_joined : in.slot_free;
  return extra;
}

}  // namespace mcusim

// The run-time side of the alignment checks (sim/alignment.h): per block,
// the checks planned at first sight; at block entry, whether an access ahead
// will be misaligned; on the instruction, the precise check that faults.
//
// Cost: Unicorn 2.0.1 walks its whole code-hook list on every hooked
// instruction, so hooks are the exception: a site gets one only when the
// planner cannot express its address in the registers at block entry, or
// when an entry check finds it misaligned (the fault must be taken exactly
// there). A block that loops to itself and provably keeps its addresses
// aligned (LoopProof) is checked once on entry from elsewhere, not per
// iteration.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sim/alignment.h"
#include "sim/cpu.h"
#include "sim/memory_map.h"

namespace mcusim {

class AlignmentChecker {
 public:
  // Called from the instruction's hook when its access is misaligned:
  // pc of the instruction, the address, the access.
  using FaultFn = std::function<void(uint32_t pc, uint32_t address, const CheckedAccess& access)>;
  // `ccr`: the live CCR (UNALIGN_TRP decides the word/halfword checks).
  AlignmentChecker(Cpu& cpu, const MemoryMap& memory, const uint32_t& ccr, FaultFn on_fault);
  AlignmentChecker(const AlignmentChecker&) = delete;  // read_values_ point into regs_
  AlignmentChecker& operator=(const AlignmentChecker&) = delete;

  // At first sight of block `index`: plans its checks and hooks the sites
  // that need a check on the instruction. True when it added a hook: the
  // block must be translated again for the hook to fire (Unicorn #2200).
  bool describe_block(uint32_t index, uint32_t address, const std::vector<DecodedInsn>& insns);
  bool checks_at_entry(uint32_t index) const { return index < blocks_.size() && blocks_[index].count != 0; }

  // At entry of block `index` (one with entry checks); `previous` is the
  // block run just before. True when an access ahead will be misaligned: it
  // now has a hook, and the block must be translated and run again.
  bool misaligned_ahead(uint32_t index, uint32_t previous) {
    if (needs_no_check(index, previous)) return false;
    return check_entry(index);
  }
  // The usual case, a loop's next iteration, decided from one dense
  // record: most entries are these (a checked loop runs its block many
  // times per check). Inline and call-free, for the block hook's lean path.
  bool needs_no_check(uint32_t index, uint32_t previous) const {
    const Skip& k = skips_[index];
    return previous == k.self || previous == k.prefix;
  }

  // The check itself, for an entry needs_no_check() did not skip: true as
  // misaligned_ahead().
  bool check_entry(uint32_t index);

  size_t hooked_sites() const { return sites_.size(); }
  uint64_t entry_checks_run() const { return entry_checks_run_; }

 private:
  struct Block {
    uint32_t first = 0, count = 0;  // entry_/direct_[first, first+count)
    uint32_t address = 0, end = 0;
    uint32_t reads_first = 0;       // read_ids_/read_values_[reads_first, +reads_count): the registers its check reads
    uint8_t reads_count = 0;
    LoopProof loop;
    bool constant_steps = false;        // the proof needs no step register
    bool loop_keeps_alignment = false;  // the proof holds and its step registers qualified at the last check
    // A block that ends with this one's code (a loop's first iteration,
    // translated with the code before it; the last one described): entered
    // from it, this block's accesses ran one iteration ago, checked, and a
    // constant step keeps them aligned.
    uint32_t prefix = kNoBlock;
  };
  static constexpr uint32_t kNoBlock = ~0u;
  // The previous blocks from which an entry needs no check (kNoBlock: none):
  // the block itself while its loop keeps alignment; its prefix block as
  // well when the loop's steps are constant.
  struct Skip {
    uint32_t self = kNoBlock, prefix = kNoBlock;
  };
  void update_skip(uint32_t index);
  // An entry check compiled for the pass path: the address modulo 4 is
  // disp + regs_[a] * mul_a + regs_[b] * mul_b, mul being +-1 or +-2 (a term
  // shifted left by one); a missing term reads regs_[15], which stays 0.
  // `general`: a loaded base or a CCR-dependent rule, checked by
  // misaligned_at_entry instead.
  struct EntryCheck {
    uint32_t disp = 0, mul_a = 0, mul_b = 0;
    uint8_t a = 15, b = 15, mask = 0;
    bool general = false;
  };
  // The pass test of a plain block (no loop proof with step registers; every check one register
  // plus a displacement, no loaded base, no CCR rule), one record per
  // register it reads: the block passes when (value + disp) & mask is 0 for
  // each. Most entry checks are of such blocks (fp32 convolution's channel
  // loop), so this path reads its registers straight into slots_ and tests
  // them with no branch on the kind of check; a fail goes to check_general.
  // With the engine's live registers located (sim/live_registers.h) it
  // reads them there, with no engine call.
  struct PlainTerm {
    uint32_t disp = 0, mask = 0;
    uint32_t reg = 0;  // index into the engine's live registers
  };
  struct Plain {
    uint32_t first = 0;  // plain_ids_/plain_terms_[first, +count)
    uint16_t count = 0;  // 0: not plain
    bool loop_holds = false;  // its loop proof holds with constant steps
  };
  // Builds block `index`'s plain record, merged per register; none when
  // the block is not plain.
  void make_plain(uint32_t index, const Block& b);
  bool check_general(uint32_t index);
  struct Site {
    AlignmentChecker* checker;
    CheckedAccess access;
  };
  void link_prefixes(uint32_t index);
  void unlink_prefixes(uint32_t index);
  bool steps_qualify(const Block& b) const;
  bool hook_misaligned(const Block& b);
  static EntryCheck compile(const CheckedAccess& entry);
  // Whether access `a` is misaligned, with its address in `address`.
  template <class RegFn>
  bool misaligned_with(const CheckedAccess& a, RegFn reg, uint32_t& address) const;
  // At block entry, from regs_ (read just before).
  bool misaligned_at_entry(const CheckedAccess& a) const;
  // On the instruction, reading the registers it needs.
  bool misaligned(const CheckedAccess& a, uint32_t& address) const;
  void hook_site(const CheckedAccess& direct);
  static void on_hook(uc_struct*, uint64_t address, uint32_t size, void* site);

  Cpu& cpu_;
  const MemoryMap& memory_;
  const uint32_t& ccr_;
  FaultFn on_fault_;
  std::vector<Block> blocks_;
  std::vector<Skip> skips_;  // per block, beside blocks_: the hot part
  std::vector<Plain> plain_;  // per block
  std::vector<int> plain_ids_;
  std::vector<PlainTerm> plain_terms_;
  std::array<uint32_t, 15> slots_{};
  std::array<void*, 15> slot_ptrs_{};  // &slots_[i]: the values array of every plain read
  std::unordered_map<uint32_t, std::vector<uint32_t>> blocks_ending_at_;  // end address -> block indices
  std::vector<CheckedAccess> entry_, direct_;  // per entry check: at block entry, at the instruction
  std::vector<EntryCheck> compiled_;           // per entry check: entry_ for the pass path
  // Each block's registers, read in one engine call per check into regs_
  // (several accesses often share a base: each register is read once).
  std::vector<int> read_ids_;
  std::vector<void*> read_values_;  // into regs_
  std::array<uint32_t, 16> regs_{};
  std::deque<Site> sites_;                     // stable addresses: the hooks' user data
  std::unordered_set<uint32_t> hooked_;
  uint64_t entry_checks_run_ = 0;
};

}  // namespace mcusim

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

#include <cstdint>
#include <deque>
#include <functional>
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

  // At first sight of block `index`: plans its checks and hooks the sites
  // that need a check on the instruction. True when it added a hook: the
  // block must be translated again for the hook to fire (Unicorn #2200).
  bool describe_block(uint32_t index, uint32_t address, const std::vector<DecodedInsn>& insns);
  bool checks_at_entry(uint32_t index) const { return index < blocks_.size() && blocks_[index].count != 0; }

  // At entry of block `index` (one with entry checks); `previous` is the
  // block run just before. True when an access ahead will be misaligned: it
  // now has a hook, and the block must be translated and run again.
  bool misaligned_ahead(uint32_t index, uint32_t previous) {
    Block& b = blocks_[index];
    if (b.loop_keeps_alignment) {
      if (index == previous) return false;  // its own steps keep it aligned
      // Entered from a block that ends with this one's code (a loop's first
      // iteration, translated with the code before it): that block ran
      // these accesses one iteration ago, checked, and a constant step
      // keeps them aligned.
      if (b.constant_steps && previous < blocks_.size() && blocks_[previous].end == b.end &&
          blocks_[previous].address < b.address)
        return false;
    }
    return check_entry(b);
  }

  size_t hooked_sites() const { return sites_.size(); }
  uint64_t entry_checks_run() const { return entry_checks_run_; }

 private:
  struct Block {
    uint32_t first = 0, count = 0;  // entry_/direct_[first, first+count)
    uint32_t address = 0, end = 0;
    LoopProof loop;
    bool constant_steps = false;        // the proof needs no step register
    bool loop_keeps_alignment = false;  // the proof holds and its step registers qualified at the last check
  };
  struct Site {
    AlignmentChecker* checker;
    CheckedAccess access;
  };
  bool check_entry(Block& b);
  bool misaligned(const CheckedAccess& a, uint32_t& address) const;
  void hook_site(const CheckedAccess& direct);
  static void on_hook(uc_struct*, uint64_t address, uint32_t size, void* site);

  Cpu& cpu_;
  const MemoryMap& memory_;
  const uint32_t& ccr_;
  FaultFn on_fault_;
  std::vector<Block> blocks_;
  std::vector<CheckedAccess> entry_, direct_;  // per entry check: at block entry, at the instruction
  std::deque<Site> sites_;                     // stable addresses: the hooks' user data
  std::unordered_set<uint32_t> hooked_;
  uint64_t entry_checks_run_ = 0;
};

}  // namespace mcusim

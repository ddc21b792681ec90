// The shared scheduler: walks a decoded block in order, issuing each
// instruction at the first cycle allowed by (a) the previous instruction's
// occupancy, (b) the readiness of its source registers, (c) instruction fetch
// wait states, and on dual-issue cores (d) the pairing rules. All numbers come
// from the CoreTiming table; the named rules are applied where marked.
#include "sim/timing/cycle_model.h"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <utility>

#include "sim/disassembler.h"

namespace mcusim {
namespace {

uint32_t call_or_zero(const std::function<uint32_t(uint32_t)>& f, uint32_t address) {
  return f ? f(address) : 0;
}

std::array<int32_t, 64> filled(int32_t value) {
  std::array<int32_t, 64> a;
  a.fill(value);
  return a;
}

// A register unit no Cortex-M instruction names (D31's: Cortex-M FPUs have
// D0-D15): the FP adder a multiply-accumulate holds on the Cortex-M7
// (CoreTiming::fp_mac_holds_adder). A MAC "writes" it, the instructions
// that need the adder "read" it, so the wait carries across block
// boundaries like a result in flight.
constexpr unsigned kFpAdderUnit = 63;
constexpr RegMask kFpAdderMask = RegMask{1} << kFpAdderUnit;
constexpr RegMask kCoreRegisterUnits = 0xFFFF;
constexpr RegMask kCoreDataRegisters = kCoreRegisterUnits & ~kPcMask;  // R0..R14
constexpr RegMask kFpRegisterUnits = ~kCoreRegisterUnits & ~kFpAdderMask;

// What wrote an FP register, for CoreTiming::fp_result_latency.
FpProducer fp_producer(const DecodedInsn& d) {
  switch (d.cls) {
    case InsnClass::FpMac: return d.fused_mac ? FpProducer::FusedMac : FpProducer::SplitMac;
    case InsnClass::FpAddSub:
    case InsnClass::FpMul:
    case InsnClass::FpMisc: return FpProducer::Arith;
    case InsnClass::FpLoad:
    case InsnClass::FpLoadMultiple: return FpProducer::Load;
    case InsnClass::FpMove:
    case InsnClass::FpMoveDouble:
      if (d.reads & kCoreRegisterUnits) return FpProducer::FromCore;
      return (d.reads & kFpRegisterUnits) ? FpProducer::Move : FpProducer::None;  // VMOV Sd, #imm: the class latency
    default: return FpProducer::None;
  }
}

// How an FP instruction reads an FP register (`accumulator`: as a MAC's addend).
FpReader fp_reader(const DecodedInsn& d, bool accumulator) {
  switch (d.cls) {
    case InsnClass::FpMac:
      if (!accumulator) return FpReader::Operand;
      return d.fused_mac ? FpReader::FusedAccumulator : FpReader::SplitAccumulator;
    case InsnClass::FpStore:
    case InsnClass::FpStoreMultiple: return FpReader::StoreData;
    case InsnClass::FpMove:
    case InsnClass::FpMoveDouble: return (d.writes & kCoreRegisterUnits) ? FpReader::ToCore : FpReader::Move;
    default: return FpReader::Operand;
  }
}

// VLDR.64 / VSTR.64.
bool fp_double_transfer(const DecodedInsn& d) {
  return (d.cls == InsnClass::FpLoad || d.cls == InsnClass::FpStore) && d.words == 2;
}
// VLDR, VSTR and VMOV: what a multiply-accumulate never shares a cycle with
// (CoreTiming::fp_mac_transfers_first_slot).
bool fp_transfer(const DecodedInsn& d) {
  return d.cls == InsnClass::FpLoad || d.cls == InsnClass::FpStore || d.cls == InsnClass::FpMove ||
         d.cls == InsnClass::FpMoveDouble;
}
// What waits while a multiply-accumulate holds the FP adder
// (CoreTiming::fp_mac_holds_adder): VADD/VSUB, VLDM/VSTM, VLDR.64/VSTR.64
// and VMOV Sd, #imm.
bool needs_fp_adder(const DecodedInsn& d) {
  return d.cls == InsnClass::FpAddSub || d.cls == InsnClass::FpLoadMultiple ||
         d.cls == InsnClass::FpStoreMultiple || fp_double_transfer(d) ||
         (d.cls == InsnClass::FpMove && d.reads == 0 && (d.writes & kFpRegisterUnits) != 0);
}

template <typename F>
void for_each_bit(RegMask mask, F&& f) {
  while (mask != 0) {
    f(static_cast<unsigned>(std::countr_zero(mask)));
    mask &= mask - 1;
  }
}

class Scheduler {
 public:
  Scheduler(const CoreTiming& core, const MemoryTiming& mem) : core_(core), mem_(mem) {}

  // The schedule as if the block's first instruction could join a free slot
  // of the cycle before it (cycle -1), the last issue group of the previous
  // block, with every register ready by then (dual issue only).
  static Scheduler joining(const CoreTiming& core, const MemoryTiming& mem) {
    Scheduler s(core, mem);
    s.joining_ = true;
    s.data_ready_.fill(-1);
    s.late_ready_.fill(-1);
    s.mul_ready_.fill(-1);
    s.agu_ready_.fill(-1);
    s.acc_ready_.fill(-1);
    s.next_min_ = -1;
    s.group_cycle_ = -1;
    s.group_slots_ = 1;
    s.group_open_ = true;
    return s;
  }

  BlockTiming run(uint32_t address, const std::vector<DecodedInsn>& insns) {
    BlockTiming out;
    out.instructions = static_cast<uint32_t>(insns.size());
    out.cycles_before.reserve(insns.size());
    out.insn_addresses.reserve(insns.size());
    const uint32_t line_bytes = std::max<uint32_t>(core_.fetch_line_bytes, 2);
    uint32_t current_line = address / line_bytes;
    int32_t line_start = joining_ ? -1 : 0;

    if (core_.loads_pair_across_banks) note_bank_stable_bases(insns);
    const DecodedInsn* prev = nullptr;
    for (const DecodedInsn& insn : insns) {
      const ClassTiming& ct = core_.of(insn.cls);
      int32_t occupancy = ct.occupancy;
      int32_t latency = ct.latency;
      if (ct.words_per_cycle != 0) {
        const int32_t extra = (insn.words + ct.words_per_cycle - 1) / ct.words_per_cycle;
        occupancy += extra;
        latency += extra;
      }

      // Rule: register-offset STR cannot use the write buffer's one-cycle path.
      if (is_single_store(insn.cls) && insn.register_offset) {
        occupancy += core_.store_register_offset_extra;
        latency += core_.store_register_offset_extra;
      }
      // Rule: load/store pipelining (single LDR/STR after a single LDR whose
      // destination it does not use as an address) saves one cycle, but only
      // between accesses to the same memory (REF, F407 measurement).
      const uint32_t memory = memory_of(insn);
      if (core_.load_store_pipelining && prev != nullptr && pipelining_load(*prev) &&
          !prev->writes_pc() && (pipelining_load(insn) || pipelining_store(insn)) &&
          (insn.addr_reads & prev->writes) == 0 && occupancy > 1 &&
          (memory == 0 || prev_memory_ == 0 || memory == prev_memory_)) {
        occupancy -= 1;
        latency -= 1;
      }
      // Rule: a single load right after a single store waits for the store.
      if (prev != nullptr && is_single_store(prev->cls) && is_single_load(insn.cls)) {
        occupancy += core_.store_then_load_extra;
        latency += core_.store_then_load_extra;
      }
      // Rule: IT folding onto a preceding 16-bit instruction of the same block.
      if (insn.cls == InsnClass::It && core_.it_folding && prev != nullptr && prev->size == 2) {
        occupancy = 0;
      }
      // Literal-pool loads: the only data addresses known statically.
      if (insn.literal) {
        const int32_t wait = static_cast<int32_t>(call_or_zero(mem_.data_wait, insn.literal_address));
        occupancy += wait;
        latency += wait;
      }
      // Fast timing: loads walking through Flash data stall for the reads
      // the accelerator or cache has to make (a fraction of a cycle per
      // byte, accumulated over the block and rounded to whole cycles).
      if (const int32_t stall = streaming_stall(insn); stall > 0) {
        occupancy += stall;
        latency += stall;
      }
      note_accelerator_read(insn);
      if (insn.cls == InsnClass::Div && core_.division_early_termination) {
        out.div_addresses.push_back(insn.address);
      }

      // Operand readiness. Address registers use the AGU-ready time, which
      // includes the address-generation interlock.
      int32_t t = next_min_;
      // Rule: a store reads the value it stores late (store_data_late).
      // Rule (load_to_late_alu): late-ALU sources and a store's data see a
      // load's result early (late_ready_); every other read waits data_ready_.
      const bool store = stores_data(insn.cls);
      const int32_t data_late = store ? core_.store_data_late : 0;
      const RegMask late_reads = store ? insn.reads & ~insn.addr_reads : insn.late_alu_reads;
      const RegMask mul_reads = reads_as_multiplicand(insn.cls) ? insn.reads & ~insn.accumulator : 0;
      // Rule (fp_result_latency): an FP register read by an FP instruction
      // is ready when its producer's latency to this kind of reader says.
      const bool fp_by_reader = core_.fp_result_latency.enabled && uses_fp_unit(insn.cls);
      const RegMask fp_reads = fp_by_reader ? insn.reads & kFpRegisterUnits : 0;
      for_each_bit(fp_reads, [&](unsigned r) {
        t = std::max(t, fp_ready(r, fp_reader(insn, (insn.accumulator >> r) & 1u)));
      });
      // Rule (fp_mac_holds_adder): VADD, VLDM, ... wait while a MAC holds the adder.
      const RegMask adder_reads = adder_read(insn);
      if (adder_reads) t = std::max(t, data_ready_[kFpAdderUnit]);
      for_each_bit(insn.reads & ~insn.accumulator & ~late_reads & ~mul_reads & ~fp_reads,
                   [&](unsigned r) { t = std::max(t, data_ready_[r]); });
      for_each_bit(mul_reads, [&](unsigned r) { t = std::max(t, mul_ready_[r]); });
      for_each_bit(late_reads & ~insn.accumulator,
                   [&](unsigned r) { t = std::max(t, late_ready_[r] - data_late); });
      if (insn.cls == InsnClass::FpMac) {  // Rule: the addend is read late.
        for_each_bit(insn.accumulator & ~fp_reads,
                     [&](unsigned r) { t = std::max(t, data_ready_[r] - core_.fp_mac_addend_late); });
      } else {
        for_each_bit(insn.accumulator, [&](unsigned r) { t = std::max(t, acc_ready_[r]); });
      }
      // Rule: an FP instruction waits for the FP unit; integer ones do not.
      const bool holds_fp_unit = core_.fp_unit_blocks && uses_fp_unit(insn.cls);
      if (holds_fp_unit) t = std::max(t, fp_unit_free_);
      for_each_bit(insn.addr_reads, [&](unsigned r) { t = std::max(t, agu_ready_[r]); });

      // Instruction fetch: a new sequential line arrives fetch_wait cycles
      // later than with zero wait states, counted from when the previous line
      // started executing (the prefetcher fetches the next line meanwhile).
      const uint32_t line = insn.address / line_bytes;
      const bool new_line = line != current_line;
      if (new_line) {
        const int32_t wait = static_cast<int32_t>(call_or_zero(mem_.fetch_wait, line * line_bytes));
        if (wait > 0) t = std::max(t, line_start + 1 + wait);
        current_line = line;
      }

      if (core_.issue_width > 1) {
        // Rule: two loads from different banks share the load/store unit.
        const int bank = load_bank(insn);
        const bool second_load = bank >= 0 && group_load_bank_ >= 0 && bank != group_load_bank_;
        const uint8_t shared = second_load ? kResMem : 0;
        // Rules (fp_mac_transfers_first_slot, fp_double_transfers_single_issue).
        const bool fp_mac = insn.cls == InsnClass::FpMac;
        const bool transfer = fp_transfer(insn);
        const bool single_issue =
            ct.single_issue || (core_.fp_double_transfers_single_issue && fp_double_transfer(insn));
        const bool fp_conflict = (transfer || (fp_mac && group_fp_transfer_)) && fp_mac_in_flight(group_cycle_);
        // Rule (shifted_operand2_limits).
        const bool operand2_conflict =
            core_.shifted_operand2_limits &&
            ((insn.shifted_operand2 && (group_shifted_operand2_ || group_excludes_shifted_)) ||
             (insn.excludes_shifted_operand2 && group_shifted_operand2_));
        const bool can_pair = group_open_ && t <= group_cycle_ && group_slots_ < core_.issue_width &&
                              !single_issue && !ct.first_slot_only && occupancy <= 1 && !fp_conflict &&
                              !operand2_conflict &&
                              (group_resources_ & ct.resources & ~shared) == 0;
        if (can_pair) {
          t = group_cycle_;
          ++group_slots_;
          group_resources_ |= ct.resources;
          group_load_bank_ = -1;
          group_fp_transfer_ = group_fp_transfer_ || transfer;
          group_shifted_operand2_ = group_shifted_operand2_ || insn.shifted_operand2;
          group_excludes_shifted_ = group_excludes_shifted_ || insn.excludes_shifted_operand2;
        } else {
          t = std::max(t, group_cycle_ + 1);
          group_cycle_ = t;
          group_slots_ = 1;
          group_resources_ = ct.resources;
          group_load_bank_ = bank;
          group_fp_transfer_ = transfer;
          group_shifted_operand2_ = insn.shifted_operand2;
          group_excludes_shifted_ = insn.excludes_shifted_operand2;
        }
        group_open_ = !single_issue && occupancy <= 1;
        next_min_ = group_open_ ? t : t + std::max(occupancy, 1);
        end_ = std::max(end_, t + std::max(occupancy, 1));
      } else {
        next_min_ = t + occupancy;
        end_ = std::max(end_, next_min_);
      }
      if (new_line) line_start = t;
      note_reads(insn, t, adder_reads);
      if (holds_fp_unit) {
        fp_unit_free_ = t + std::max<int32_t>(occupancy, ct.fp_unit_busy);
        fp_end_ = std::max(fp_end_, fp_unit_free_);
        if (first_fp_ < 0) first_fp_ = t;
      }

      const bool forwards_accumulator =
          insn.accumulator != 0 && core_.mac_accumulator_latency != 0 && insn.cls != InsnClass::FpMac;
      // Rule (load_to_late_alu): a load's result reaches the late ALU early;
      // a word load's fast path does not reach the multiplier, a byte or
      // halfword load's does as it reaches the late ALU; an accumulator is
      // read a stage later still (at least the next cycle).
      const bool bypass = core_.load_to_late_alu != 0 && bypasses_to_late_alu(insn.cls);
      const int32_t late_alu_early = bypass ? core_.load_to_late_alu : 0;
      const bool word = insn.cls != InsnClass::LoadNarrow;
      for_each_bit(insn.writes, [&](unsigned r) {
        data_ready_[r] = t + latency;
        late_ready_[r] = t + latency - late_alu_early;
        mul_ready_[r] = word ? data_ready_[r] : late_ready_[r];
        agu_ready_[r] = t + latency + core_.agu_interlock;
        acc_ready_[r] = forwards_accumulator ? t + core_.mac_accumulator_latency
                        : bypass             ? std::max(late_ready_[r] - 1, t + 1)
                                             : t + latency;
      });
      if (fp_by_reader) note_fp_writes(insn, t, occupancy);
      // Rule (early_to_late_alu_forwarding): first in its group, an early-ALU
      // result reaches a late-ALU reader of the same cycle.
      if (core_.early_to_late_alu_forwarding && insn.early_alu_forwarding && group_slots_ == 1 &&
          group_cycle_ == t) {
        for_each_bit(insn.writes & kCoreDataRegisters, [&](unsigned r) { late_ready_[r] = std::min(late_ready_[r], t); });
      }
      // Base writeback is produced by the address unit itself: no interlock.
      for_each_bit(insn.writeback, [&](unsigned r) {
        data_ready_[r] = std::max(data_ready_[r], t + 1);
        late_ready_[r] = std::max(late_ready_[r], t + 1);
        mul_ready_[r] = std::max(mul_ready_[r], t + 1);
        agu_ready_[r] = std::max(agu_ready_[r], t + 1);
        acc_ready_[r] = std::max(acc_ready_[r], t + 1);
      });

      if (insn.sets_flags) flags_set_at_ = t;
      for_each_bit(insn.writes, [&](unsigned r) { written_at_[r] = t; });

      out.cycles_before.push_back(static_cast<uint16_t>(
          std::clamp<int32_t>(t, 0, std::numeric_limits<uint16_t>::max())));
      out.insn_addresses.push_back(insn.address);
      prev = &insn;
      prev_memory_ = memory;
    }

    // The block is not done before its FP work is, unless the FP unit's
    // remaining cycles carry into the next block (fp_unit_carries_over).
    const uint32_t end = static_cast<uint32_t>(core_.fp_unit_carries_over ? end_ : this->end());
    out.cycles_not_taken = end;
    out.cycles_taken = end;
    if (prev != nullptr && prev->writes_pc()) {
      const uint32_t refill = prev->direct_branch ? core_.refill_direct : core_.refill_indirect;
      out.cycles_taken = end + refill;
      if (!prev->conditional) out.cycles_not_taken = out.cycles_taken;
      out.ends_in_conditional = prev->conditional;
      if (prev->conditional) out.cycles_mispredict = mispredict_cost(*prev, out.cycles_before.back());
    }
    if (core_.fp_unit_carries_over) {
      // Counted from what the block is charged when its branch is not taken
      // (an unconditional branch's refill included): a taken conditional
      // branch's refill is charged at the next entry, which the FP wait
      // overlaps there.
      const int32_t charged = static_cast<int32_t>(out.cycles_not_taken);
      out.fp_tail = static_cast<uint8_t>(std::clamp<int32_t>(fp_end_ - charged, 0, BlockTiming::kNoFpInstruction - 2));
      out.fp_first = static_cast<uint8_t>(first_fp_ < 0 ? BlockTiming::kNoFpInstruction
                                                        : std::min<int32_t>(first_fp_, BlockTiming::kNoFpInstruction));
    }

    if (core_.issue_width > 1) {
      describe_exit(out.link);
      out.link.taken_may_pair = taken_branch_may_pair(insns);
    }
    out.stall_fraction = static_cast<uint8_t>(stream_256ths_ % 256);
    out.stream_bytes = stream_bytes_;
    out.flash_reads = std::move(flash_reads_);

    out.cycles_branch_entry = call_or_zero(mem_.fetch_wait, address);
    if (!insns.empty() && insns.front().size == 4 && (address & 3u) != 0) {
      out.cycles_branch_entry += core_.unaligned_wide_target_extra;
    }
    return out;
  }

  // The entry half of the link: registers read early in this schedule.
  RegMask reads_at(int32_t cycle) const { return cycle >= -1 && cycle <= 1 ? reads_at_[cycle + 1] : 0; }
  RegMask first_reads() const { return first_reads_; }
  // The block's last cycle: its instructions issued and its FP unit free.
  int32_t end() const { return std::max(end_, fp_end_); }
  // The last issue group is open, holds fewer instructions than the issue
  // width and is the block's last cycle: a next instruction may take a slot.
  bool last_slot_free() const {
    return group_open_ && group_slots_ < core_.issue_width && end_ == group_cycle_ + 1;
  }

 private:
  // Registers an instruction needs at issue (an integer MAC's accumulator
  // comes through the forwarding path, one cycle after the producer: never
  // late at a block boundary).
  static RegMask needed_at_issue(const DecodedInsn& insn) {
    const RegMask acc = insn.cls == InsnClass::FpMac ? 0 : insn.accumulator;
    return (insn.reads & ~acc) | insn.addr_reads;
  }
  // The FP adder unit, for an instruction that waits while a MAC holds it.
  RegMask adder_read(const DecodedInsn& insn) const {
    return core_.fp_mac_holds_adder != 0 && needs_fp_adder(insn) ? kFpAdderMask : 0;
  }
  // When FP register `r` may be read by `reader` (fp_result_latency).
  int32_t fp_ready(unsigned r, FpReader reader) const {
    const FpProducer p = fp_producer_[r];
    if (p == FpProducer::None) return data_ready_[r];
    return fp_written_at_[r] + core_.fp_result_latency.of(p, reader);
  }
  // The FP results of an instruction issued at t (fp_result_latency): their
  // producer, and the operand latency as the readiness every other reader
  // and the block boundary see. A load multiple's last registers arrive in
  // its last transfer cycle. A MAC takes the adder unit (fp_mac_holds_adder).
  void note_fp_writes(const DecodedInsn& insn, int32_t t, int32_t occupancy) {
    const FpProducer p = fp_producer(insn);
    const int32_t written = t + std::max(occupancy, 1) - 1;
    for_each_bit(insn.writes & kFpRegisterUnits, [&](unsigned r) {
      fp_producer_[r] = p;
      fp_written_at_[r] = written;
      if (p == FpProducer::None) return;
      const int32_t ready = written + core_.fp_result_latency.of(p, FpReader::Operand);
      data_ready_[r] = late_ready_[r] = mul_ready_[r] = acc_ready_[r] = ready;
    });
    if (insn.cls != InsnClass::FpMac) return;
    if (t != last_fp_mac_) earlier_fp_mac_ = last_fp_mac_;
    last_fp_mac_ = t;
    if (core_.fp_mac_holds_adder != 0)
      data_ready_[kFpAdderUnit] = late_ready_[kFpAdderUnit] = t + 1 + core_.fp_mac_holds_adder;
  }
  // A MAC issued in the fp_mac_transfers_first_slot cycles before `cycle`
  // (one issued in `cycle` itself does not count: the first MAC of a run
  // may share its cycle with a VLDR).
  bool fp_mac_in_flight(int32_t cycle) const {
    const int32_t window = core_.fp_mac_transfers_first_slot;
    if (window == 0) return false;
    const int32_t before = last_fp_mac_ < cycle ? last_fp_mac_ : earlier_fp_mac_;
    return before >= cycle - window;
  }
  void note_reads(const DecodedInsn& insn, int32_t t, RegMask adder_reads) {
    const RegMask needed = needed_at_issue(insn) | adder_reads;
    if (!seen_first_) first_reads_ = needed;
    seen_first_ = true;
    // A store's data is read store_data_late cycles after issue.
    const int32_t late = stores_data(insn.cls) ? core_.store_data_late : 0;
    const RegMask stored = late != 0 ? needed & ~insn.addr_reads : 0;
    if (t >= -1 && t <= 1) reads_at_[t + 1] |= needed & ~stored;
    if (t + late >= -1 && t + late <= 1) reads_at_[t + late + 1] |= stored;
  }
  // Integer stores, whose data operand store_data_late applies to (LLVM
  // ARMScheduleM7.td reads it at EX2 for STR/STRB/STRH, STRD and STREX).
  static bool stores_data(InsnClass c) {
    return c == InsnClass::Store || c == InsnClass::StoreDual || c == InsnClass::StoreExclusive;
  }
  // Loads whose result load_to_late_alu brings forward: single loads
  // (REF2's measurement) and LDRD (LLVM: latency 1 like LDR).
  static bool bypasses_to_late_alu(InsnClass c) { return is_single_load(c) || c == InsnClass::LoadDual; }
  // Integer multiplies: their multiplicands (not the accumulator) see
  // mul_ready_.
  static bool reads_as_multiplicand(InsnClass c) { return c == InsnClass::Mul || c == InsnClass::DspMul; }
  // The 32-bit bank (0 even word, 1 odd word) a single load reads, when
  // its address is known at first sight; -1 otherwise or when the core has
  // no such rule.
  // Memory only (below the Armv7-M peripheral region): REF's measurement is
  // about memory banks; a device or system register read (DWT CYCCNT) is
  // not known to pair.
  int load_bank(const DecodedInsn& insn) const {
    if (!core_.loads_pair_across_banks || !is_single_load(insn.cls)) return -1;
    constexpr uint32_t kPeripheralRegion = 0x40000000;
    if (insn.literal) return static_cast<int>((insn.literal_address >> 2) & 1u);
    const bool stable = insn.mem_base >= 0 && (bank_stable_bases_ & (RegMask{1} << insn.mem_base)) != 0;
    if (insn.address_guessed && stable && !insn.guess_through_memory && insn.guessed_address < kPeripheralRegion)
      return static_cast<int>((insn.guessed_address >> 2) & 1u);
    return -1;
  }
  // Base registers whose bank is the same at every execution of the block:
  // not stepped by it, or stepped only by writebacks adding up to a multiple
  // of 8 bytes (a pointer stepped by one word per execution alternates banks:
  // its first-sight guess says nothing about the next execution).
  void note_bank_stable_bases(const std::vector<DecodedInsn>& insns) {
    std::array<int64_t, 16> step{};
    RegMask unknown = 0;
    for (const DecodedInsn& d : insns) {
      unknown |= d.writes & (d.reads | d.addr_reads) & ~d.writeback;  // stepped in place (ADD r, r, #imm, ...)
      for_each_bit(d.writeback & 0xFFFFu, [&](unsigned r) {
        if (d.writeback_known) step[r] += d.writeback_step;
        else unknown |= RegMask{1} << r;
      });
    }
    // A register computed from another (MOV, ADD r1, r2, #imm) keeps its
    // bank only if its sources do.
    for (int pass = 0; pass < 2; ++pass) {
      for (const DecodedInsn& d : insns) {
        const RegMask sources = (d.reads | d.addr_reads) & kCoreDataRegisters & ~d.writes;
        bool moving = false;
        for_each_bit(sources, [&](unsigned r) { moving = moving || (unknown & (RegMask{1} << r)) || step[r] % 8 != 0; });
        if (moving) unknown |= d.writes & ~d.writeback & kCoreDataRegisters;
      }
    }
    bank_stable_bases_ = 0;
    for (unsigned r = 0; r < 15; ++r) {
      if ((unknown & (RegMask{1} << r)) == 0 && step[r] % 8 == 0) bank_stable_bases_ |= RegMask{1} << r;
    }
  }
  // Rule (taken_branch_pair_narrow_before): the block ends in a direct
  // branch with enough 16-bit instructions before it that, taken and
  // predicted, it shares its cycle with the first instruction at its target.
  // Indirect branches (BX, POP {pc}, TBB) pay a refill instead.
  bool taken_branch_may_pair(const std::vector<DecodedInsn>& insns) const {
    const unsigned needed = core_.taken_branch_pair_narrow_before;
    if (needed == 0 || insns.empty()) return false;
    const DecodedInsn& branch = insns.back();
    if (!branch.writes_pc() || !branch.direct_branch) return false;
    const auto narrow = std::count_if(insns.begin(), insns.end() - 1, [](const DecodedInsn& d) { return d.size == 2; });
    return static_cast<unsigned>(narrow) >= needed;
  }
  // The exit half of the link: the last issue group and results in flight.
  void describe_exit(BlockLink& link) const {
    link.slot_free = last_slot_free();
    link.last_resources = group_resources_;
    for (unsigned r = 0; r < data_ready_.size(); ++r) {
      for (int32_t k = 0; k < 3; ++k) {
        // late_ready_: the next block's first reader is taken to be a late-ALU
        // one (the BlockLink keeps one time per register); an address, shift
        // or multiply reading a load's result there is charged a cycle less.
        if (late_ready_[r] >= end_ + k) link.late[k] |= RegMask{1} << r;
      }
    }
  }

  // Rule: the accesses the M4 load/store pipelining is about: single
  // LDR/STR, and VLDR.32/VSTR.32 where the core says so.
  bool pipelining_load(const DecodedInsn& insn) const {
    return is_single_load(insn.cls) ||
           (core_.fp_single_pipelines && insn.cls == InsnClass::FpLoad && insn.words == 1);
  }
  bool pipelining_store(const DecodedInsn& insn) const {
    return is_single_store(insn.cls) ||
           (core_.fp_single_pipelines && insn.cls == InsnClass::FpStore && insn.words == 1);
  }

  uint32_t memory_of(const DecodedInsn& insn) const {
    if (!mem_.memory_of) return 0;
    if (insn.literal) return mem_.memory_of(insn.literal_address);
    return insn.address_guessed ? mem_.memory_of(insn.guessed_address) : 0;
  }

  // Whole stall cycles of this load under the streaming estimate: the
  // block's running total in 1/256 cycles, rounded down, minus what earlier
  // loads of the block were charged. What is left below a cycle is the
  // block's stall_fraction, which the simulator carries from one execution
  // to the next.
  int32_t streaming_stall(const DecodedInsn& insn) {
    if (!mem_.streaming_read || !insn.address_guessed || !is_data_load(insn.cls)) return 0;
    if (!insn.address_advances && !insn.guess_through_memory) return 0;
    const StreamingReadCost cost = mem_.streaming_read(insn.guessed_address);
    if (cost.wait == 0) return 0;
    if (!insn.address_advances && !moves_through_spilled_pointer(insn, cost)) return 0;
    // A table read through a stepped index (a depthwise or convolution
    // kernel's window, re-read for every output) is taken to stay in a cache
    // of many lines, an L1 D-cache, and to miss in an accelerator's few data
    // lines (model choice; docs/timing-model.md, *Data in Flash*).
    if (insn.walk_through_index && cost.cache_lines >= kWindowHeldLines) return 0;
    const uint32_t bytes = insn.words ? insn.words * 4u : std::max<uint32_t>(insn.mem_bytes, 1);
    // The walk moves on by its step (or by what it reads): a step of a
    // whole read or more makes every access a new read.
    const uint32_t stride = std::max(bytes, insn.walk_step);
    if (cost.bytes_per_wait == 0) {  // no cache: every access (at most a word) goes to the memory
      stream_256ths_ += uint64_t{cost.wait} * 256u * ((bytes + 3) / 4);
    } else if (stride >= cost.bytes_per_wait) {
      stream_256ths_ += uint64_t{cost.wait} * 256u * ((bytes + cost.bytes_per_wait - 1) / cost.bytes_per_wait);
    } else {
      stream_256ths_ += uint64_t{cost.wait} * stride * 256u / cost.bytes_per_wait;
    }
    const auto total = static_cast<int32_t>(stream_256ths_ / 256);
    const int32_t stall = total - stream_charged_;
    stream_charged_ = total;
    // A walk through an accelerator's few data lines evicts what they held.
    if (cost.line_bytes != 0 && cost.cache_lines < kWindowHeldLines) stream_bytes_ += stride;
    return stall;
  }

  // Fast timing: a Flash load through a pointer the block reloads from
  // memory (a spilled pointer) into an accelerator's few data lines is taken
  // to be a walk that moves on by what it reads at each execution: a
  // kernel's per-channel bias, multiplier and shift pointers, which GCC
  // spills in loops with more live values than registers, step through
  // their arrays once per output channel, a new Flash read every read
  // width, which the lines have lost by the next pixel. The word at first
  // sight says where the pointer points, not how it moves; a spilled
  // pointer to a constant that does not move is charged a stream it does
  // not make (model choice; docs/timing-model.md, *Data in Flash*).
  static bool moves_through_spilled_pointer(const DecodedInsn& insn, const StreamingReadCost& cost) {
    return insn.guess_through_memory && !insn.literal && cost.line_bytes != 0 && cost.cache_lines < kWindowHeldLines;
  }

  // Fast timing: a load the block does not walk, from Flash behind an
  // accelerator's few data lines (a literal, a per-channel bias or
  // requantisation factor read through a pointer), costs what the
  // simulator's FlashLineEstimate says at each execution; here the block's
  // distinct reads are collected. Model choice, docs/timing-model.md,
  // *Data in Flash*.
  void note_accelerator_read(const DecodedInsn& insn) {
    if (!mem_.accelerator_read || !is_data_load(insn.cls) || insn.address_advances) return;
    if (!insn.literal && !insn.address_guessed) return;
    const uint32_t address = insn.literal ? insn.literal_address : insn.guessed_address;
    const StreamingReadCost cost = mem_.accelerator_read(address);
    if (cost.wait == 0 || cost.bytes_per_wait == 0 || cost.cache_lines >= kWindowHeldLines) return;
    if (mem_.streaming_read && moves_through_spilled_pointer(insn, cost)) return;  // streaming_stall's
    const uint32_t read = address / cost.bytes_per_wait;
    std::vector<uint32_t>& reads = flash_reads_.reads;
    if (std::find(reads.begin(), reads.end(), read) != reads.end()) return;
    reads.push_back(read);
    flash_reads_.wait = cost.wait;
    flash_reads_.capacity = cost.cache_lines * cost.line_bytes;
    flash_reads_.line_bytes = cost.line_bytes;
  }

  // Rule: a mispredict costs less when the branch's condition was settled
  // early. A condition settled before the block counts as early.
  uint32_t mispredict_cost(const DecodedInsn& branch, int32_t issued_at) const {
    int32_t settled_at = kBeforeBlock;
    if (branch.cls == InsnClass::CompareBranch)  // CBZ/CBNZ test a register, not the flags
      for_each_bit(branch.reads, [&](unsigned r) { settled_at = std::max(settled_at, written_at_[r]); });
    else
      settled_at = flags_set_at_;
    bool early = core_.mispredict_penalty_early != 0 &&
                 (settled_at == kBeforeBlock || issued_at - settled_at >= core_.early_condition_cycles);
    return early ? core_.mispredict_penalty_early : core_.mispredict_penalty;
  }

  static constexpr int32_t kBeforeBlock = std::numeric_limits<int32_t>::min();
  // Fewer lines than this: an accelerator's data lines, which a walk through
  // a kernel window or weights evicts; this many or more: an L1 D-cache,
  // which holds a window and what is read beside it.
  static constexpr uint32_t kWindowHeldLines = 64;
  const CoreTiming& core_;
  const MemoryTiming& mem_;
  std::array<int32_t, 64> data_ready_{};
  std::array<int32_t, 64> late_ready_{};  // for late-ALU sources and store data (load_to_late_alu)
  std::array<int32_t, 64> mul_ready_{};   // for multiplicands (load_to_late_alu)
  std::array<int32_t, 64> agu_ready_{};
  std::array<int32_t, 64> acc_ready_{};  // as the accumulator of a multiply-accumulate
  int32_t flags_set_at_ = kBeforeBlock;  // issue cycle of the last flag-setting instruction
  std::array<int32_t, 64> written_at_ = filled(kBeforeBlock);  // issue cycle of each register's last writer
  // fp_result_latency: what wrote each FP register in this block, and when
  // (None: before the block, or a producer without a table row).
  std::array<FpProducer, 64> fp_producer_{};
  std::array<int32_t, 64> fp_written_at_{};
  // Issue cycles of the last FP MAC and of the one before it (fp_mac_transfers_first_slot).
  int32_t last_fp_mac_ = kBeforeBlock / 2, earlier_fp_mac_ = kBeforeBlock / 2;
  uint32_t prev_memory_ = 0;         // memory of the previous instruction's access (0: none or unknown)
  uint64_t stream_256ths_ = 0;   // streaming stalls so far, in 1/256 cycles
  int32_t stream_charged_ = 0;       // of which charged (whole cycles)
  uint32_t stream_bytes_ = 0;        // Flash bytes walked through an accelerator's data lines
  FlashReads flash_reads_;           // the block's other Flash loads (note_accelerator_read)
  int32_t next_min_ = 0;
  int32_t end_ = 0;
  int32_t fp_unit_free_ = 0;  // fp_unit_blocks: when the FP unit can take the next FP instruction
  int32_t fp_end_ = 0;        // fp_unit_blocks: when the block's FP work is done (end_: its issue)
  int32_t first_fp_ = -1;     // issue cycle of the block's first FP-unit instruction (-1: none)
  // Dual issue: the current issue group.
  int32_t group_cycle_ = -1;
  int group_slots_ = 0;
  uint8_t group_resources_ = 0;
  int group_load_bank_ = -1;
  RegMask bank_stable_bases_ = 0;  // see note_bank_stable_bases  // bank of the group's single load, if it may take a second (see load_bank)
  bool group_open_ = false;
  bool group_fp_transfer_ = false;  // the issue group holds a VLDR/VSTR/VMOV (fp_mac_transfers_first_slot)
  bool group_shifted_operand2_ = false, group_excludes_shifted_ = false;  // shifted_operand2_limits
  // Block boundaries (dual issue): see BlockLink.
  bool joining_ = false;
  bool seen_first_ = false;
  RegMask first_reads_ = 0;
  std::array<RegMask, 3> reads_at_{};  // registers read at cycles -1, 0, 1
};

}  // namespace

CycleModel::CycleModel(const CoreTiming& timing, MemoryTiming mem)
    : timing_(timing), mem_(std::move(mem)) {}

std::unique_ptr<CycleModel> CycleModel::create(CoreKind core, MemoryTiming mem) {
  return std::make_unique<CycleModel>(core_timing(core), std::move(mem));
}

std::unique_ptr<CycleModel> CycleModel::create(const CoreTiming& timing, MemoryTiming mem) {
  return std::make_unique<CycleModel>(timing, std::move(mem));
}

BlockTiming CycleModel::time_block(uint32_t address, const std::vector<DecodedInsn>& insns) const {
  Scheduler normal(timing_, mem_);
  BlockTiming out = normal.run(address, insns);
  if (timing_.issue_width > 1 && !insns.empty()) {
    // Rule (block boundaries): time the block a second time as if its first
    // instruction joined the previous block's last issue group; the engine
    // takes the difference off when that group really has room for it.
    Scheduler joined = Scheduler::joining(timing_, mem_);
    joined.run(address, insns);
    BlockLink& link = out.link;
    link.join_saving = static_cast<uint8_t>(std::clamp<int32_t>(normal.end() - joined.end(), 0, 1));
    link.slot_free_when_joined = joined.last_slot_free();
    link.first_resources = timing_.of(insns.front().cls).resources;
    link.join_reads = joined.first_reads();
    link.join_early = joined.reads_at(-1) | joined.reads_at(0) | joined.reads_at(1);
    link.reads_at0 = normal.reads_at(0);
    link.reads_at1 = normal.reads_at(1);
  }
  return out;
}

BlockTiming CycleModel::time_block(uint32_t address, const uint8_t* code, size_t size) const {
  return time_block(address, Disassembler().decode(address, code, size));
}

uint32_t CycleModel::division_cycles(bool is_signed, uint32_t dividend, uint32_t divisor) const {
  if (!timing_.division_early_termination) return 0;
  const uint32_t total = early_termination_division_cycles(is_signed, dividend, divisor);
  const uint32_t counted = timing_.of(InsnClass::Div).occupancy;
  return total > counted ? total - counted : 0;
}

}  // namespace mcusim

#include "sim/timing/timing_engine.h"

#include <algorithm>

#include <fmt/format.h>

#include "sim/errors.h"

namespace mcusim {

namespace {
constexpr uint32_t kCcrDcache = 1u << 16, kCcrIcache = 1u << 17;
}

TimingEngine::TimingEngine(Board& board, const std::string& mode, uint64_t& now) : board_(board), now_(now) {
  if (mode == "fast") mode_ = TimingMode::Fast;
  else if (mode == "accurate") mode_ = TimingMode::Accurate;
  else if (mode == "instructions") mode_ = TimingMode::Instructions;
  else throw InputError(fmt::format("--timing: '{}' is not one of fast, accurate, instructions", mode));
  clocks_.core_hz = clocks_.apb1_timer_hz = clocks_.apb2_timer_hz = board_.clock_hz;
  if (mode_ == TimingMode::Instructions) return;
  // One rule says which cache or Flash accelerator serves an address
  // (MemorySystem). A fetch it serves costs the schedule no wait states:
  // fast timing guesses it hits, accurate timing charges its misses at run
  // time. Fast timing also guesses that literal loads it serves hit;
  // accurate timing times every data access through the memory hooks.
  // docs/timing-model.md says what each leaves out.
  memory_system_ = std::make_unique<MemorySystem>(board_);
  MemoryTiming timing;
  timing.fetch_wait = [this](uint32_t a) {
    const MemoryRegion* r = board_.region_at(a);
    return r && memory_system_->fetch_path(a) == FetchPath::Static ? r->wait_states : 0u;
  };
  if (!accurate()) {
    timing.data_wait = [this](uint32_t a) {
      const MemoryRegion* r = board_.region_at(a);
      return r && !memory_system_->data_cached(a) ? r->wait_states : 0u;
    };
    timing.streaming_read = [this](uint32_t a) { return memory_system_->streaming_read(a, data_objects_.bytes_at(a)); };
    timing.accelerator_read = [this](uint32_t a) { return memory_system_->accelerator_read(a); };
  }
  timing.memory_of = [this](uint32_t a) { return memory_system_->memory_of(a); };
  cycle_model_ = CycleModel::create(board_.core, std::move(timing));
  if (cycle_model_->timing().mispredict_penalty) predictor_.emplace(cycle_model_->timing().branch_target_cache_entries);
  dual_issue_ = cycle_model_->timing().issue_width > 1;
  predicts_or_pairs_ = predictor_.has_value() || dual_issue_;
}

TimingEngine::~TimingEngine() = default;

bool TimingEngine::memory_can_stall() const {
  bool can = board_.icache.size || board_.dcache.size || board_.flash_accelerator.present();
  for (const MemoryRegion& r : board_.regions) can |= r.wait_states || r.mhz_per_wait_state;
  return can;
}

BlockCost TimingEngine::time_block(uint32_t address, const std::vector<DecodedInsn>& insns, uint32_t instructions,
                                   uint32_t index) {
  BlockCost c;
  c.cycles = instructions;
  // Records are kept only where enter_block() reads them (enter_paired()).
  PairedBlock* paired = nullptr;
  if (predicts_or_pairs_) {
    if (paired_.size() <= index) {
      const size_t exit_at = static_cast<size_t>(exit_ - paired_.data());
      paired_.resize(index + 1);
      exit_ = paired_.data() + exit_at;  // the vector may have moved
    }
    paired = &paired_[index];
    *paired = PairedBlock{};
  }
  if (!cycle_model_ || insns.empty()) return c;
  BlockTiming t = cycle_model_->time_block(address, insns);
  c.cycles = t.cycles_not_taken;
  c.taken_extra = t.cycles_taken - t.cycles_not_taken;
  c.branch_entry = t.cycles_branch_entry;
  c.mispredict = t.ends_in_conditional ? t.cycles_mispredict : 0;
  const DecodedInsn& last = insns.back();
  c.backward_branch = t.ends_in_conditional && last.branch_target && *last.branch_target <= last.address;
  c.stall_fraction = t.stall_fraction;
  c.stream_bytes = t.stream_bytes;
  c.flash_reads = std::move(t.flash_reads);
  c.fp_link = fp_link(t);
  c.cycles_before = std::move(t.cycles_before);
  c.fetch_path = accurate() ? memory_system_->fetch_path(address) : fast_fetch_path(address);
  if (paired) {
    // Capped as the simulator caps its copy (HotBlock): both cores see the same costs.
    auto cap = [](uint32_t v) { return static_cast<uint8_t>(std::min<uint32_t>(v, 255)); };
    if (dual_issue_) paired->link = t.link;
    paired->taken_extra = cap(c.taken_extra);
    paired->branch_entry = cap(c.branch_entry);
    paired->mispredict = cap(c.mispredict);
    paired->backward_branch = c.backward_branch;
    paired->fetch_path = c.fetch_path;
    if (predictor_) paired->predictor_set = predictor_->set_of(last.address + last.size);
  }
  return c;
}

// Fast timing takes instruction fetches to hit, except through a Flash
// accelerator's instruction lines with its prefetch off, as HAL and the
// issue's board leave the STM32L4's ART (charged by the simulator through
// fast_fetch(), after the entry): there every 8-byte read of code
// not in its 1 KiB misses, and a kernel's unrolled loop or a layer's code
// does not fit. Fetches are simulated as accurate timing simulates them (a
// look-up per block); the data side stays an estimate. With prefetch on,
// sequential code hits and the rest is under 0.1% (docs/accuracy.md).
FetchPath TimingEngine::fast_fetch_path(uint32_t address) const {
  const FetchPath path = memory_system_->fetch_path(address);
  return path == FetchPath::FlashAccelerator && !(accelerator_ & kAccelPrefetch) ? path : FetchPath::Static;
}

// Memory hooks put every load and store on the engine's slow path: only
// where a cache, an accelerator or wait states can make an access cost
// anything (on the mps2 boards accurate timing is fast timing).
void TimingEngine::hook_memory(Cpu& cpu) {
  if (!accurate() || !memory_can_stall()) return;
  cpu.add_memory_read_hook(&TimingEngine::on_data_read, this);
  cpu.add_memory_write_hook(&TimingEngine::on_data_write, this);
}

// Accurate timing: every data access goes through the memory system; a read
// that misses (or has no cache) stalls for the region's wait states.
void TimingEngine::on_data_read(uc_struct*, int, uint64_t address, int, int64_t, void* self) {
  auto& t = *static_cast<TimingEngine*>(self);
  uint32_t stall = t.memory_system_->read(static_cast<uint32_t>(address));
  t.now_ += stall;
  t.block_stall_ += stall;
}

void TimingEngine::on_data_write(uc_struct*, int, uint64_t address, int, int64_t, void* self) {
  static_cast<TimingEngine*>(self)->memory_system_->write(static_cast<uint32_t>(address));
}

void TimingEngine::set_cache_bits(uint32_t ccr) { ccr_ = ccr & (kCcrIcache | kCcrDcache); }

void TimingEngine::set_accelerator(bool instructions, bool data, bool prefetch) {
  accelerator_ = (instructions ? kAccelInstructions : 0u) | (data ? kAccelData : 0u) | (prefetch ? kAccelPrefetch : 0u);
}

CacheEnables TimingEngine::cache_enables() const {
  CacheEnables e;
  e.icache = ccr_ & kCcrIcache;
  e.dcache = ccr_ & kCcrDcache;
  e.art_instructions = accelerator_ & kAccelInstructions;
  e.art_data = accelerator_ & kAccelData;
  e.art_prefetch = accelerator_ & kAccelPrefetch;
  return e;
}

void TimingEngine::retimed() {
  assumed_ = current_state();
  retime_ = false;
  if (memory_system_) memory_system_->enable(cache_enables());
}

void TimingEngine::set_clocks(const Clocks& c, uint64_t now) {
  seconds_before_ = seconds(now);
  clock_since_ = now;
  bool core_changed = c.core_hz != clocks_.core_hz;
  clocks_ = c;
  if (!core_changed) return;
  // Flash wait states follow the clock (board "mhz_per_wait_state"): time blocks again.
  for (MemoryRegion& r : board_.regions) r.wait_states = wait_states_at(r, c.core_hz);
  if (memory_system_) memory_system_->set_wait_states(board_);
  retime_ = true;
}

std::vector<CacheStats> TimingEngine::cache_statistics() const {
  return accurate() && memory_system_ ? memory_system_->statistics() : std::vector<CacheStats>{};
}

}  // namespace mcusim

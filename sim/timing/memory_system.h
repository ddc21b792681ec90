// Run-time memory timing for `--timing accurate`: which cache or Flash
// accelerator serves each instruction fetch and data access, and the stall
// cycles it costs. The static block schedule treats everything served here as
// zero-wait; docs/timing-model.md ("Accurate timing") gives the rules.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "profiler/profile.h"
#include "sim/board.h"
#include "sim/timing/cache_model.h"
#include "sim/timing/cycle_model.h"

namespace mcusim {

// What the firmware has switched on, as the SCB and FLASH_ACR registers say.
struct CacheEnables {
  bool icache = false, dcache = false;  // Cortex-M7 CCR.IC / CCR.DC
  bool art_instructions = false, art_data = false, art_prefetch = false;  // STM32 FLASH_ACR ICEN / DCEN / PRFTEN
  bool operator==(const CacheEnables&) const = default;
};

// How the instruction fetches of one block are served (fixed per translated block).
enum class FetchPath : uint8_t { Static, InstructionCache, FlashAccelerator };

class MemorySystem {
 public:
  explicit MemorySystem(const Board& board);

  // A cache switched on starts empty, as after the invalidation CMSIS's
  // SCB_EnableICache/SCB_EnableDCache do first.
  void enable(const CacheEnables& enables);
  const CacheEnables& enables() const { return enables_; }
  // The core clock changed: wait states of regions that follow it change too.
  void set_wait_states(const Board& board);

  // Static: the block schedule charges the region's wait states itself.
  FetchPath fetch_path(uint32_t address) const;
  // Whether a data read at `address` goes through the D-cache or the
  // accelerator's data cache now (no state change).
  bool data_cached(uint32_t address) const;
  // Stall cycles for fetching every line of [begin, end) through `path`.
  // The Flash accelerator's path is inline (fast timing takes it on every
  // block of the STM32L4), in the Flash span the last fetch was in.
  uint32_t fetch(FetchPath path, uint32_t begin, uint32_t end) {
    if (path == FetchPath::FlashAccelerator && fetch_span_ && begin - fetch_span_->base <= fetch_span_->last - fetch_span_->base)
        [[likely]]
      return art_->fetch(begin, end) * fetch_span_->wait_states;
    return fetch_elsewhere(path, begin, end);
  }
  // The same for a block that keeps its own memo of the accelerator's
  // lines (fast timing): a fetch whose lines are all still there costs
  // nothing, whichever span it is in.
  uint32_t fetch(FetchPath path, uint32_t begin, uint32_t end, ArtFetchMemo& memo) {
    if (path == FetchPath::FlashAccelerator && art_->replay(memo)) [[likely]] return 0;
    return fetch_elsewhere(path, begin, end, &memo);
  }
  // The first step of that on the accelerator's path: true when no line
  // has left since the memo's fetch, which then hits all over again (no
  // stall); false, with nothing done, when fetch() must see to it.
  bool replay_fetch(ArtFetchMemo& memo) { return art_->replay_if_current(memo); }
  // Stall cycles of one data read. Writes never stall (the write buffer
  // absorbs them) but allocate in a write-allocate D-cache.
  uint32_t read(uint32_t address);
  void write(uint32_t address);

  // Fast timing's estimate for reads walking sequentially through `address`
  // with the caches as enabled now (no state change). `footprint`: bytes of
  // the constant object walked (0: unknown); one the cache serving the read
  // can hold is assumed to stay there between its reuses.
  StreamingReadCost streaming_read(uint32_t address, uint32_t footprint = 0) const;
  // Fast timing: what a read at `address` costs when it misses in a Flash
  // accelerator's data lines (its `wait`, read width as bytes_per_wait,
  // cache_lines and line_bytes), for a load the block does not walk; zero
  // where no accelerator's data cache serves the address.
  StreamingReadCost accelerator_read(uint32_t address) const;
  // The memory `address` is stored in (aliases count as their target), 1-based; 0 outside memory.
  uint32_t memory_of(uint32_t address) const;

  // Hit/miss counts of every cache or accelerator the board has.
  std::vector<CacheStats> statistics() const;

 private:
  struct Span {  // a memory region as the timing sees it
    uint32_t base = 0, last = 0;
    uint32_t wait_states = 0;
    bool flash = false;
    bool cacheable = false;        // M7 L1: Flash and SRAM, never TCM or peripherals
    bool write_allocate = false;   // SRAM (default memory map: write-back, write-allocate)
    bool accelerated = false;      // reached through the Flash accelerator (FlashAcceleratorSpec::serves)
    uint32_t memory = 0;           // storage it belongs to, 1-based (memory_of)
  };
  uint32_t fetch_elsewhere(FetchPath path, uint32_t begin, uint32_t end, ArtFetchMemo* memo = nullptr);
  StreamingReadCost accelerator_data_read(const Span& s) const;
  const Span* find_span(uint32_t address) const;
  const Span* span_at(uint32_t address);  // find_span, remembering the last one found

  std::vector<Span> spans_;
  const Span* last_span_ = nullptr;
  const Span* fetch_span_ = nullptr;  // the span of the last fetch through the accelerator
  CacheEnables enables_;
  bool has_art_ = false;
  std::optional<SetAssociativeCache> icache_, dcache_;
  std::optional<ArtAccelerator> art_;
};

}  // namespace mcusim

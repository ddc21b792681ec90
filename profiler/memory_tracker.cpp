#include "profiler/memory_tracker.h"

#include <algorithm>
#include <cstring>

namespace mcusim {

namespace {
// Large RAM regions (e.g. 16 MiB PSRAM on MPS2) are tracked only where the
// image or the stack and heap live, so snapshots stay cheap.
constexpr uint32_t kFullTrackLimit = 1u << 20;
}  // namespace

MemoryTracker::MemoryTracker(MemoryMap& memory, const Board& board, uint32_t stack_limit, uint32_t stack_top,
                             uint32_t heap_base, uint32_t heap_limit)
    : memory_(memory), stack_limit_(stack_limit), stack_top_(stack_top), heap_base_(heap_base), heap_limit_(heap_limit) {
  for (const MemoryRegion* r : board.storage_regions()) {
    if (r->kind == RegionKind::Flash || r->executable) continue;
    uint32_t begin = r->base, end = static_cast<uint32_t>(r->end() - 1) + 1;
    if (r->size > kFullTrackLimit) {
      bool holds_stack = r->contains(stack_top_ - 4);
      if (!holds_stack && !r->contains(heap_base_)) continue;
      begin = r->base;
      end = holds_stack ? stack_top_ : std::min<uint64_t>(r->end(), uint64_t{heap_base_} + kFullTrackLimit);
    }
    tracked_.push_back({r, memory.host(begin, end - begin), begin, end, {}});
  }
}

void MemoryTracker::paint_before_run(const std::vector<std::pair<uint32_t, uint32_t>>& loaded_ranges) {
  for (Tracked& t : tracked_) {
    if (!t.bytes) continue;
    std::vector<uint8_t> keep(t.end - t.begin, 0);
    for (auto [lo, hi] : loaded_ranges) {
      uint32_t a = std::max(lo, t.begin), b = std::min(hi, t.end);
      if (a < b) std::fill(keep.begin() + (a - t.begin), keep.begin() + (b - t.begin), 1);
    }
    for (uint32_t i = 0; i < keep.size(); ++i)
      if (!keep[i]) t.bytes[i] = static_cast<uint8_t>(kPaint);
  }
}

uint32_t MemoryTracker::stack_depth_since_paint() const {
  if (stack_top_ <= stack_limit_) return 0;
  const uint8_t* p = memory_.host(stack_limit_, stack_top_ - stack_limit_);
  if (!p) return 0;
  uint32_t n = stack_top_ - stack_limit_;
  uint32_t i = 0;
  while (i + 4 <= n) {
    uint32_t w;
    std::memcpy(&w, p + i, 4);
    if (w != kPaint) break;
    i += 4;
  }
  return n - i;
}

void MemoryTracker::repaint_stack_below(uint32_t sp) {
  if (sp <= stack_limit_ || sp > stack_top_) return;
  uint8_t* p = memory_.host(stack_limit_, sp - stack_limit_);
  if (p) std::memset(p, 0xCD, sp - stack_limit_);
}

uint64_t MemoryTracker::heap_high_water() const {
  if (heap_limit_ <= heap_base_) return 0;
  uint32_t length = std::min<uint32_t>(heap_limit_ - heap_base_, stack_limit_ > heap_base_ ? stack_limit_ - heap_base_ : 0);
  const uint8_t* p = memory_.host(heap_base_, length);
  if (!p) return 0;
  uint32_t top = length & ~3u;
  while (top >= 4) {
    uint32_t w;
    std::memcpy(&w, p + top - 4, 4);
    if (w != kPaint) break;
    top -= 4;
  }
  return top;
}

void MemoryTracker::snapshot() {
  for (Tracked& t : tracked_)
    if (t.bytes) t.snapshot.assign(t.bytes, t.bytes + (t.end - t.begin));
}

uint64_t MemoryTracker::bytes_changed_since_snapshot() const {
  uint64_t changed = 0;
  for (const Tracked& t : tracked_) {
    if (!t.bytes || t.snapshot.size() != t.end - t.begin) continue;
    for (uint32_t i = 0; i < t.snapshot.size(); ++i) changed += t.bytes[i] != t.snapshot[i];
  }
  return changed;
}

void MemoryTracker::fill_regions(MemoryProfile& out) const {
  for (RegionUsage& r : out.regions) {
    for (const Tracked& t : tracked_) {
      if (t.region->name != r.name || !t.bytes) continue;
      uint64_t written = 0;
      for (uint32_t i = 0; i < t.end - t.begin; ++i) written += t.bytes[i] != 0xCD;
      r.written_bytes = written;
    }
  }
}

}  // namespace mcusim

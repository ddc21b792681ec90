#include "profiler/memory_tracker.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "profiler/huge_pages.h"

namespace mcusim {

namespace {
// Large RAM regions (e.g. 16 MiB PSRAM on MPS2) are tracked only where the
// image or the stack and heap live, so snapshots stay cheap.
constexpr uint32_t kFullTrackLimit = 1u << 20;
// Bytes in [bytes, bytes + size) that no longer hold the paint. Most of a
// large RAM region still holds it at the end of a run: whole 4 KiB pages
// are compared with memcmp against a painted page (vector code: 0.95 M host
// instructions on mps2-an386's 4 MiB, where the eight-byte loop it replaced
// took 5.4 M), and only the pages that differ are counted byte by byte.
uint64_t bytes_not_painted(const uint8_t* bytes, uint32_t size) {
  constexpr uint32_t kPage = 4096;
  static constexpr uint8_t kPaintByte = MemoryTracker::kPaint & 0xFF;
  static const std::array<uint8_t, kPage> painted_page = [] {
    std::array<uint8_t, kPage> page;
    page.fill(kPaintByte);
    return page;
  }();
  uint64_t changed = 0;
  for (uint32_t at = 0; at < size; at += kPage) {
    uint32_t n = std::min(kPage, size - at);
    if (std::memcmp(bytes + at, painted_page.data(), n) == 0) continue;
    for (uint32_t k = 0; k < n; ++k) changed += bytes[at + k] != kPaintByte;
  }
  return changed;
}

}  // namespace

MemoryTracker::MemoryTracker(MemoryMap& memory, const Board& board, const MemoryLayout& layout)
    : memory_(memory), layout_(layout) {
  uint32_t stack_top = layout_.stack_top, heap_base = layout_.heap_base.address;
  for (const MemoryRegion* r : board.storage_regions()) {
    if (r->kind == RegionKind::Flash || !r->writable) continue;  // RAM, whether code may run from it or not
    uint32_t begin = r->base, end = static_cast<uint32_t>(r->end() - 1) + 1;
    if (r->size > kFullTrackLimit) {
      bool holds_stack = r->contains(stack_top - 4);
      if (!holds_stack && !r->contains(heap_base)) continue;
      begin = r->base;
      end = holds_stack ? stack_top : std::min<uint64_t>(r->end(), uint64_t{heap_base} + kFullTrackLimit);
    }
    tracked_.push_back({r, memory.host(begin, end - begin), begin, end, {}});
  }
}

void MemoryTracker::paint_before_run(const std::vector<std::pair<uint32_t, uint32_t>>& loaded_ranges) {
  for (Tracked& t : tracked_) {
    if (!t.bytes) continue;
    advise_huge_pages(t.bytes, t.end - t.begin);  // every page is touched now
    // Paint the gaps between the loaded ranges that overlap the tracked one,
    // a run at a time.
    std::vector<std::pair<uint32_t, uint32_t>> keep;
    for (auto [lo, hi] : loaded_ranges) {
      uint32_t a = std::max(lo, t.begin), b = std::min(hi, t.end);
      if (a < b) keep.emplace_back(a, b);
    }
    std::sort(keep.begin(), keep.end());
    uint32_t at = t.begin;
    for (auto [a, b] : keep) {
      if (a > at) std::memset(t.bytes + (at - t.begin), kPaint & 0xFF, a - at);
      at = std::max(at, b);
    }
    if (at < t.end) std::memset(t.bytes + (at - t.begin), kPaint & 0xFF, t.end - at);
  }
}

bool MemoryTracker::holds(uint32_t address, uint32_t value) const {
  const uint8_t* p = memory_.host(address, 4);
  if (!p) return false;
  uint32_t w;
  std::memcpy(&w, p, 4);
  return w == value;
}

bool MemoryTracker::painted(uint32_t address) const { return holds(address, kPaint); }

std::optional<uint32_t> MemoryTracker::heap_break(std::string* source) const {
  // The heap lies below the stack (newlib's layout) or, when the stack is an
  // object below static data, above it, up to its limit (the end of its RAM).
  uint32_t base = layout_.heap_base.address, top = std::max(layout_.stack_top, layout_.heap_limit.address);
  if (top < base) return std::nullopt;
  for (const MemoryLayout::BreakVariable& v : layout_.heap_break_variables) {
    uint32_t brk = 0;
    if (memory_.read(v.address, &brk, 4) && brk >= base && brk <= top) {  // null until _sbrk first runs
      if (source) *source = v.name;
      return brk;
    }
  }
  uint32_t sbrked = 0;
  if (layout_.heap_sbrked_variable && memory_.read(layout_.heap_sbrked_variable, &sbrked, 4) && sbrked <= top - base) {
    if (source) *source = "heap base + __malloc_max_sbrked_mem";
    return base + sbrked;
  }
  if (layout_.heap_break_variables.empty()) return std::nullopt;
  if (source) *source = layout_.heap_break_variables[0].name;
  return base;  // no _sbrk call yet: the heap is empty
}

std::optional<uint32_t> MemoryTracker::stack_floor() const {
  uint32_t floor = layout_.stack_limit.address;
  if (layout_.heap_shares_stack_ram()) {
    std::optional<uint32_t> brk = heap_break();
    if (!brk) return std::nullopt;  // heap writes look like stack writes
    floor = std::max(floor, *brk);
  }
  return (floor + 3) & ~3u;
}

uint32_t MemoryTracker::stack_depth_since_paint(uint32_t lowest_sp) const {
  uint32_t top = layout_.stack_top, limit = layout_.stack_limit.address;
  if (top <= limit) return 0;
  uint32_t deepest = std::clamp(lowest_sp, limit, top) & ~3u;
  if (std::optional<uint32_t> floor = stack_floor()) {
    // Everything between the floor and the stack top is the stack's: the
    // first word written above the floor is its deepest point.
    uint32_t a = *floor;
    uint32_t unused = kPaint;
    if (layout_.stack_is_object) {  // zeroed or filled by start-up code: its lowest word says with what
      unused = 0;
      if (!memory_.read(a, &unused, 4)) unused = kPaint;
    }
    while (a < deepest && holds(a, unused)) a += 4;
    deepest = std::min(deepest, a);
  } else {
    // The heap may have written below: count only the words written
    // contiguously below the lowest stack pointer (exception frames, leaf
    // functions' red zone).
    while (deepest >= limit + 4 && !painted(deepest - 4)) deepest -= 4;
  }
  return top - deepest;
}

void MemoryTracker::repaint_stack_below(uint32_t sp) {
  std::optional<uint32_t> floor = stack_floor();
  if (!floor || sp <= *floor || sp > layout_.stack_top) return;
  for (uint32_t a = *floor; a + 4 <= (sp & ~3u); a += 4)
    if (uint8_t* p = memory_.host(a, 4)) std::memset(p, 0xCD, 4);
}

uint64_t MemoryTracker::heap_high_water(uint32_t lowest_sp) const {
  uint32_t base = layout_.heap_base.address, limit = layout_.heap_limit.address;
  if (heap_from_break()) {
    std::optional<uint32_t> brk = heap_break();
    return brk ? *brk - base : 0;
  }
  // No heap symbol, and no room below the stack to guess one in: no heap
  // (heap_method says so). Scanning from address 0 would count Flash.
  if (!has_heap()) return 0;
  if (layout_.heap_shares_stack_ram()) limit = std::min(limit, layout_.stack_top - stack_depth_since_paint(lowest_sp));
  if (limit <= base) return 0;
  uint32_t top = base + ((limit - base) & ~3u);
  while (top >= base + 4 && painted(top - 4)) top -= 4;
  return top - base;
}

std::string MemoryTracker::break_name() const {
  std::string name;
  heap_break(&name);
  return name;
}

std::string MemoryTracker::stack_method() const {
  if (!stack_floor())
    return fmt::format("estimate: lowest stack pointer and the words written below it; the heap's top is unknown (heap from {} "
                       "shares {} with the stack)", layout_.heap_base.source, layout_.ram_name);
  if (layout_.heap_shares_stack_ram())
    return fmt::format("painted stack from the initial SP down to the heap's break ({})", break_name());
  return fmt::format("painted stack from the initial SP down to {}", layout_.stack_limit.source);
}

std::string MemoryTracker::heap_method() const {
  if (heap_from_break())
    return fmt::format("newlib's break ({}) minus the heap base ({})", break_name(), layout_.heap_base.source);
  if (!has_heap()) return "no heap: the ELF defines no heap base symbol";
  if (!layout_.heap_base.from_symbol)
    return fmt::format("estimate: highest word written above the {}, below the stack (the ELF names no heap)",
                       layout_.heap_base.source);
  return fmt::format("estimate: highest word written above the heap base ({}); no _sbrk break variable in the ELF",
                     layout_.heap_base.source);
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
      r.written_bytes = bytes_not_painted(t.bytes, t.end - t.begin);
    }
  }
}

}  // namespace mcusim

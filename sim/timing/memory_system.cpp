#include "sim/timing/memory_system.h"

namespace mcusim {

MemorySystem::MemorySystem(const Board& board) {
  bool m7 = board.core == CoreKind::CortexM7;
  const std::vector<const MemoryRegion*> storage = board.storage_regions();
  for (const MemoryRegion& r : board.regions) {
    if (r.kind == RegionKind::Peripheral || r.size == 0) continue;
    Span s;
    s.base = r.base;
    s.last = r.base + (r.size - 1);
    s.wait_states = r.wait_states;
    s.flash = r.kind == RegionKind::Flash;
    s.accelerated = board.flash_accelerator.serves(r);
    // Armv7-M default memory map: Code (Flash) is write-through, SRAM
    // write-back write-allocate; TCMs bypass the L1 caches (Cortex-M7 TRM
    // 5.9), and so does Flash reached through the ITCM (the F7's ART path).
    s.cacheable = m7 && (r.kind == RegionKind::Flash || r.kind == RegionKind::Sram) &&
                  !(s.accelerated && !board.flash_accelerator.path.empty());
    s.write_allocate = s.cacheable && r.kind == RegionKind::Sram;
    const std::string& stored_in = r.alias_of.empty() ? r.name : r.alias_of;
    for (size_t i = 0; i < storage.size(); ++i)
      if (storage[i]->name == stored_in) s.memory = static_cast<uint32_t>(i + 1);
    spans_.push_back(s);
  }
  if (m7 && board.icache.size) icache_.emplace(board.icache.size, board.icache.ways, board.icache.line);
  if (m7 && board.dcache.size) dcache_.emplace(board.dcache.size, board.dcache.ways, board.dcache.line);
  if (const FlashAcceleratorSpec& a = board.flash_accelerator; a.present()) {
    art_.emplace(ArtGeometry{a.line_bytes, a.instruction_lines, a.data_lines, a.ways, a.read_bytes, a.prefetch},
                 false);
  }
}

void MemorySystem::set_wait_states(const Board& board) {
  for (Span& s : spans_)
    if (const MemoryRegion* r = board.region_at(s.base)) s.wait_states = r->wait_states;
}

void MemorySystem::enable(const CacheEnables& e) {
  if (icache_ && e.icache && !enables_.icache) icache_->invalidate();
  if (dcache_ && e.dcache && !enables_.dcache) dcache_->invalidate();
  if (art_) {
    if ((e.art_instructions && !enables_.art_instructions) || (e.art_data && !enables_.art_data)) art_->invalidate();
    art_->set_prefetch(e.art_prefetch);
  }
  enables_ = e;
}

const MemorySystem::Span* MemorySystem::find_span(uint32_t address) const {
  for (const Span& s : spans_)
    if (address - s.base <= s.last - s.base) return &s;
  return nullptr;  // peripherals and unmapped space: no memory wait states
}

const MemorySystem::Span* MemorySystem::span_at(uint32_t address) {
  if (last_span_ && address - last_span_->base <= last_span_->last - last_span_->base) return last_span_;
  const Span* s = find_span(address);
  if (s) last_span_ = s;
  return s;
}

FetchPath MemorySystem::fetch_path(uint32_t address) const {
  const Span* s = find_span(address);
  if (!s) return FetchPath::Static;
  if (icache_ && enables_.icache && s->cacheable) return FetchPath::InstructionCache;
  if (art_ && enables_.art_instructions && s->accelerated) return FetchPath::FlashAccelerator;
  return FetchPath::Static;
}

bool MemorySystem::data_cached(uint32_t address) const {
  const Span* s = find_span(address);
  return s && ((s->cacheable && enables_.dcache && dcache_) || (s->accelerated && enables_.art_data && art_ &&
                                                                 art_->geometry().data_lines));
}

uint32_t MemorySystem::fetch_elsewhere(FetchPath path, uint32_t begin, uint32_t end, ArtFetchMemo* memo) {
  const Span* s = span_at(begin);
  if (!s || end <= begin) return 0;
  uint32_t stall = 0;
  if (path == FetchPath::InstructionCache) {
    const uint32_t line = icache_->line_bytes();
    for (uint32_t a = begin & ~(line - 1); a < end; a += line)
      if (!icache_->access(a)) stall += s->wait_states;
  } else if (path == FetchPath::FlashAccelerator) {
    fetch_span_ = s;
    // With a memo, fetch() has had the memo's replay() decline.
    stall = (memo ? art_->fetch_lines(begin, end, *memo) : art_->fetch(begin, end)) * s->wait_states;
  }
  return stall;
}

uint32_t MemorySystem::read(uint32_t address) {
  const Span* s = span_at(address);
  if (!s) return 0;
  if (s->cacheable && enables_.dcache && dcache_) return dcache_->access(address) ? 0 : s->wait_states;
  if (s->accelerated && enables_.art_data && art_) return art_->data_access(address) ? 0 : s->wait_states;
  return s->wait_states;
}

StreamingReadCost MemorySystem::streaming_read(uint32_t address, uint32_t footprint) const {
  const Span* s = find_span(address);
  if (!s || s->wait_states == 0) return {};
  // A walk through an object larger than the cache, or of unknown size, is
  // assumed never to come back, which fits weights read from Flash once per
  // inference. A walk through an object the cache can hold whole is assumed
  // to be re-read (a convolution's weights, for every pixel) and to hit
  // (model choice; its first pass is not charged). A cached walk through RAM
  // is assumed to hit: activations are read soon after a write-allocate
  // D-cache took them in (model choice). Capacities, board data: the
  // D-cache's size; the accelerator's data lines times their length
  // (docs/timing-model.md, "Data in Flash", gives the sources).
  const auto fits = [footprint](uint32_t capacity) { return footprint != 0 && footprint <= capacity; };
  if (s->cacheable && enables_.dcache && dcache_) {
    if (!s->flash || fits(dcache_->size_bytes())) return {};
    return {s->wait_states, dcache_->line_bytes(), dcache_->size_bytes() / dcache_->line_bytes()};
  }
  if (const StreamingReadCost art = accelerator_data_read(*s); art.cache_lines)
    return fits(art.cache_lines * art.line_bytes) ? StreamingReadCost{} : art;
  return {s->wait_states, 0};
}

StreamingReadCost MemorySystem::accelerator_read(uint32_t address) const {
  const Span* s = find_span(address);
  if (!s || s->wait_states == 0 || (s->cacheable && enables_.dcache && dcache_)) return {};
  return accelerator_data_read(*s);
}

// A data read of span `s` served by the accelerator's data lines: a miss
// costs the span's wait states, once per Flash read width.
StreamingReadCost MemorySystem::accelerator_data_read(const Span& s) const {
  if (!s.accelerated || !enables_.art_data || !art_ || !art_->geometry().data_lines) return {};
  const ArtGeometry& g = art_->geometry();
  return {s.wait_states, g.read_bytes, g.data_lines, g.line_bytes};
}

uint32_t MemorySystem::memory_of(uint32_t address) const {
  const Span* s = find_span(address);
  return s ? s->memory : 0;
}

void MemorySystem::write(uint32_t address) {
  const Span* s = span_at(address);
  if (s && s->write_allocate && enables_.dcache && dcache_) dcache_->access(address);
}

std::vector<CacheStats> MemorySystem::statistics() const {
  std::vector<CacheStats> out;
  if (icache_) out.push_back({"icache", icache_->hits(), icache_->misses()});
  if (dcache_) out.push_back({"dcache", dcache_->hits(), dcache_->misses()});
  if (art_) {
    out.push_back({"art-instructions", art_->hits(), art_->misses()});
    out.push_back({"art-data", art_->data_stats().hits, art_->data_stats().misses});
  }
  return out;
}

}  // namespace mcusim

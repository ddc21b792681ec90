#include "profiler/cycle_model/cache_model.h"

#include <bit>
#include <stdexcept>
#include <string>

namespace mcusim {

SetAssociativeCache::SetAssociativeCache(uint32_t size_bytes, uint32_t ways, uint32_t line_bytes)
    : ways_(ways), line_bytes_(line_bytes), sets_(0), line_shift_(0) {
  if (ways == 0 || line_bytes == 0 || !std::has_single_bit(line_bytes) ||
      size_bytes % (ways * line_bytes) != 0 || size_bytes / (ways * line_bytes) == 0) {
    throw std::invalid_argument("cache geometry: size " + std::to_string(size_bytes) +
                                " bytes is not a multiple of " + std::to_string(ways) +
                                " ways x " + std::to_string(line_bytes) + "-byte lines");
  }
  sets_ = size_bytes / (ways * line_bytes);
  if (!std::has_single_bit(sets_)) {
    throw std::invalid_argument("cache geometry: " + std::to_string(sets_) +
                                " sets is not a power of two");
  }
  line_shift_ = static_cast<uint32_t>(std::countr_zero(line_bytes));
  lines_.resize(static_cast<size_t>(sets_) * ways_);
}

bool SetAssociativeCache::contains(uint32_t addr) const {
  const uint32_t line = addr >> line_shift_;
  const uint32_t set = line & (sets_ - 1);
  const uint32_t tag = line / sets_;
  const Way* w = &lines_[static_cast<size_t>(set) * ways_];
  for (uint32_t i = 0; i < ways_; ++i) {
    if (w[i].valid && w[i].tag == tag) return true;
  }
  return false;
}

bool SetAssociativeCache::access(uint32_t addr) {
  const uint32_t line = addr >> line_shift_;
  // The most recently used line again (sequential code and data): already
  // first in LRU order, so nothing changes but the count.
  if (mru_valid_ && line == mru_line_) {
    ++stats_.hits;
    return true;
  }
  mru_valid_ = true;
  mru_line_ = line;
  const uint32_t set = line & (sets_ - 1);
  const uint32_t tag = line / sets_;
  Way* w = &lines_[static_cast<size_t>(set) * ways_];
  ++clock_;
  Way* victim = &w[0];
  for (uint32_t i = 0; i < ways_; ++i) {
    if (w[i].valid && w[i].tag == tag) {
      w[i].last_use = clock_;
      ++stats_.hits;
      return true;
    }
    // Prefer an invalid way, then the least recently used one.
    if (!w[i].valid) {
      if (victim->valid) victim = &w[i];
    } else if (victim->valid && w[i].last_use < victim->last_use) {
      victim = &w[i];
    }
  }
  victim->valid = true;
  victim->tag = tag;
  victim->last_use = clock_;
  ++stats_.misses;
  return false;
}

void SetAssociativeCache::invalidate() {
  for (Way& w : lines_) w = Way{};
  mru_valid_ = false;
}

ArtAccelerator::ArtAccelerator(bool prefetch)
    : icache_(kInstructionLines * kLineBytes, kInstructionLines, kLineBytes),
      data_(kDataLines * kLineBytes, kDataLines, kLineBytes),
      prefetch_(prefetch) {}

bool ArtAccelerator::access(uint32_t addr) {
  const uint32_t line = addr / kLineBytes;
  bool hit = icache_.access(addr);  // allocates on a miss
  if (!hit && prefetch_valid_ && prefetch_line_ == line) {
    hit = true;
    ++prefetch_hits_;
  }
  if (prefetch_) {
    prefetch_valid_ = true;
    prefetch_line_ = line + 1;
  }
  if (hit) {
    ++stats_.hits;
  } else {
    ++stats_.misses;
  }
  return hit;
}

bool ArtAccelerator::data_access(uint32_t addr) { return data_.access(addr); }

void ArtAccelerator::invalidate() {
  icache_.invalidate();
  data_.invalidate();
  prefetch_valid_ = false;
}

}  // namespace mcusim

#include "sim/timing/cache_model.h"

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

SectoredCache::SectoredCache(uint32_t lines, uint32_t ways, uint32_t line_bytes, uint32_t read_bytes)
    : ways_(ways == 0 ? lines : ways), sets_(0), line_shift_(0), read_shift_(0) {
  if (lines == 0 || ways_ == 0 || lines % ways_ != 0 || !std::has_single_bit(lines / ways_) ||
      !std::has_single_bit(line_bytes) || !std::has_single_bit(read_bytes) || read_bytes > line_bytes ||
      line_bytes / read_bytes > 32) {
    throw std::invalid_argument("accelerator geometry: " + std::to_string(lines) + " lines, " +
                                std::to_string(ways) + " ways, " + std::to_string(line_bytes) + "-byte lines, " +
                                std::to_string(read_bytes) + "-byte reads");
  }
  sets_ = lines / ways_;
  line_shift_ = static_cast<uint32_t>(std::countr_zero(line_bytes));
  read_shift_ = static_cast<uint32_t>(std::countr_zero(read_bytes));
  lines_.resize(lines);
}

bool SectoredCache::access(uint32_t addr) {
  const uint32_t line = addr >> line_shift_;
  const uint32_t read_bit = 1u << ((addr >> read_shift_) & ((1u << (line_shift_ - read_shift_)) - 1));
  const uint32_t set = line & (sets_ - 1);
  const uint32_t tag = line / sets_;
  Line* w = &lines_[static_cast<size_t>(set) * ways_];
  ++clock_;
  Line* victim = &w[0];
  for (uint32_t i = 0; i < ways_; ++i) {
    if (w[i].valid && w[i].tag == tag) {
      w[i].last_use = clock_;
      const bool hit = (w[i].filled & read_bit) != 0;
      w[i].filled |= read_bit;
      ++(hit ? stats_.hits : stats_.misses);
      return hit;
    }
    if (!w[i].valid) {
      if (victim->valid) victim = &w[i];
    } else if (victim->valid && w[i].last_use < victim->last_use) {
      victim = &w[i];
    }
  }
  *victim = Line{tag, read_bit, clock_, true};
  ++stats_.misses;
  return false;
}

void SectoredCache::invalidate() {
  for (Line& l : lines_) l = Line{};
}

ArtAccelerator::ArtAccelerator(const ArtGeometry& geometry, bool prefetch)
    : geometry_(geometry),
      icache_(geometry.instruction_lines, geometry.ways, geometry.line_bytes, geometry.read_bytes),
      prefetch_(prefetch && geometry.has_prefetch) {
  if (geometry.data_lines) data_.emplace(geometry.data_lines, geometry.ways, geometry.line_bytes, geometry.read_bytes);
}

bool ArtAccelerator::access(uint32_t addr) {
  const uint32_t read = addr / geometry_.read_bytes;
  bool hit = icache_.access(addr);  // allocates on a miss
  if (!hit && prefetch_valid_ && prefetch_read_ == read) {
    hit = true;
    ++prefetch_hits_;
  }
  if (prefetch_) {
    prefetch_valid_ = true;
    prefetch_read_ = read + 1;
  }
  ++(hit ? stats_.hits : stats_.misses);
  return hit;
}

bool ArtAccelerator::data_access(uint32_t addr) {
  const bool hit = data_ && data_->access(addr);
  ++(hit ? data_stats_.hits : data_stats_.misses);
  return hit;
}

void ArtAccelerator::invalidate() {
  icache_.invalidate();
  if (data_) data_->invalidate();
  prefetch_valid_ = false;
}

}  // namespace mcusim

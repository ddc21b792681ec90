#include "sim/timing/cache_model.h"

#include <algorithm>
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
  if (lines == 0 || lines > 65536 || ways_ == 0 || lines % ways_ != 0 || !std::has_single_bit(lines / ways_) ||
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
  const uint32_t read_bit = 1u << ((addr >> read_shift_) & ((1u << (line_shift_ - read_shift_)) - 1));
  uint16_t slot = 0;
  return access_reads(addr >> line_shift_, read_bit, 1, slot) == 0;
}

uint32_t SectoredCache::access_reads(uint32_t line, uint32_t mask, uint32_t count, uint16_t& slot) {
  ++clock_;
  // Counted as hits first: missing reads are rare, and popcount is a
  // library call on a baseline x86-64 build.
  stats_.hits += count;
  const auto present = [&](Line& l) {
    l.last_use = clock_;
    const uint32_t missing = mask & ~l.filled;
    if (missing) [[unlikely]] {
      l.filled |= mask;
      const auto m = static_cast<uint64_t>(std::popcount(missing));
      stats_.hits -= m;
      stats_.misses += m;
    }
    return missing;
  };
  uint16_t& hint = hints_[line % kHints];
  if (Line& h = lines_[hint]; h.valid && h.line == line) {
    slot = hint;
    return present(h);
  }
  const uint32_t set = line & (sets_ - 1);
  Line* w = &lines_[static_cast<size_t>(set) * ways_];
  Line* victim = &w[0];
  for (uint32_t i = 0; i < ways_; ++i) {
    if (w[i].valid && w[i].line == line) {
      slot = hint = static_cast<uint16_t>(&w[i] - lines_.data());
      return present(w[i]);
    }
    if (!w[i].valid) {
      if (victim->valid) victim = &w[i];
    } else if (victim->valid && w[i].last_use < victim->last_use) {
      victim = &w[i];
    }
  }
  if (victim->valid) ++generation_;
  *victim = Line{line, mask, clock_, true};
  slot = hint = static_cast<uint16_t>(victim - lines_.data());
  stats_.hits -= count;
  stats_.misses += count;
  return mask;
}

void SectoredCache::invalidate() {
  for (Line& l : lines_) l = Line{};
  ++generation_;
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

bool ArtAccelerator::still_held(ArtFetchMemo& memo) const {
  if (memo.generation == ~0ull) return false;
  for (uint32_t i = 0; i < memo.lines; ++i)
    if (!icache_.holds(memo.slots[i], memo.line[i], memo.mask[i])) return false;
  memo.generation = icache_.generation();
  return true;
}

uint32_t ArtAccelerator::fetch_lines(uint32_t begin, uint32_t end, ArtFetchMemo& memo) {
  if (end <= begin) {
    memo = ArtFetchMemo{};  // the table may have handed over another range's memo
    return 0;
  }
  const uint32_t read_shift = icache_.read_shift(), per_line_shift = icache_.line_shift() - read_shift;
  const uint32_t in_line = (1u << per_line_shift) - 1;
  const uint32_t last = (end - 1) >> read_shift;
  uint32_t misses = 0;
  memo.lines = 0;
  for (uint32_t first = begin >> read_shift;;) {
    // The reads of one line in the range: first..line_last.
    const uint32_t line_last = std::min(last, first | in_line);
    const uint32_t lo = first & in_line, count = line_last - first + 1;
    const uint32_t mask = ((2u << (count - 1)) - 1) << lo;  // count <= 32: 2u << 31 wraps to 0, all bits
    uint16_t slot = 0;
    if (uint32_t missing = icache_.access_reads(first >> per_line_shift, mask, count, slot)) [[unlikely]] {
      // The prefetch buffer holds the read after the previous instruction
      // read: within a sequential range, every read but the range's first,
      // and that one when the previous fetch ended just before it.
      if (prefetch_) {
        const bool first_served = prefetch_valid_ && prefetch_read_ == first;
        const uint32_t served = missing & (first_served ? ~0u : ~(1u << lo));
        prefetch_hits_ += static_cast<uint64_t>(std::popcount(served));
        missing &= ~served;
      }
      const auto m = static_cast<uint32_t>(std::popcount(missing));
      misses += m;
      stats_.misses += m;
      stats_.hits -= m;
    }
    stats_.hits += count;
    if (prefetch_) {
      prefetch_valid_ = true;
      prefetch_read_ = line_last + 1;
    }
    if (memo.lines < memo.slots.size()) {
      memo.slots[memo.lines] = slot;
      memo.line[memo.lines] = first >> per_line_shift;
      memo.mask[memo.lines] = mask;
    }
    ++memo.lines;
    if (line_last == last) break;
    first = line_last + 1;
  }
  // Every read of the range is in the I-cache now: the next fetch of the
  // same range hits them all while no line leaves.
  bool held = memo.lines <= memo.slots.size();
  for (uint32_t i = 0; held && i < memo.lines; ++i)  // a later line of the range may have evicted one in a small set
    held = icache_.holds(memo.slots[i], memo.line[i], memo.mask[i]);
  memo.generation = held ? icache_.generation() : ~0ull;
  memo.reads = static_cast<uint8_t>(last - (begin >> read_shift) + 1);
  memo.last_read = last;
  return misses;
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

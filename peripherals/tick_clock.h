// Converts between core cycles and the ticks of a slower clock (a timer's
// kernel clock) exactly, with integer arithmetic, from an anchor that moves
// whenever either clock changes. Deterministic: no floating point.
#pragma once

#include <cstdint>

namespace mcusim {

class TickClock {
 public:
  // From `now` on, the core runs at `core_hz` and the ticks at `tick_hz`.
  void rebase(uint64_t now, uint64_t core_hz, uint64_t tick_hz) {
    uint64_t t = ticks(now);
    anchor_cycle_ = now;
    anchor_tick_ = t;
    core_hz_ = core_hz ? core_hz : 1;
    tick_hz_ = tick_hz;
  }
  // Whole ticks elapsed by core cycle `now`.
  uint64_t ticks(uint64_t now) const {
    if (!tick_hz_ || now < anchor_cycle_) return anchor_tick_;
    return anchor_tick_ + static_cast<uint64_t>((static_cast<unsigned __int128>(now - anchor_cycle_) * tick_hz_) / core_hz_);
  }
  // The first core cycle at which `tick` has elapsed.
  uint64_t cycle_of(uint64_t tick) const {
    if (!tick_hz_) return ~0ull;
    if (tick <= anchor_tick_) return anchor_cycle_;
    unsigned __int128 num = static_cast<unsigned __int128>(tick - anchor_tick_) * core_hz_;
    return anchor_cycle_ + static_cast<uint64_t>((num + tick_hz_ - 1) / tick_hz_);
  }

 private:
  uint64_t anchor_cycle_ = 0, anchor_tick_ = 0;
  uint64_t core_hz_ = 1, tick_hz_ = 0;
};

}  // namespace mcusim

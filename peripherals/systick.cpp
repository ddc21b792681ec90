// SysTick: CSR 0x0 (ENABLE, TICKINT, CLKSOURCE, COUNTFLAG bit16), RVR 0x4,
// CVR 0x8, CALIB 0xC; the window is at 0xE000E010.
//
// The counter is not stepped: it is computed from modelled cycles. When
// enabled it counts down once per core cycle (both clock sources run at the
// core clock here; docs/peripherals.md), reaches 0, reloads from RVR on the
// next cycle, and pends the SysTick exception on each 1 -> 0 step if TICKINT.
#include <algorithm>

#include "peripherals/devices.h"
#include "sim/exception_state.h"

namespace mcusim {

namespace {
class SysTick final : public Device {
 public:
  SysTick(DeviceContext& ctx, uint64_t clock_hz) : ctx_(ctx), clock_hz_(clock_hz) {}
  std::string_view name() const override { return "systick"; }
  uint32_t size() const override { return 0x10; }

  uint32_t read(uint32_t offset, unsigned) override {
    uint64_t now = ctx_.cycles_now();
    switch (offset) {
      case 0x0: {
        settle(now);
        uint32_t value = csr_ | (countflag_ ? 1u << 16 : 0);
        countflag_ = false;  // reading CSR clears COUNTFLAG
        return value;
      }
      case 0x4: return reload_;
      case 0x8: return current(now);
      case 0xC: return static_cast<uint32_t>(std::min<uint64_t>(clock_hz_ / 100 / 8, 0xFFFFFF));  // TENMS, ref clock = core/8
      default: return 0;
    }
  }
  void write(uint32_t offset, unsigned, uint32_t value) override {
    uint64_t now = ctx_.cycles_now();
    settle(now);
    switch (offset) {
      case 0x0: {
        bool was_enabled = enabled();
        uint32_t value_now = current(now);
        csr_ = value & 0x7u;
        if (enabled() && !was_enabled) start(now, value_now);
        else if (!enabled() && was_enabled) stopped_value_ = value_now;
        break;
      }
      case 0x4: reload_ = value & 0xFFFFFFu; break;
      case 0x8:  // any write clears the counter and COUNTFLAG
        countflag_ = false;
        stopped_value_ = 0;
        if (enabled()) start(now, 0);
        break;
      default: break;
    }
    ctx_.timing_changed();
  }
  uint64_t next_event_cycle() const override { return enabled() && reload_ ? next_zero_ : kNever; }
  std::string stopped_timer() const override {
    if (!(csr_ & 2u)) return {};  // no interrupt wanted from it
    if (!enabled()) return "SysTick is stopped (SYST_CSR.ENABLE is 0, its interrupt enabled by TICKINT)";
    if (!reload_) return "SysTick is stopped (SYST_RVR is 0, so it never counts)";
    return {};
  }
  void on_time(uint64_t now) override { settle(now); }

 private:
  bool enabled() const { return csr_ & 1u; }
  uint64_t period() const { return uint64_t{reload_} + 1; }

  // Counting from `value` at `now`; a counter at 0 reloads on the next cycle.
  void start(uint64_t now, uint32_t value) {
    if (value == 0) {
      next_zero_ = now + 1 + reload_;
    } else {
      next_zero_ = now + value;
    }
  }
  // Processes every 1 -> 0 step up to `now`.
  void settle(uint64_t now) {
    if (!enabled() || reload_ == 0 || now < next_zero_) return;
    uint64_t steps = (now - next_zero_) / period() + 1;
    next_zero_ += steps * period();
    countflag_ = true;
    if (csr_ & 2u) {
      ctx_.exceptions().pending[kSysTick] = true;
      ctx_.exceptions_changed();
    }
  }
  uint32_t current(uint64_t now) const {
    if (!enabled()) return stopped_value_;
    if (reload_ == 0) return 0;
    // next_zero_ is the next cycle at which the counter reads 0.
    uint64_t until_zero = next_zero_ > now ? next_zero_ - now : 0;
    return static_cast<uint32_t>(std::min<uint64_t>(until_zero, reload_));
  }

  DeviceContext& ctx_;
  uint64_t clock_hz_;
  uint32_t csr_ = 0x4, reload_ = 0, stopped_value_ = 0;
  bool countflag_ = false;
  uint64_t next_zero_ = kNever;
};
}  // namespace

std::unique_ptr<Device> make_systick(DeviceContext& ctx, uint64_t clock_hz) {
  return std::make_unique<SysTick>(ctx, clock_hz);
}

}  // namespace mcusim

// nRF52 TIMER and RTC: counters with compare events (nRF52840 product
// specification). Shared register shape: TASKS_START 0x000, TASKS_STOP 0x004,
// TASKS_CLEAR 0x00C (RTC 0x008), EVENTS_COMPARE[n] 0x140 + 4n, INTENSET 0x304,
// INTENCLR 0x308 (bit = (event offset - 0x100) / 4), CC[n] 0x540 + 4n.
//  - TIMER: 16 MHz >> PRESCALER (0x510, reset 4), BITMODE 0x508 (16/8/24/32
//    bits), TASKS_CAPTURE[n] 0x040 + 4n copies the counter to CC[n],
//    SHORTS 0x200 (bit n: COMPARE[n]_CLEAR, bit 8+n: COMPARE[n]_STOP).
//  - RTC: 32768 Hz / (PRESCALER + 1) (0x508), 24-bit COUNTER 0x504,
//    EVENTS_OVRFLW 0x104.
// Counter mode (TIMER MODE = 1) and the TICK event are not modelled.
#include <algorithm>
#include <array>
#include <fmt/format.h>

#include "peripherals/devices.h"
#include "peripherals/tick_clock.h"
#include "sim/exception_state.h"

namespace mcusim {

namespace {
constexpr uint32_t kTimerHz = 16'000'000, kRtcHz = 32'768;

// nRF peripherals interrupt while any event whose INTEN bit is set is
// raised; INTEN bit e belongs to the event register at 0x100 + 4e.
void raise_if_any_event_enabled(DeviceContext& ctx, int irq, const uint32_t* events, uint32_t inten) {
  if (irq < 0) return;
  for (uint32_t e = 0; e < 32; ++e)
    if (events[e] && (inten & (1u << e))) {
      ctx.exceptions().pending[kFirstIrq + irq] = true;
      ctx.exceptions_changed();
      return;
    }
}

class NrfCounter final : public Device {
 public:
  NrfCounter(DeviceContext& ctx, const PeripheralSpec& spec, bool rtc)
      : ctx_(ctx), name_(spec.name), irq_(spec.irq), rtc_(rtc), compares_(rtc ? 4 : 6) {
    if (!rtc_) prescaler_ = 4;
    rebase_clock(0);
  }
  std::string_view name() const override { return name_; }
  uint32_t size() const override { return 0x1000; }

  uint32_t read(uint32_t offset, unsigned) override {
    uint64_t now = ctx_.cycles_now();
    settle(now);
    if (offset >= 0x100 && offset < 0x180) return events_[(offset - 0x100) / 4];
    if (offset >= 0x540 && offset < 0x540 + 4 * compares_) return cc_[(offset - 0x540) / 4];
    switch (offset) {
      case 0x200: return shorts_;
      case 0x300: case 0x304: case 0x308: return inten_;
      case 0x504: return rtc_ ? count(now) : mode_;
      case 0x508: return rtc_ ? prescaler_ : bitmode_;
      case 0x510: return rtc_ ? 0 : prescaler_;
      default: return 0;
    }
  }

  void write(uint32_t offset, unsigned, uint32_t value) override {
    uint64_t now = ctx_.cycles_now();
    settle(now);
    uint32_t clear_task = rtc_ ? 0x008 : 0x00C;
    if (offset == 0x000 && value) {
      if (!running_) { running_ = true; base_tick_ = last_processed_ = clock_.ticks(now); }
    } else if (offset == 0x004 && value) {
      if (running_) { base_count_ = count(now); running_ = false; }
    } else if (offset == clear_task && value) {
      base_count_ = 0;
      base_tick_ = last_processed_ = clock_.ticks(now);
    } else if (!rtc_ && offset >= 0x040 && offset < 0x040 + 4 * compares_ && value) {
      cc_[(offset - 0x040) / 4] = count(now);
    } else if (offset >= 0x100 && offset < 0x180) {
      events_[(offset - 0x100) / 4] = value & 1;
    } else if (offset >= 0x540 && offset < 0x540 + 4 * compares_) {
      cc_[(offset - 0x540) / 4] = value & mask();
    } else if (offset == 0x200) {
      shorts_ = value;
    } else if (offset == 0x300) {
      inten_ = value;
    } else if (offset == 0x304) {
      inten_ |= value;
    } else if (offset == 0x308) {
      inten_ &= ~value;
    } else if (rtc_ && offset == 0x508) {
      if (!running_) { prescaler_ = value & 0xFFF; rebase_clock(now); }
    } else if (!rtc_ && offset == 0x510) {
      if (!running_) { prescaler_ = std::min<uint32_t>(value & 0xF, 9); rebase_clock(now); }
    } else if (!rtc_ && offset == 0x508) {
      bitmode_ = value & 3;
    } else if (!rtc_ && offset == 0x504) {
      mode_ = value & 3;
    }
    raise_if_due();
    ctx_.timing_changed();
  }

  uint64_t next_event_cycle() const override {
    if (!running_ || !(inten_ & interrupt_events())) return kNever;
    return clock_.cycle_of(next_event_tick());
  }
  void on_time(uint64_t now) override { settle(now); }
  void on_clock_change(uint64_t now) override {
    settle(now);
    rebase_clock(now);
  }
  std::string register_name(uint32_t offset) const override { return fmt::format("{}+0x{:03x}", name_, offset); }
  bool changes_on_its_own(uint32_t offset) const override {
    return running_ && ((offset >= 0x100 && offset < 0x180) || (rtc_ && offset == 0x504));
  }

 private:
  uint32_t mask() const {
    if (rtc_) return 0xFFFFFF;
    static const uint32_t kMask[] = {0xFFFF, 0xFF, 0xFFFFFF, 0xFFFFFFFF};
    return kMask[bitmode_];
  }
  uint64_t modulus() const { return uint64_t{mask()} + 1; }
  uint32_t interrupt_events() const {
    uint32_t bits = ((1u << compares_) - 1) << 16;
    if (rtc_) bits |= 1u << 1;  // OVRFLW
    return bits;
  }
  // Ticks stay continuous across a rebase (TickClock), so a running count
  // survives a core clock change; the prescaler only changes while stopped.
  void rebase_clock(uint64_t now) {
    uint64_t hz = rtc_ ? kRtcHz / (uint64_t{prescaler_} + 1) : kTimerHz >> prescaler_;
    clock_.rebase(now, ctx_.clocks().core_hz, hz);
  }
  uint32_t count(uint64_t now) const { return count_at(clock_.ticks(now)); }
  uint32_t count_at(uint64_t t) const {
    if (!running_) return base_count_;
    return static_cast<uint32_t>((base_count_ + (t - base_tick_)) % modulus());
  }
  // The next tick (after last_processed_) at which an enabled event fires.
  uint64_t next_event_tick() const {
    uint64_t from = std::max(last_processed_ + 1, base_tick_ + 1);
    uint64_t best = ~0ull;
    uint32_t now_count = count_at(from - 1);
    for (uint32_t n = 0; n < compares_; ++n) {
      uint64_t ahead = (uint64_t{cc_[n]} + modulus() - now_count) % modulus();
      if (ahead == 0) ahead = modulus();
      best = std::min(best, from - 1 + ahead);
    }
    if (rtc_) best = std::min(best, from - 1 + (modulus() - now_count));  // overflow
    return best;
  }
  void settle(uint64_t now) {
    if (!running_) return;
    uint64_t t = clock_.ticks(now);
    for (int guard = 0; guard < 100000; ++guard) {
      uint64_t at = next_event_tick();
      if (at > t) return;
      uint32_t c = count_at(at);
      last_processed_ = at;
      for (uint32_t n = 0; n < compares_; ++n) {
        if (c != cc_[n]) continue;
        events_[16 + n] = 1;
        if (!rtc_ && (shorts_ & (1u << n))) { base_count_ = 0; base_tick_ = at; }
        if (!rtc_ && (shorts_ & (1u << (8 + n)))) { base_count_ = c; running_ = false; }
      }
      if (rtc_ && c == 0) events_[1] = 1;
      raise_if_due();
      if (!running_) return;
    }
    last_processed_ = t;  // a very long gap without interrupts: events are set, counts skipped
  }
  void raise_if_due() { raise_if_any_event_enabled(ctx_, irq_, events_.data(), inten_); }

  DeviceContext& ctx_;
  std::string name_;
  int irq_;
  bool rtc_;
  uint32_t compares_;
  TickClock clock_;
  bool running_ = false;
  uint32_t prescaler_ = 0, bitmode_ = 0, mode_ = 0, shorts_ = 0, inten_ = 0;
  uint32_t base_count_ = 0;
  uint64_t base_tick_ = 0, last_processed_ = 0;
  std::array<uint32_t, 32> events_{};
  std::array<uint32_t, 6> cc_{};
};

// UARTE (EasyDMA) and the legacy UART at the same address: TASKS_STARTTX
// 0x008 sends TXD.MAXCNT (0x548) bytes from TXD.PTR (0x544) at once and sets
// TXD.AMOUNT, EVENTS_TXSTARTED, EVENTS_ENDTX; a legacy UART write to TXD
// (0x51C) sends one byte and sets EVENTS_TXDRDY. Reception is not modelled.
class NrfUarte final : public Device {
 public:
  NrfUarte(DeviceContext& ctx, const PeripheralSpec& spec) : ctx_(ctx), name_(spec.name), irq_(spec.irq) {}
  std::string_view name() const override { return name_; }
  uint32_t size() const override { return 0x1000; }
  uint32_t read(uint32_t offset, unsigned) override {
    if (offset == 0x304 || offset == 0x308) return regs_[0x300 / 4];
    return regs_[(offset & 0xFFC) / 4];
  }
  void write(uint32_t offset, unsigned, uint32_t value) override {
    uint32_t o = offset & 0xFFC;
    if (o == 0x304) { regs_[0x300 / 4] |= value; raise_if_due(); return; }
    if (o == 0x308) { regs_[0x300 / 4] &= ~value; return; }
    regs_[o / 4] = value;
    uint32_t enable = regs_[0x500 / 4];
    if (o == 0x008 && value && enable == 8) {
      uint32_t ptr = regs_[0x544 / 4], count = std::min<uint32_t>(regs_[0x548 / 4], 0xFFFF);
      std::string bytes(count, '\0');
      if (count && ctx_.read_memory(ptr, bytes.data(), count)) ctx_.firmware_output(bytes);
      regs_[0x54C / 4] = count;
      set_event(0x150);  // TXSTARTED
      set_event(0x120);  // ENDTX
      set_event(0x11C);  // TXDRDY
    } else if (o == 0x008 && value) {
      set_event(0x11C);  // legacy UART: ready for the first byte
    } else if (o == 0x00C && value) {
      set_event(0x158);  // TXSTOPPED
    } else if (o == 0x51C && enable == 4) {
      char c = static_cast<char>(value & 0xFF);
      ctx_.firmware_output(std::string_view(&c, 1));
      set_event(0x11C);
    }
    raise_if_due();
  }
  bool changes_on_its_own(uint32_t) const override { return false; }
  std::string register_name(uint32_t offset) const override { return fmt::format("{}+0x{:03x}", name_, offset); }

 private:
  void set_event(uint32_t offset) { regs_[offset / 4] = 1; }
  void raise_if_due() { raise_if_any_event_enabled(ctx_, irq_, &regs_[0x100 / 4], regs_[0x300 / 4]); }
  DeviceContext& ctx_;
  std::string name_;
  int irq_;
  std::array<uint32_t, 0x400> regs_{};
};
}  // namespace

std::unique_ptr<Device> make_nrf_timer(DeviceContext& ctx, const PeripheralSpec& spec) {
  return std::make_unique<NrfCounter>(ctx, spec, false);
}
std::unique_ptr<Device> make_nrf_rtc(DeviceContext& ctx, const PeripheralSpec& spec) {
  return std::make_unique<NrfCounter>(ctx, spec, true);
}
std::unique_ptr<Device> make_nrf_uarte(DeviceContext& ctx, const PeripheralSpec& spec) {
  return std::make_unique<NrfUarte>(ctx, spec);
}

}  // namespace mcusim

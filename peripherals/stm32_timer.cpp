// STM32 basic and general-purpose timers (TIM2..TIM7), up-counting:
// CR1 0x00 (CEN 0, UDIS 1, URS 2, OPM 3, ARPE 7), CR2 0x04, SMCR 0x08,
// DIER 0x0C (UIE 0), SR 0x10 (UIF 0, rc_w0), EGR 0x14 (UG 0), CCMR1/2
// 0x18/0x1C, CCER 0x20, CNT 0x24, PSC 0x28, ARR 0x2C, CCR1-4 0x34-0x40.
//
// The counter is not stepped: it is computed from modelled cycles at the
// timer's kernel clock (2 x PCLK when the APB prescaler is not 1; the clock
// tree supplies it). PSC is preloaded and takes effect at the next update
// event (overflow or EGR.UG), as is ARR when ARPE is set. An update sets
// SR.UIF (unless UDIS) and, with DIER.UIE, pends the timer's interrupt.
// Down and centre-aligned counting, capture/compare outputs, slave modes and
// DMA are not modelled (docs/peripherals.md).
#include <array>
#include <fmt/format.h>

#include "peripherals/devices.h"
#include "peripherals/tick_clock.h"
#include "sim/exception_state.h"

namespace mcusim {

namespace {
constexpr uint32_t kCen = 1u << 0, kUdis = 1u << 1, kUrs = 1u << 2, kOpm = 1u << 3, kArpe = 1u << 7;
constexpr uint32_t kUif = 1u << 0, kUie = 1u << 0, kUg = 1u << 0;
enum Offset : uint32_t {
  kCr1 = 0x00, kCr2 = 0x04, kSmcr = 0x08, kDier = 0x0C, kSr = 0x10, kEgr = 0x14, kCcmr1 = 0x18, kCcmr2 = 0x1C,
  kCcer = 0x20, kCnt = 0x24, kPsc = 0x28, kArr = 0x2C, kRcr = 0x30, kCcr1 = 0x34, kBdtr = 0x44, kDcr = 0x48, kDmar = 0x4C,
};
const char* const kNames[] = {"CR1", "CR2", "SMCR", "DIER", "SR", "EGR", "CCMR1", "CCMR2", "CCER", "CNT", "PSC", "ARR",
                              "RCR", "CCR1", "CCR2", "CCR3", "CCR4", "BDTR", "DCR", "DMAR"};

class Stm32Timer final : public Device {
 public:
  Stm32Timer(DeviceContext& ctx, const PeripheralSpec& spec)
      : ctx_(ctx), name_(spec.name), irq_(spec.irq), apb2_(spec.bus == "apb2"),
        max_(spec.counter_bits >= 32 ? 0xFFFFFFFFu : (1u << spec.counter_bits) - 1) {
    arr_ = arr_active_ = max_;
    clock_.rebase(0, ctx_.clocks().core_hz, timer_hz());
  }
  std::string_view name() const override { return name_; }
  uint32_t size() const override { return 0x400; }

  uint32_t read(uint32_t offset, unsigned) override {
    uint64_t now = ctx_.cycles_now();
    settle(now);
    switch (offset & ~3u) {
      case kCr1: return cr1_;
      case kDier: return dier_;
      case kSr: return sr_;
      case kCnt: return counter(clock_.ticks(now));
      case kPsc: return psc_;
      case kArr: return arr_;
      case kEgr: return 0;
      default: return offset < regs_.size() * 4 ? regs_[offset / 4] : 0;
    }
  }

  void write(uint32_t offset, unsigned, uint32_t value) override {
    uint64_t now = ctx_.cycles_now();
    settle(now);
    uint64_t t = clock_.ticks(now);
    switch (offset & ~3u) {
      case kCr1: {
        bool was = cr1_ & kCen;
        if (was) stopped_count_ = counter(t);
        cr1_ = value & 0x3FF;
        if (cr1_ & kCen) restart(t, stopped_count_);
        break;
      }
      case kDier: dier_ = value & 0x7FFF; raise_if_due(); break;
      case kSr: sr_ &= value; break;  // rc_w0
      case kEgr:
        if (value & kUg) {
          psc_active_ = psc_;
          arr_active_ = arr_;
          restart(t, 0);
          stopped_count_ = 0;
          if (!(cr1_ & kUrs)) sr_ |= kUif;
          raise_if_due();
        }
        break;
      case kCnt:
        stopped_count_ = value & max_;
        if (cr1_ & kCen) restart(t, stopped_count_);
        break;
      case kPsc: psc_ = value & 0xFFFF; break;
      case kArr:
        arr_ = value & max_;
        if (!(cr1_ & kArpe)) {
          uint32_t c = counter(t);
          arr_active_ = arr_;
          if (cr1_ & kCen) restart(t, c);
        }
        break;
      default:
        if (offset < regs_.size() * 4) regs_[offset / 4] = value;
        break;
    }
    ctx_.timing_changed();
  }

  uint64_t next_event_cycle() const override {
    if (!(cr1_ & kCen) || !(dier_ & kUie)) return kNever;
    return clock_.cycle_of(next_update_);
  }
  void on_time(uint64_t now) override { settle(now); }
  void on_clock_change(uint64_t now) override {
    settle(now);
    clock_.rebase(now, ctx_.clocks().core_hz, timer_hz());
  }
  std::string register_name(uint32_t offset) const override {
    uint32_t word = (offset & ~3u) / 4;
    return word < std::size(kNames) ? fmt::format("{}.{}", name_, kNames[word]) : fmt::format("{}+0x{:03x}", name_, offset);
  }
  bool changes_on_its_own(uint32_t offset) const override {
    uint32_t o = offset & ~3u;
    return (o == kCnt || o == kSr) && (cr1_ & kCen);
  }

 private:
  uint64_t timer_hz() const { return apb2_ ? ctx_.clocks().apb2_timer_hz : ctx_.clocks().apb1_timer_hz; }
  uint64_t prescale() const { return uint64_t{psc_active_} + 1; }
  uint64_t period() const { return (uint64_t{arr_active_} + 1) * prescale(); }

  // The counter reads `count` at tick `t`, with the prescaler phase at 0.
  void restart(uint64_t t, uint32_t count) {
    base_tick_ = t;
    base_count_ = count;
    uint64_t to_go = count > arr_active_ ? uint64_t{max_} - count + 1 : uint64_t{arr_active_} - count + 1;
    next_update_ = t + to_go * prescale();
  }
  uint32_t counter(uint64_t t) const {
    if (!(cr1_ & kCen)) return stopped_count_;
    return static_cast<uint32_t>((base_count_ + (t - base_tick_) / prescale()) & max_);
  }
  // Processes every update event up to `now`.
  void settle(uint64_t now) {
    if (!(cr1_ & kCen)) return;
    uint64_t t = clock_.ticks(now);
    if (t < next_update_) return;
    uint64_t at = next_update_;
    psc_active_ = psc_;
    if (cr1_ & kArpe) arr_active_ = arr_;
    if (!(cr1_ & kUdis)) sr_ |= kUif;
    if (cr1_ & kOpm) {
      cr1_ &= ~kCen;
      stopped_count_ = 0;
      raise_if_due();
      return;
    }
    // After the first update PSC and ARR are settled: later periods are equal.
    uint64_t later = (t - at) / period();
    restart(at + later * period(), 0);
    raise_if_due();
  }
  void raise_if_due() {
    if ((sr_ & kUif) && (dier_ & kUie) && irq_ >= 0) {
      ctx_.exceptions().pending[kFirstIrq + irq_] = true;
      ctx_.exceptions_changed();
    }
  }

  DeviceContext& ctx_;
  std::string name_;
  int irq_;
  bool apb2_;
  uint32_t max_;
  TickClock clock_;
  uint32_t cr1_ = 0, dier_ = 0, sr_ = 0, psc_ = 0, psc_active_ = 0, arr_ = 0, arr_active_ = 0;
  uint32_t stopped_count_ = 0, base_count_ = 0;
  uint64_t base_tick_ = 0, next_update_ = 0;
  std::array<uint32_t, 20> regs_{};
};
}  // namespace

std::unique_ptr<Device> make_stm32_timer(DeviceContext& ctx, const PeripheralSpec& spec) {
  return std::make_unique<Stm32Timer>(ctx, spec);
}

}  // namespace mcusim

// DWT: CTRL 0x00 (bit0 CYCCNTENA), CYCCNT 0x04, LAR 0xFB0.
//
// CYCCNT counts modelled core cycles while enabled, so firmware that times
// itself sees simulated time. CTRL reads NUMCOMP = 4 as on M4/M7 parts.
#include "peripherals/devices.h"

namespace mcusim {

namespace {
class Dwt final : public Device {
 public:
  explicit Dwt(DeviceContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "dwt"; }
  uint32_t size() const override { return 0x1000; }

  uint32_t read(uint32_t offset, unsigned) override {
    switch (offset) {
      case 0x00: return ctrl_ | (4u << 28);
      case 0x04: return cyccnt();
      default: return 0;
    }
  }
  void write(uint32_t offset, unsigned, uint32_t value) override {
    switch (offset) {
      case 0x00: {
        uint32_t base = cyccnt();
        ctrl_ = value & 0x0FFFFFFFu;
        set_cyccnt(base);
        break;
      }
      case 0x04: set_cyccnt(value); break;
      default: break;
    }
  }

 private:
  bool counting() const { return ctrl_ & 1u; }
  uint32_t cyccnt() const {
    return counting() ? static_cast<uint32_t>(base_ + (ctx_.cycles_now() - since_)) : base_;
  }
  void set_cyccnt(uint32_t value) {
    base_ = value;
    since_ = ctx_.cycles_now();
  }
  DeviceContext& ctx_;
  uint32_t ctrl_ = 0, base_ = 0;
  uint64_t since_ = 0;
};
}  // namespace

std::unique_ptr<Device> make_dwt(DeviceContext& ctx) { return std::make_unique<Dwt>(ctx); }

}  // namespace mcusim

// ITM: stimulus ports 0-31 at 0x00-0x7C, TER 0xE00, TPR 0xE40, TCR 0xE80.
//
// mcusim behaves as if a trace probe had enabled ITM (TCR.ITMENA and all of
// TER set at reset), so firmware that checks before writing (CMSIS
// ITM_SendChar, mcusim/layers.h) sends its data. Port 0 is text to stdout;
// other ports go to the listener (layer markers, docs/layer-markers.md).
#include "peripherals/devices.h"

namespace mcusim {

namespace {
class Itm final : public Device {
 public:
  Itm(DeviceContext& ctx, ItmListener*& listener) : ctx_(ctx), listener_(listener) {}
  std::string_view name() const override { return "itm"; }
  uint32_t size() const override { return 0x1000; }

  uint32_t read(uint32_t offset, unsigned) override {
    if (offset < 0x80) return (tcr_ & 1u) ? 1u : 0u;  // FIFO ready
    switch (offset) {
      case 0xE00: return ter_;
      case 0xE40: return tpr_;
      case 0xE80: return tcr_;
      default: return 0;
    }
  }
  void write(uint32_t offset, unsigned width, uint32_t value) override {
    if (offset < 0x80) {
      uint32_t port = offset / 4;
      if (!(tcr_ & 1u) || !(ter_ & (1u << port))) return;
      if (port == 0) {
        char bytes[4] = {static_cast<char>(value), static_cast<char>(value >> 8), static_cast<char>(value >> 16),
                         static_cast<char>(value >> 24)};
        ctx_.firmware_output(std::string_view(bytes, width));
      } else if (listener_) {
        listener_->on_stimulus(port, value);
      }
      return;
    }
    switch (offset) {
      case 0xE00: ter_ = value; break;
      case 0xE40: tpr_ = value; break;
      case 0xE80: tcr_ = value; break;
      default: break;
    }
  }

 private:
  DeviceContext& ctx_;
  ItmListener*& listener_;
  uint32_t ter_ = 0xFFFFFFFFu, tpr_ = 0, tcr_ = 1;
};
}  // namespace

std::unique_ptr<Device> make_itm(DeviceContext& ctx, ItmListener*& listener) {
  return std::make_unique<Itm>(ctx, listener);
}

}  // namespace mcusim

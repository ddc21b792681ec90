// Arm CMSDK APB UART (as on MPS2 boards and QEMU's mps2 machines), transmit side.
//
// Registers: DATA 0x00, STATE 0x04 (bit0 TX full, bit1 RX full), CTRL 0x08
// (bit0 TX enable, bit1 RX enable), INTSTATUS/INTCLEAR 0x0C, BAUDDIV 0x10.
// Transmission is instant, so TX is never full; bytes go to the run's stdout
// when TX is enabled, as QEMU does.
#include <string>

#include "peripherals/devices.h"

namespace mcusim {

namespace {
class CmsdkUart final : public Device {
 public:
  CmsdkUart(DeviceContext& ctx, std::string name) : ctx_(ctx), name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  uint32_t size() const override { return 0x1000; }

  uint32_t read(uint32_t offset, unsigned) override {
    switch (offset) {
      case 0x08: return ctrl_;
      case 0x10: return bauddiv_;
      default: return 0;  // DATA (no RX), STATE (never full), INTSTATUS
    }
  }
  void write(uint32_t offset, unsigned, uint32_t value) override {
    switch (offset) {
      case 0x00:
        if (ctrl_ & 1u) {
          char c = static_cast<char>(value & 0xFF);
          ctx_.firmware_output(std::string_view(&c, 1));
        }
        break;
      case 0x08: ctrl_ = value & 0x7F; break;
      case 0x10: bauddiv_ = value & 0xFFFFF; break;
      default: break;
    }
  }

 private:
  DeviceContext& ctx_;
  std::string name_;
  uint32_t ctrl_ = 0, bauddiv_ = 0;
};
}  // namespace

std::unique_ptr<Device> make_cmsdk_uart(DeviceContext& ctx, std::string name) {
  return std::make_unique<CmsdkUart>(ctx, std::move(name));
}

}  // namespace mcusim

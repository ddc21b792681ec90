// STM32F4/F7 embedded-Flash interface, the access control register only:
// ACR 0x00 = LATENCY [3:0], PRFTEN bit 8, ICEN/ARTEN bit 9, DCEN bit 10.
// Clock set-up code writes it before raising the clock; the ART accelerator
// bits tell the timing model that Flash fetches (ICEN) and data reads (DCEN)
// mostly hit. KEYR/SR/CR read as zero (no Flash programming is modelled).
#include <string>

#include "peripherals/devices.h"

namespace mcusim {

namespace {
constexpr uint32_t kPrften = 1u << 8, kIcen = 1u << 9, kDcen = 1u << 10;

class Stm32FlashInterface final : public Device {
 public:
  Stm32FlashInterface(DeviceContext& ctx, std::string name) : ctx_(ctx), name_(std::move(name)) {}
  std::string_view name() const override { return name_; }
  uint32_t size() const override { return 0x400; }
  uint32_t read(uint32_t offset, unsigned width) override {
    if (offset >= 4) return 0;
    uint32_t v = acr_ >> (8 * offset);
    return width >= 4 ? v : v & ((1u << (8 * width)) - 1);
  }
  // Byte and halfword stores change only their lanes: the F4 HAL sets
  // LATENCY with an 8-bit store, and ICEN/DCEN/PRFTEN in byte 1 must survive.
  void write(uint32_t offset, unsigned width, uint32_t value) override {
    if (offset >= 4) return;
    uint32_t lanes = (width >= 4 ? ~0u : ((1u << (8 * width)) - 1)) << (8 * offset);
    acr_ = ((acr_ & ~lanes) | ((value << (8 * offset)) & lanes)) & 0x1F0Fu;
    ctx_.flash_accelerator(acr_ & kIcen, acr_ & kDcen, acr_ & kPrften);
  }

 private:
  DeviceContext& ctx_;
  std::string name_;
  uint32_t acr_ = 0;
};
}  // namespace

std::unique_ptr<Device> make_stm32_flash_interface(DeviceContext& ctx, std::string name) {
  return std::make_unique<Stm32FlashInterface>(ctx, std::move(name));
}

}  // namespace mcusim

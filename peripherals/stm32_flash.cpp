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
  uint32_t read(uint32_t offset, unsigned) override { return offset == 0 ? acr_ : 0; }
  void write(uint32_t offset, unsigned, uint32_t value) override {
    if (offset != 0) return;
    acr_ = value & 0x1F0Fu;
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

// STM32 USART, transmit side. Two register layouts exist:
//  - F7/H7/L4 ("stm32-usart"): CR1 0x00, ISR 0x1C (TXE bit7, TC bit6), TDR 0x28;
//  - F4 ("stm32f4-usart"):     SR 0x00 (TXE bit7, TC bit6), DR 0x04, CR1 0x0C.
// Transmission is instant: TXE and TC always read 1; written bytes go to stdout.
#include <array>
#include <string>

#include "peripherals/devices.h"

namespace mcusim {

namespace {
constexpr uint32_t kTxeTc = (1u << 7) | (1u << 6);

class Stm32Usart final : public Device {
 public:
  Stm32Usart(DeviceContext& ctx, std::string name, bool f4) : ctx_(ctx), name_(std::move(name)), f4_(f4) {}
  std::string_view name() const override { return name_; }
  uint32_t size() const override { return 0x400; }

  uint32_t read(uint32_t offset, unsigned) override {
    if (offset == status_offset()) return kTxeTc;
    if (offset < regs_.size() * 4) return regs_[offset / 4];
    return 0;
  }
  void write(uint32_t offset, unsigned, uint32_t value) override {
    if (offset == data_offset()) {
      char c = static_cast<char>(value & 0xFF);
      ctx_.firmware_output(std::string_view(&c, 1));
      return;
    }
    if (offset < regs_.size() * 4) regs_[offset / 4] = value;
  }

 private:
  uint32_t status_offset() const { return f4_ ? 0x00 : 0x1C; }
  uint32_t data_offset() const { return f4_ ? 0x04 : 0x28; }
  DeviceContext& ctx_;
  std::string name_;
  bool f4_;
  std::array<uint32_t, 16> regs_{};
};
}  // namespace

std::unique_ptr<Device> make_stm32_usart(DeviceContext& ctx, std::string name, bool f4_layout) {
  return std::make_unique<Stm32Usart>(ctx, std::move(name), f4_layout);
}

}  // namespace mcusim

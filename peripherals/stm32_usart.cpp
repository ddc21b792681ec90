// STM32 USART/LPUART, transmit side. Two register layouts exist:
//  - F7/H7/L4 ("stm32-usart"): CR1 0x00 (UE 0, RE 2, TE 3), CR2 0x04, CR3 0x08,
//    BRR 0x0C, GTPR 0x10, RTOR 0x14, RQR 0x18, ISR 0x1C (TXE 7, TC 6, TEACK 21,
//    REACK 22), ICR 0x20, RDR 0x24, TDR 0x28;
//  - F4 ("stm32f4-usart"): SR 0x00 (TXE 7, TC 6), DR 0x04, BRR 0x08, CR1 0x0C
//    (UE 13, TE 3, RE 2), CR2 0x10, CR3 0x14, GTPR 0x18.
// Transmission is instant: TXE and TC always read 1 and written bytes go to
// the run's output. TEACK/REACK follow CR1.TE/RE while UE is set, which is
// what HAL_UART_Init waits for (UART_CheckIdleState). Reception is not modelled.
#include <array>
#include <fmt/format.h>
#include <string>

#include "peripherals/devices.h"

namespace mcusim {

namespace {
constexpr uint32_t kTxeTc = (1u << 7) | (1u << 6);
constexpr uint32_t kTeack = 1u << 21, kReack = 1u << 22;
const char* const kF7Names[] = {"CR1", "CR2", "CR3", "BRR", "GTPR", "RTOR", "RQR", "ISR", "ICR", "RDR", "TDR", "PRESC"};
const char* const kF4Names[] = {"SR", "DR", "BRR", "CR1", "CR2", "CR3", "GTPR"};

class Stm32Usart final : public Device {
 public:
  Stm32Usart(DeviceContext& ctx, std::string name, bool f4) : ctx_(ctx), name_(std::move(name)), f4_(f4) {}
  std::string_view name() const override { return name_; }
  uint32_t size() const override { return 0x400; }

  uint32_t read(uint32_t offset, unsigned) override {
    uint32_t o = offset & ~3u;
    if (o == status_offset()) {
      uint32_t v = kTxeTc;
      if (!f4_) {
        uint32_t cr1 = regs_[0];
        if ((cr1 & 1u) && (cr1 & (1u << 3))) v |= kTeack;
        if ((cr1 & 1u) && (cr1 & (1u << 2))) v |= kReack;
      }
      return v;
    }
    if (o < regs_.size() * 4) return regs_[o / 4];
    return 0;
  }
  void write(uint32_t offset, unsigned, uint32_t value) override {
    uint32_t o = offset & ~3u;
    if (o == data_offset()) {
      char c = static_cast<char>(value & 0xFF);
      ctx_.firmware_output(std::string_view(&c, 1));
      return;
    }
    if (o < regs_.size() * 4) regs_[o / 4] = value;
  }
  std::string register_name(uint32_t offset) const override {
    uint32_t word = (offset & ~3u) / 4;
    if (f4_ && word < std::size(kF4Names)) return fmt::format("{}.{}", name_, kF4Names[word]);
    if (!f4_ && word < std::size(kF7Names)) return fmt::format("{}.{}", name_, kF7Names[word]);
    return fmt::format("{}+0x{:03x}", name_, offset);
  }
  std::string describe_bits(uint32_t offset, uint32_t mask) const override {
    if ((offset & ~3u) != status_offset()) return {};
    std::string out;
    auto add = [&](uint32_t bit, const char* n) {
      if (mask & (1u << bit)) out += fmt::format("{}{} (bit {})", out.empty() ? "" : ", ", n, bit);
    };
    add(5, "RXNE");
    add(6, "TC");
    add(7, "TXE");
    add(21, "TEACK");
    add(22, "REACK");
    return out;
  }
  bool changes_on_its_own(uint32_t) const override { return false; }

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

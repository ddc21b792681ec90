// NVIC and the first words of the System Control Space.
// Window at 0xE000E000: ICTR 0x004, ACTLR 0x008, ISER 0x100, ICER 0x180,
// ISPR 0x200, ICPR 0x280, IABR 0x300, IPR 0x400 (byte-addressable).
// The SysTick window (0xE000E010) is dispatched before this one.
#include "peripherals/devices.h"
#include "sim/exception_state.h"

namespace mcusim {

namespace {
class Nvic final : public Device {
 public:
  Nvic(DeviceContext& ctx, int irq_count) : ctx_(ctx), irq_count_(irq_count) {}
  std::string_view name() const override { return "nvic"; }
  uint32_t size() const override { return 0x600; }

  uint32_t read(uint32_t offset, unsigned width) override {
    ExceptionState& ex = ctx_.exceptions();
    if (offset == 0x004) return static_cast<uint32_t>((irq_count_ + 31) / 32 - 1);
    if (offset >= 0x100 && offset < 0x380) {
      const auto& bits = offset < 0x200 ? ex.enabled : offset < 0x300 ? ex.pending : ex.active;
      uint32_t first_irq = ((offset & 0x7F) / 4) * 32;
      uint32_t word = 0;
      for (uint32_t i = 0; i < 32; ++i)
        if (valid_irq(first_irq + i) && bits[kFirstIrq + first_irq + i]) word |= 1u << i;
      return word;
    }
    if (offset >= 0x400 && offset < 0x400 + 240) {
      uint32_t value = 0;
      for (unsigned b = 0; b < width; ++b) {
        uint32_t irq = offset - 0x400 + b;
        if (valid_irq(irq)) value |= uint32_t{ex.priority[kFirstIrq + irq]} << (8 * b);
      }
      return value;
    }
    return 0;
  }
  void write(uint32_t offset, unsigned width, uint32_t value) override {
    ExceptionState& ex = ctx_.exceptions();
    if (offset >= 0x100 && offset < 0x300) {
      uint32_t group = (offset - 0x100) / 0x80;  // 0 set-enable, 1 clear-enable, 2 set-pending, 3 clear-pending
      uint32_t first_irq = ((offset & 0x7F) / 4) * 32;
      for (uint32_t i = 0; i < 32; ++i) {
        if (!(value & (1u << i)) || !valid_irq(first_irq + i)) continue;
        int e = kFirstIrq + static_cast<int>(first_irq + i);
        if (group < 2) ex.enabled[e] = group == 0;
        else ex.pending[e] = group == 2;
      }
      ctx_.exceptions_changed();
    } else if (offset >= 0x400 && offset < 0x400 + 240) {
      for (unsigned b = 0; b < width; ++b) {
        uint32_t irq = offset - 0x400 + b;
        if (valid_irq(irq)) ex.priority[kFirstIrq + irq] = static_cast<uint8_t>(value >> (8 * b)) & 0xF0;
      }
      ctx_.exceptions_changed();
    }
  }

 private:
  bool valid_irq(uint32_t irq) const { return irq < static_cast<uint32_t>(irq_count_); }
  DeviceContext& ctx_;
  int irq_count_;
};
}  // namespace

std::unique_ptr<Device> make_nvic(DeviceContext& ctx, int irq_count) { return std::make_unique<Nvic>(ctx, irq_count); }

}  // namespace mcusim

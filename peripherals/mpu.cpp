// The Armv7-M MPU register file (0xE000ED90): TYPE, CTRL, RNR, RBAR, RASR and
// the RBAR/RASR aliases A1-A3. Start-up code configures regions and enables
// the MPU (the M7 templates do); mcusim accepts and reads back every region
// but does not enforce them (docs/peripherals.md).
#include <array>

#include "peripherals/devices.h"

namespace mcusim {

namespace {
class Mpu final : public Device {
 public:
  explicit Mpu(uint32_t regions) : regions_(regions) {}
  std::string_view name() const override { return "mpu"; }
  uint32_t size() const override { return 0x2C; }
  uint32_t read(uint32_t offset, unsigned) override {
    switch (offset & ~3u) {
      case 0x00: return regions_ << 8;  // TYPE.DREGION; unified map
      case 0x04: return ctrl_;
      case 0x08: return rnr_;
      case 0x0C: case 0x14: case 0x1C: case 0x24: return rbar_[rnr_] | rnr_;
      case 0x10: case 0x18: case 0x20: case 0x28: return rasr_[rnr_];
      default: return 0;
    }
  }
  void write(uint32_t offset, unsigned, uint32_t value) override {
    switch (offset & ~3u) {
      case 0x04: ctrl_ = value & 7; break;
      case 0x08: if (value < regions_) rnr_ = value; break;
      case 0x0C: case 0x14: case 0x1C: case 0x24:
        if ((value & (1u << 4)) && (value & 0xF) < regions_) rnr_ = value & 0xF;  // VALID: region number in the write
        rbar_[rnr_] = value & ~0x1Fu;
        break;
      case 0x10: case 0x18: case 0x20: case 0x28: rasr_[rnr_] = value; break;
      default: break;
    }
  }
  bool changes_on_its_own(uint32_t) const override { return false; }

 private:
  uint32_t regions_;
  uint32_t ctrl_ = 0, rnr_ = 0;
  std::array<uint32_t, 16> rbar_{}, rasr_{};
};
}  // namespace

std::unique_ptr<Device> make_mpu(uint32_t regions) { return std::make_unique<Mpu>(regions); }

}  // namespace mcusim

// STM32 random number generator (RM0090 F4, RM0385 F7, RM0433 H7, RM0432 L4+):
// CR 0x00 (RNGEN 2, IE 3, CED 5), SR 0x04 (DRDY 0, CECS 1, SECS 2, CEIS 5,
// SEIS 6), DR 0x08. The registers and the rule SR.DRDY = CR.RNGEN come from
// the series file's model; this file supplies DR.
//
// Runs must be reproducible (same ELF and options, same results on every
// machine), so DR is not random: each read while DRDY is set returns the
// next high 32 bits of SplitMix64 (Steele, Lea and Flood, "Fast splittable
// pseudorandom number generators", OOPSLA 2014) started from a fixed seed,
// kDefaultSeed unless the series file gives the "seed" parameter. A read with
// DRDY clear returns 0 and does not advance the sequence. The clock and seed
// errors (CECS/SECS) never occur and the interrupt (IE) is not raised.
#include <fmt/format.h>

#include "peripherals/devices.h"
#include "peripherals/register_block.h"
#include "sim/errors.h"

namespace mcusim {

namespace {

constexpr uint64_t kDefaultSeed = 0x6D637573;  // "mcus"

class Stm32Rng final : public Device {
 public:
  explicit Stm32Rng(const PeripheralSpec& spec) : regs_(require_model(spec), spec.name, spec.resets) {
    const RegisterModel& m = regs_.model();
    const std::string where = fmt::format("peripheral {} (stm32-rng)", spec.name);
    dr_ = m.index_of("DR");
    sr_ = m.index_of("SR");
    if (dr_ < 0 || sr_ < 0) throw InputError(fmt::format("{}: the model needs registers DR and SR", where));
    const auto& sr_fields = m.registers[static_cast<size_t>(sr_)].fields;
    auto drdy = sr_fields.find("DRDY");
    if (drdy == sr_fields.end()) throw InputError(fmt::format("{}: register SR has no field DRDY", where));
    drdy_mask_ = FieldRef{.lsb = drdy->second.first, .width = drdy->second.second}.mask();
    state_ = kDefaultSeed;
    for (const auto& [key, value] : spec.parameters) {
      if (key != "seed") throw InputError(fmt::format("{}: unknown parameter \"{}\" (known: seed)", where, key));
      state_ = value;
    }
  }

  std::string_view name() const override { return regs_.name(); }
  uint32_t size() const override { return regs_.size(); }

  uint32_t read(uint32_t offset, unsigned width) override {
    if (offset / 4 != word_of(dr_)) return regs_.read(offset, width);
    if (!(regs_.value("SR") & drdy_mask_)) return 0;
    // A narrower read takes its lanes of a fresh value (firmware reads DR as a word).
    uint32_t lanes = width >= 4 ? ~0u : (1u << (8 * width)) - 1;
    return (next() >> (8 * (offset & 3))) & lanes;
  }
  void write(uint32_t offset, unsigned width, uint32_t value) override {
    if (offset / 4 != word_of(dr_)) regs_.write(offset, width, value);  // DR is read-only
  }

  std::string register_name(uint32_t offset) const override { return regs_.register_name(offset); }
  std::string describe_bits(uint32_t offset, uint32_t mask) const override { return regs_.describe_bits(offset, mask); }
  // DR gives a new value on every read; CR and SR change only when the CPU writes.
  bool changes_on_its_own(uint32_t offset) const override { return offset / 4 == word_of(dr_); }

 private:
  static std::shared_ptr<const RegisterModel> require_model(const PeripheralSpec& spec) {
    if (!spec.model)
      throw InputError(fmt::format("peripheral {} (stm32-rng): needs a register model (\"model\")", spec.name));
    return spec.model;
  }
  uint32_t word_of(int reg) const { return regs_.model().registers[static_cast<size_t>(reg)].offset / 4; }

  uint32_t next() {  // SplitMix64
    state_ += 0x9E3779B97F4A7C15ull;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return static_cast<uint32_t>((z ^ (z >> 31)) >> 32);
  }

  RegisterBlock regs_;
  int dr_ = -1, sr_ = -1;
  uint32_t drdy_mask_ = 0;
  uint64_t state_ = 0;
};

}  // namespace

std::unique_ptr<Device> make_stm32_rng(const PeripheralSpec& spec) { return std::make_unique<Stm32Rng>(spec); }

}  // namespace mcusim

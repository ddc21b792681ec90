// STM32 CRC calculation unit (RM0090 F4, RM0385 F7, RM0433 H7, RM0432 L4+):
// DR 0x00 (a write feeds data, a read gives the CRC so far), IDR 0x04 (free),
// CR 0x08 (RESET bit 0: DR := the initial value; reads 0), and on the
// programmable units CR POLYSIZE 4:3, REV_IN 6:5, REV_OUT 7, INIT 0x10, POL 0x14.
//
// The registers come from the series file's model; which of them the model
// has is what makes a unit basic (F4: fixed polynomial, 32-bit input only) or
// programmable, so no part is named here:
//   - POL register, or else the "polynomial" parameter (the F4's fixed one);
//   - INIT register, or else DR's reset value (0xFFFFFFFF) is the initial value;
//   - CR fields POLYSIZE, REV_IN, REV_OUT when the model names them;
//   - parameter "input_bits": 32 makes every DR write feed one 32-bit word
//     (RM0090: the unit is accessed by words only; a narrower store feeds the
//     word with its bytes in their lanes and zeros elsewhere); without it a
//     write feeds as many bits as it stores (8, 16 or 32, RM0385 "CRC_DR").
// Data is shifted in most significant bit first (after REV_IN), as the
// reference manuals' CRC-32/MPEG-2 default implies: the 9 bytes "123456789"
// fed as bytes give 0x0376E6E7.
#include <algorithm>

#include <fmt/format.h>

#include "peripherals/devices.h"
#include "peripherals/register_block.h"
#include "sim/errors.h"

namespace mcusim {

namespace {

// CR.POLYSIZE -> polynomial width; CR.REV_IN -> bits reversed as one unit (0: none).
constexpr uint32_t kPolySizeBits[] = {32, 16, 8, 7};
constexpr uint32_t kReverseInBits[] = {0, 8, 16, 32};

uint32_t low_mask(uint32_t bits) { return bits >= 32 ? ~0u : (1u << bits) - 1; }

uint32_t reverse_bits(uint32_t value, uint32_t bits) {
  uint32_t out = 0;
  for (uint32_t i = 0; i < bits; ++i) out |= ((value >> i) & 1u) << (bits - 1 - i);
  return out;
}

// Reverses each `unit`-bit group of the low `bits` bits of `value`.
uint32_t reverse_units(uint32_t value, uint32_t bits, uint32_t unit) {
  if (unit == 0) return value;
  unit = std::min(unit, bits);
  uint32_t out = 0;
  for (uint32_t at = 0; at < bits; at += unit) out |= reverse_bits((value >> at) & low_mask(unit), unit) << at;
  return out;
}

class Stm32Crc final : public Device {
 public:
  explicit Stm32Crc(const PeripheralSpec& spec) : regs_(require_model(spec), spec.name, spec.resets) {
    const RegisterModel& m = regs_.model();
    const std::string where = fmt::format("peripheral {} (stm32-crc)", spec.name);
    dr_ = required_register(m, "DR", where);
    cr_ = required_register(m, "CR", where);
    reset_ = field(m, cr_, "RESET");
    if (reset_.width == 0) throw InputError(fmt::format("{}: register CR has no field RESET", where));
    polysize_ = field(m, cr_, "POLYSIZE");
    rev_in_ = field(m, cr_, "REV_IN");
    rev_out_ = field(m, cr_, "REV_OUT");
    init_ = m.index_of("INIT");
    pol_ = m.index_of("POL");
    for (const auto& [key, value] : spec.parameters) {
      if (key == "polynomial") fixed_polynomial_ = value;
      else if (key == "input_bits" && value == 32) whole_words_ = true;
      else
        throw InputError(fmt::format("{}: unknown parameter \"{}\" = {} (known: polynomial, input_bits = 32)", where, key, value));
    }
    if (pol_ < 0 && spec.parameters.find("polynomial") == spec.parameters.end())
      throw InputError(fmt::format("{}: the model has no POL register and no \"polynomial\" parameter is given", where));
    crc_ = m.registers[static_cast<size_t>(dr_)].reset;
  }

  std::string_view name() const override { return regs_.name(); }
  uint32_t size() const override { return regs_.size(); }

  uint32_t read(uint32_t offset, unsigned width) override {
    if (!is_dr(offset)) return regs_.read(offset, width);
    uint32_t bits = polynomial_bits();
    uint32_t v = crc_ & low_mask(bits);
    if (field_value(rev_out_)) v = reverse_bits(v, bits);
    uint32_t lanes = width >= 4 ? ~0u : (1u << (8 * width)) - 1;
    return (v >> (8 * (offset & 3))) & lanes;
  }

  void write(uint32_t offset, unsigned width, uint32_t value) override {
    if (is_dr(offset)) {
      if (whole_words_) feed((value << (8 * (offset & 3))) & lane_mask(offset, width), 32);
      else feed(value & low_mask(8 * width), 8 * width);
      return;
    }
    regs_.write(offset, width, value);
    if (offset / 4 == register_word(cr_) && ((value << (8 * (offset & 3))) & reset_.mask()))
      crc_ = initial_value();
  }

  std::string register_name(uint32_t offset) const override { return regs_.register_name(offset); }
  std::string describe_bits(uint32_t offset, uint32_t mask) const override { return regs_.describe_bits(offset, mask); }
  bool changes_on_its_own(uint32_t) const override { return false; }  // only CPU writes change it

 private:
  static std::shared_ptr<const RegisterModel> require_model(const PeripheralSpec& spec) {
    if (!spec.model)
      throw InputError(fmt::format("peripheral {} (stm32-crc): needs a register model (\"model\")", spec.name));
    return spec.model;
  }
  static int required_register(const RegisterModel& m, const char* name, const std::string& where) {
    int i = m.index_of(name);
    if (i < 0) throw InputError(fmt::format("{}: the model has no register {}", where, name));
    return i;
  }
  // A field of register `reg`; width 0 when the model does not name it.
  static FieldRef field(const RegisterModel& m, int reg, const char* name) {
    const auto& fields = m.registers[static_cast<size_t>(reg)].fields;
    auto it = fields.find(name);
    if (it == fields.end()) return FieldRef{.reg = reg, .lsb = 0, .width = 0};
    return FieldRef{.reg = reg, .lsb = it->second.first, .width = it->second.second};
  }
  static uint32_t lane_mask(uint32_t offset, unsigned width) {
    return (width >= 4 ? ~0u : (1u << (8 * width)) - 1) << (8 * (offset & 3));
  }

  uint32_t register_word(int reg) const { return regs_.model().registers[static_cast<size_t>(reg)].offset / 4; }
  bool is_dr(uint32_t offset) const { return offset / 4 == register_word(dr_); }
  uint32_t field_value(const FieldRef& f) const {
    if (f.width == 0) return 0;
    return (regs_.value(regs_.model().registers[static_cast<size_t>(f.reg)].name) & f.mask()) >> f.lsb;
  }
  uint32_t register_value(int reg) const { return regs_.value(regs_.model().registers[static_cast<size_t>(reg)].name); }
  uint32_t polynomial_bits() const { return kPolySizeBits[field_value(polysize_) & 3]; }
  uint32_t polynomial() const { return pol_ >= 0 ? register_value(pol_) : fixed_polynomial_; }
  uint32_t initial_value() const {
    return init_ >= 0 ? register_value(init_) : regs_.model().registers[static_cast<size_t>(dr_)].reset;
  }

  // Shifts the low `bits` bits of `data` into the CRC, most significant first.
  void feed(uint32_t data, uint32_t bits) {
    data = reverse_units(data, bits, kReverseInBits[field_value(rev_in_) & 3]);
    const uint32_t n = polynomial_bits(), mask = low_mask(n), poly = polynomial() & mask;
    uint32_t crc = crc_ & mask;
    for (uint32_t i = bits; i-- > 0;) {
      uint32_t top = (crc >> (n - 1)) & 1u;
      crc = (crc << 1) & mask;
      if (top ^ ((data >> i) & 1u)) crc ^= poly;
    }
    crc_ = crc;
  }

  RegisterBlock regs_;  // IDR, CR, INIT, POL as the model says (DR is computed here)
  int dr_ = -1, cr_ = -1, init_ = -1, pol_ = -1;
  FieldRef reset_, polysize_, rev_in_, rev_out_;
  uint32_t fixed_polynomial_ = 0;
  bool whole_words_ = false;
  uint32_t crc_ = 0;
};

}  // namespace

std::unique_ptr<Device> make_stm32_crc(const PeripheralSpec& spec) { return std::make_unique<Stm32Crc>(spec); }

}  // namespace mcusim

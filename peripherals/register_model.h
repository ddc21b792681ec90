// Peripheral registers as data: offsets, reset values, writable bits, and
// rules that say how status bits follow control bits.
//
// Most of what start-up code touches on a microcontroller is a register file
// whose status bits answer its control bits: RCC_CR.HSERDY follows HSEON,
// RCC_CFGR.SWS follows SW, USART_ISR.TEACK follows CR1.TE. A RegisterModel
// describes such a block (from a series file, peripherals/series/*.json) and
// a RegisterBlock device (register_block.h) behaves as it says. Rules:
//
//   "CR.HSERDY = CR.HSEON"            status field = control field, on read
//   "ISR.TEACK = CR1.TE & CR1.UE"     AND of fields (same width) or constants
//   "CSR1.ACTVOSRDY = 1"              a constant
//   "EVENTS_HFCLKSTARTED <- TASKS_HFCLKSTART"
//                                     writing non-zero to the right-hand
//                                     register sets the left-hand field to 1s
//
// A field is REG.NAME (a field named in the register's "fields") or
// REG[bit] / REG[msb:lsb].
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace mcusim {

struct FieldRef {
  int reg = -1;  // index into RegisterModel::registers; -1: a constant
  uint32_t lsb = 0, width = 1;
  uint32_t constant = 0;
  uint32_t mask() const { return (width >= 32 ? ~0u : ((1u << width) - 1)) << lsb; }
};

struct RegisterSpec {
  std::string name;
  uint32_t offset = 0;
  uint32_t reset = 0;
  uint32_t writable = ~0u;    // bits a write changes; the rest keep their value
  uint32_t clear_on_0 = 0;    // rc_w0: writing 0 clears, 1 leaves (status flags)
  uint32_t clear_on_1 = 0;    // rc_w1: writing 1 clears
  int set_reset_of = -1;      // BSRR-style: low half sets, high half clears that register's bits
  int sets = -1, clears = -1; // OUTSET/OUTCLR-style: ones written set / clear that register's bits
  std::map<std::string, std::pair<uint32_t, uint32_t>, std::less<>> fields;  // name -> (lsb, width)
};

struct FollowRule {
  FieldRef target;
  std::vector<FieldRef> terms;  // ANDed
};

struct TriggerRule {
  FieldRef target;  // set to all ones
  int source = -1;  // register whose non-zero write triggers it
};

struct RegisterModel {
  std::string name;
  uint32_t size = 0x400;
  bool keep_unknown = false;  // offsets not described read back what was written (bus matrices, FMC)
  std::vector<RegisterSpec> registers;
  std::vector<FollowRule> follows;
  std::vector<TriggerRule> triggers;

  int index_of(std::string_view register_name) const;
  // "RCC.CR.HSERDY (bit 17)" style name of the bits `mask` of register `reg`.
  std::string describe_bits(int reg, uint32_t mask) const;
};

// Parses one model; `where` names it in error messages (InputError).
RegisterModel parse_register_model(const nlohmann::json& model, const std::string& name, const std::string& where);

}  // namespace mcusim

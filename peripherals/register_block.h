// A device that behaves as a RegisterModel says (peripherals/register_model.h):
// registers hold what was written (within their writable bits, with byte and
// halfword writes merged into the word), rc_w0/rc_w1 flags clear, BSRR-style
// registers set and clear another one, status fields follow control fields.
// Code that rules cannot express (the clock tree, the Flash accelerator)
// watches writes through `on_write`.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "peripherals/device.h"
#include "peripherals/register_model.h"

namespace mcusim {

class RegisterBlock final : public Device {
 public:
  // `resets` overrides reset values per register name (GPIOA and GPIOB differ from the others).
  RegisterBlock(std::shared_ptr<const RegisterModel> model, std::string name,
                const std::vector<std::pair<std::string, uint32_t>>& resets = {});

  std::string_view name() const override { return name_; }
  uint32_t size() const override { return model_->size; }
  uint32_t read(uint32_t offset, unsigned width) override;
  void write(uint32_t offset, unsigned width, uint32_t value) override;
  std::string register_name(uint32_t offset) const override;
  std::string describe_bits(uint32_t offset, uint32_t mask) const override;
  bool changes_on_its_own(uint32_t) const override { return false; }

  // The value firmware would read (rules applied); 0 for unknown names.
  uint32_t value(std::string_view register_name) const;
  const RegisterModel& model() const { return *model_; }
  // Called after every write with the register index written.
  std::function<void(RegisterBlock&, int)> on_write;

 private:
  uint32_t read_register(size_t index) const;
  int index_at(uint32_t offset) const;

  std::shared_ptr<const RegisterModel> model_;
  std::string name_;
  std::vector<uint32_t> values_;
  std::vector<int16_t> by_word_;         // word offset -> register index, -1 none
  std::vector<uint32_t> unknown_words_;  // keep_unknown: the other words
};

}  // namespace mcusim

#include "peripherals/register_block.h"

#include <fmt/format.h>

namespace mcusim {

RegisterBlock::RegisterBlock(std::shared_ptr<const RegisterModel> model, std::string name,
                             const std::vector<std::pair<std::string, uint32_t>>& resets)
    : model_(std::move(model)), name_(std::move(name)) {
  values_.resize(model_->registers.size());
  by_word_.assign(model_->size / 4, -1);
  for (size_t i = 0; i < model_->registers.size(); ++i) {
    values_[i] = model_->registers[i].reset;
    by_word_[model_->registers[i].offset / 4] = static_cast<int16_t>(i);
  }
  for (const auto& [reg, value] : resets)
    if (int i = model_->index_of(reg); i >= 0) values_[static_cast<size_t>(i)] = value;
  if (model_->keep_unknown) unknown_words_.assign(model_->size / 4, 0);
}

int RegisterBlock::index_at(uint32_t offset) const {
  uint32_t word = offset / 4;
  return word < by_word_.size() ? by_word_[word] : -1;
}

uint32_t RegisterBlock::read_register(size_t index) const {
  uint32_t v = values_[index];
  for (const FollowRule& rule : model_->follows) {
    if (static_cast<size_t>(rule.target.reg) != index) continue;
    uint32_t field = rule.target.mask() >> rule.target.lsb;  // all ones of the target's width
    for (const FieldRef& t : rule.terms) {
      uint32_t term = t.reg < 0 ? t.constant : (values_[static_cast<size_t>(t.reg)] & t.mask()) >> t.lsb;
      if (t.reg >= 0 && t.width == 1 && rule.target.width > 1) term = term ? ~0u : 0;
      field &= term;
    }
    v = (v & ~rule.target.mask()) | ((field << rule.target.lsb) & rule.target.mask());
  }
  return v;
}

uint32_t RegisterBlock::read(uint32_t offset, unsigned width) {
  int i = index_at(offset);
  uint32_t word = i >= 0 ? read_register(static_cast<size_t>(i)) : unknown_words_.empty() ? 0 : unknown_words_[offset / 4];
  uint32_t shift = 8 * (offset & 3);
  uint32_t lanes = width >= 4 ? ~0u : ((1u << (8 * width)) - 1);
  return (word >> shift) & lanes;
}

void RegisterBlock::write(uint32_t offset, unsigned width, uint32_t value) {
  uint32_t shift = 8 * (offset & 3);
  uint32_t lanes = (width >= 4 ? ~0u : ((1u << (8 * width)) - 1)) << shift;
  uint32_t v = (value << shift) & lanes;
  int i = index_at(offset);
  if (i < 0) {
    if (!unknown_words_.empty()) unknown_words_[offset / 4] = (unknown_words_[offset / 4] & ~lanes) | v;
    return;
  }
  const RegisterSpec& spec = model_->registers[static_cast<size_t>(i)];
  uint32_t& reg = values_[static_cast<size_t>(i)];
  uint32_t writable = spec.writable & lanes;
  reg = (reg & ~writable) | (v & writable);
  reg &= ~(spec.clear_on_0 & lanes & ~v);
  reg &= ~(spec.clear_on_1 & v);
  if (spec.set_reset_of >= 0) {
    uint32_t& target = values_[static_cast<size_t>(spec.set_reset_of)];
    target &= ~(v >> 16);
    target |= v & 0xFFFFu;  // set wins when both are given
  }
  if (spec.sets >= 0) values_[static_cast<size_t>(spec.sets)] |= v;
  if (spec.clears >= 0) values_[static_cast<size_t>(spec.clears)] &= ~v;
  if (v) {
    for (const TriggerRule& t : model_->triggers)
      if (t.source == i) values_[static_cast<size_t>(t.target.reg)] |= t.target.mask();
  }
  if (on_write) on_write(*this, i);
}

uint32_t RegisterBlock::value(std::string_view register_name) const {
  int i = model_->index_of(register_name);
  return i >= 0 ? read_register(static_cast<size_t>(i)) : 0;
}

std::string RegisterBlock::register_name(uint32_t offset) const {
  int i = index_at(offset);
  if (i < 0) return fmt::format("{}+0x{:03x}", name_, offset);
  return fmt::format("{}.{}", name_, model_->registers[static_cast<size_t>(i)].name);
}

std::string RegisterBlock::describe_bits(uint32_t offset, uint32_t mask) const {
  int i = index_at(offset);
  return i >= 0 ? model_->describe_bits(i, mask) : std::string();
}

}  // namespace mcusim

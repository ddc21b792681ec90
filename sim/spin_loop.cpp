#include "sim/spin_loop.h"

#include <cstdlib>
#include <regex>

namespace mcusim {

namespace {
bool is_load(const DecodedInsn& d) {
  switch (d.cls) {
    case InsnClass::Load: case InsnClass::LoadNarrow: case InsnClass::LoadExclusive: case InsnClass::LoadDual:
    case InsnClass::LoadMultiple:
      return true;
    default:
      return false;
  }
}
bool is_store(const DecodedInsn& d) {
  switch (d.cls) {
    case InsnClass::Store: case InsnClass::StoreExclusive: case InsnClass::StoreDual: case InsnClass::StoreMultiple:
      return true;
    default:
      return false;
  }
}
}  // namespace

bool is_polling_candidate(const std::vector<DecodedInsn>& insns, uint32_t block_address) {
  if (insns.size() < 2 || insns.size() > 16) return false;
  const DecodedInsn& last = insns.back();
  if (!last.branch_target || *last.branch_target != block_address) return false;
  bool loads = false;
  for (const DecodedInsn& d : insns) {
    if (is_store(d) || d.is_call) return false;
    loads |= is_load(d) && d.mem_base >= 0;
  }
  return loads;
}

std::optional<std::vector<SpinLoad>> spin_loads(const std::vector<DecodedInsn>& insns, const uint32_t regs[16]) {
  std::vector<SpinLoad> out;
  RegMask changed = 0;
  for (const DecodedInsn& d : insns) {
    if (is_load(d) && d.mem_base >= 0) {
      RegMask uses = (d.mem_base != 15 ? RegMask{1} << d.mem_base : 0) | (d.mem_index >= 0 ? RegMask{1} << d.mem_index : 0);
      if (uses & changed) return std::nullopt;
      uint32_t base = d.mem_base == 15 ? ((d.address + 4) & ~3u) : regs[d.mem_base];
      uint32_t offset = static_cast<uint32_t>(d.mem_disp);
      if (d.mem_index >= 0) offset += regs[d.mem_index] << d.mem_shift;
      SpinLoad l;
      l.pc = d.address;
      l.address = d.mem_subtract ? base - offset : base + offset;
      RegMask dest = d.writes & ~d.writeback & 0x7FFF;
      for (int r = 0; r < 15; ++r)
        if (dest == (RegMask{1} << r)) l.dest = r;
      out.push_back(l);
    }
    changed |= d.writes;
  }
  return out;
}

uint32_t tested_bits(const std::vector<std::string>& text, size_t index, int reg) {
  if (reg < 0) return 0;
  std::string r = "r" + std::to_string(reg);
  // The register as an operand of its own: "r3" but not "r31"/"r30".
  auto uses = [&](const std::string& s) {
    std::regex word("\\b" + r + "\\b");
    return std::regex_search(s, word);
  };
  auto immediates = [](const std::string& s) {
    std::vector<uint32_t> v;
    static const std::regex imm("#(-?0x[0-9a-fA-F]+|-?[0-9]+)");
    for (auto it = std::sregex_iterator(s.begin(), s.end(), imm); it != std::sregex_iterator(); ++it)
      v.push_back(static_cast<uint32_t>(std::strtoll((*it)[1].str().c_str(), nullptr, 0)));
    return v;
  };
  for (size_t i = index + 1; i < text.size(); ++i) {
    const std::string& s = text[i];
    if (!uses(s)) continue;
    std::vector<uint32_t> imm = immediates(s);
    if ((s.rfind("tst", 0) == 0 || s.rfind("and", 0) == 0 || s.rfind("bic", 0) == 0) && !imm.empty()) return imm.back();
    if (s.rfind("lsls", 0) == 0 && !imm.empty() && imm.back() < 32) return 1u << (31 - imm.back());
    if (s.rfind("lsrs", 0) == 0 && !imm.empty() && imm.back() >= 1 && imm.back() <= 32) return 1u << (imm.back() - 1);
    if ((s.rfind("ubfx", 0) == 0 || s.rfind("sbfx", 0) == 0) && imm.size() >= 2 && imm[1] >= 1 && imm[0] + imm[1] <= 32)
      return (imm[1] >= 32 ? ~0u : ((1u << imm[1]) - 1)) << imm[0];
    return 0;  // used some other way (cmp of the whole value, ...)
  }
  return 0;
}

}  // namespace mcusim

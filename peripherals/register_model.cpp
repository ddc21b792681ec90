#include "peripherals/register_model.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/board.h"
#include "sim/errors.h"

namespace mcusim {

using nlohmann::json;

namespace {

uint32_t number(const json& v, const std::string& where) {
  if (v.is_number_unsigned()) return v.get<uint32_t>();
  if (v.is_string()) return static_cast<uint32_t>(parse_size(v.get<std::string>(), where));
  throw InputError(fmt::format("{}: expected a number or a string like \"0x1F\"", where));
}

std::string trim(std::string_view s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string_view::npos ? std::string() : std::string(s.substr(a, b - a + 1));
}

FieldRef parse_field(const RegisterModel& m, std::string_view text, const std::string& where) {
  std::string t = trim(text);
  FieldRef f;
  if (!t.empty() && std::isdigit(static_cast<unsigned char>(t[0]))) {
    f.constant = static_cast<uint32_t>(std::stoul(t, nullptr, 0));
    return f;
  }
  auto bracket = t.find('[');
  auto dot = t.find('.');
  std::string reg = t.substr(0, std::min(bracket, dot));
  f.reg = m.index_of(reg);
  if (f.reg < 0) throw InputError(fmt::format("{}: rule names register '{}', which the model does not have", where, reg));
  const RegisterSpec& r = m.registers[static_cast<size_t>(f.reg)];
  if (bracket != std::string::npos) {
    std::string inside = t.substr(bracket + 1, t.find(']') - bracket - 1);
    auto colon = inside.find(':');
    uint32_t hi = static_cast<uint32_t>(std::stoul(inside.substr(0, colon)));
    uint32_t lo = colon == std::string::npos ? hi : static_cast<uint32_t>(std::stoul(inside.substr(colon + 1)));
    if (lo > hi || hi > 31) throw InputError(fmt::format("{}: bad bit range in '{}'", where, t));
    f.lsb = lo;
    f.width = hi - lo + 1;
  } else if (dot != std::string::npos) {
    auto it = r.fields.find(t.substr(dot + 1));
    if (it == r.fields.end())
      throw InputError(fmt::format("{}: register {} has no field '{}'", where, r.name, t.substr(dot + 1)));
    f.lsb = it->second.first;
    f.width = it->second.second;
  } else {
    f.lsb = 0;
    f.width = 32;
  }
  return f;
}

std::pair<uint32_t, uint32_t> parse_bits(const json& v, const std::string& where) {
  if (v.is_number_unsigned()) return {v.get<uint32_t>(), 1};
  std::string s = v.get<std::string>();
  auto colon = s.find(':');
  if (colon == std::string::npos) return {static_cast<uint32_t>(std::stoul(s)), 1};
  uint32_t hi = static_cast<uint32_t>(std::stoul(s.substr(0, colon))), lo = static_cast<uint32_t>(std::stoul(s.substr(colon + 1)));
  if (lo > hi || hi > 31) throw InputError(fmt::format("{}: bad bit range '{}'", where, s));
  return {lo, hi - lo + 1};
}

}  // namespace

int RegisterModel::index_of(std::string_view register_name) const {
  for (size_t i = 0; i < registers.size(); ++i)
    if (registers[i].name == register_name) return static_cast<int>(i);
  return -1;
}

std::string RegisterModel::describe_bits(int reg, uint32_t mask) const {
  const RegisterSpec& r = registers[static_cast<size_t>(reg)];
  std::string out;
  for (const auto& [name, bits] : r.fields) {
    uint32_t field_mask = FieldRef{.lsb = bits.first, .width = bits.second}.mask();
    if (!(field_mask & mask)) continue;
    out += fmt::format("{}{}", out.empty() ? "" : ", ", name);
    out += bits.second == 1 ? fmt::format(" (bit {})", bits.first) : fmt::format(" (bits {}:{})", bits.first + bits.second - 1, bits.first);
    mask &= ~field_mask;
  }
  for (uint32_t b = 0; b < 32; ++b)
    if (mask & (1u << b)) out += fmt::format("{}bit {}", out.empty() ? "" : ", ", b);
  return out;
}

RegisterModel parse_register_model(const json& doc, const std::string& name, const std::string& where) {
  RegisterModel m;
  m.name = name;
  try {
    if (doc.contains("size")) m.size = number(doc["size"], where + ".size");
    m.keep_unknown = doc.value("keep_unknown", false);
    for (const json& r : doc.at("registers")) {
      RegisterSpec spec;
      spec.name = r.at("name").get<std::string>();
      std::string rw = where + "." + spec.name;
      spec.offset = number(r.at("offset"), rw + ".offset");
      if (spec.offset % 4 || spec.offset >= m.size) throw InputError(fmt::format("{}: offset 0x{:x} is not a word inside the block", rw, spec.offset));
      if (r.contains("reset")) spec.reset = number(r["reset"], rw + ".reset");
      if (r.contains("writable")) spec.writable = number(r["writable"], rw + ".writable");
      if (r.value("read_only", false)) spec.writable = 0;
      if (r.contains("rc_w0")) spec.clear_on_0 = number(r["rc_w0"], rw + ".rc_w0");
      if (r.contains("rc_w1")) spec.clear_on_1 = number(r["rc_w1"], rw + ".rc_w1");
      if (r.contains("fields"))
        for (const auto& [field, bits] : r["fields"].items()) spec.fields[field] = parse_bits(bits, rw + "." + field);
      m.registers.push_back(std::move(spec));
    }
    // Second pass: references between registers.
    for (size_t i = 0; i < m.registers.size(); ++i) {
      const json& r = doc["registers"][i];
      auto other = [&](const char* key, int& out) {
        if (!r.contains(key)) return;
        out = m.index_of(r[key].get<std::string>());
        if (out < 0) throw InputError(fmt::format("{}.{}: {} names unknown register", where, m.registers[i].name, key));
        m.registers[i].writable = 0;
      };
      other("set_reset", m.registers[i].set_reset_of);
      other("sets", m.registers[i].sets);
      other("clears", m.registers[i].clears);
    }
    for (const json& rule_json : doc.value("rules", json::array())) {
      std::string rule = rule_json.get<std::string>();
      std::string rw = fmt::format("{}: rule \"{}\"", where, rule);
      if (auto arrow = rule.find("<-"); arrow != std::string::npos) {
        TriggerRule t;
        t.target = parse_field(m, rule.substr(0, arrow), rw);
        FieldRef source = parse_field(m, rule.substr(arrow + 2), rw);
        t.source = source.reg;
        if (t.target.reg < 0 || t.source < 0) throw InputError(rw + ": both sides must be registers");
        m.triggers.push_back(t);
        continue;
      }
      auto eq = rule.find('=');
      if (eq == std::string::npos) throw InputError(rw + ": expected 'A = B [& C]' or 'A <- B'");
      FollowRule f;
      f.target = parse_field(m, rule.substr(0, eq), rw);
      if (f.target.reg < 0) throw InputError(rw + ": the left-hand side must be a register field");
      std::string rhs = rule.substr(eq + 1);
      for (size_t start = 0;;) {
        size_t amp = rhs.find('&', start);
        FieldRef term = parse_field(m, rhs.substr(start, amp == std::string::npos ? std::string::npos : amp - start), rw);
        if (term.reg >= 0 && term.width != f.target.width && term.width != 1)
          throw InputError(rw + ": fields of different widths");
        f.terms.push_back(term);
        if (amp == std::string::npos) break;
        start = amp + 1;
      }
      // The status bits are the device's: firmware writes do not change them.
      m.registers[static_cast<size_t>(f.target.reg)].writable &= ~f.target.mask();
      m.follows.push_back(std::move(f));
    }
  } catch (const json::exception& e) {
    throw InputError(fmt::format("{}: {}", where, e.what()));
  } catch (const std::logic_error& e) {  // stoul on a malformed number
    throw InputError(fmt::format("{}: malformed number in a rule or field ({})", where, e.what()));
  }
  return m;
}

}  // namespace mcusim

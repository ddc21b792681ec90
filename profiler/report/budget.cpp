#include "profiler/report/budget.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "profiler/report/format.h"
#include "profiler/report/text_table.h"
#include "sim/errors.h"

namespace mcusim {

namespace {

BudgetLine make_line(std::string what, double limit, double actual, BudgetUnit unit, bool from_board) {
  BudgetLine l;
  l.what = std::move(what);
  l.limit = limit;
  l.actual = actual;
  l.unit = unit;
  l.from_board = from_board;
  l.pass = actual <= limit;
  l.margin_percent = limit > 0 ? (limit - actual) / limit * 100.0 : (actual > 0 ? -100.0 : 0.0);
  return l;
}

std::string value_text(double v, BudgetUnit unit) {
  switch (unit) {
    case BudgetUnit::Bytes: return human_bytes(static_cast<uint64_t>(std::llround(v)));
    case BudgetUnit::Cycles: return with_commas(static_cast<uint64_t>(std::llround(v)));
    case BudgetUnit::Seconds: return human_seconds(v);
  }
  return "";
}

std::string limit_text(const BudgetLine& l) {
  return value_text(l.limit, l.unit) + (l.from_board ? " (board)" : "");
}

std::string verdict(const std::vector<BudgetLine>& lines) {
  std::string failed;
  for (const auto& l : lines) {
    if (l.pass) continue;
    if (!failed.empty()) failed += ", ";
    failed += fmt::format("{} over budget by {}", l.what, value_text(l.actual - l.limit, l.unit));
    if (!l.first_layer_over.empty()) failed += fmt::format(" (first over by the end of layer '{}')", l.first_layer_over);
  }
  if (lines.empty()) return "PASS: no budget to check";
  return failed.empty() ? "PASS: all budgets met" : "FAIL: " + failed;
}

TextTable table(const std::vector<BudgetLine>& lines) {
  TextTable t({"budget", "limit", "actual", "margin", "result"},
              {TextTable::Left, TextTable::Right, TextTable::Right, TextTable::Right, TextTable::Left});
  for (const auto& l : lines)
    t.add_row({l.what, limit_text(l), value_text(l.actual, l.unit), fmt::format("{:.1f}%", l.margin_percent),
               l.pass ? "pass" : "FAIL"});
  return t;
}

}  // namespace

std::vector<BudgetLine> check_budget(const Profile& p, const Budget& b) {
  std::vector<BudgetLine> lines;
  const MemoryProfile& m = p.memory;
  if (b.max_sram || m.sram_size)
    lines.push_back(make_line("peak SRAM", static_cast<double>(b.max_sram.value_or(m.sram_size)),
                              static_cast<double>(m.peak_sram()), BudgetUnit::Bytes, !b.max_sram));
  if (b.max_flash || m.flash_size)
    lines.push_back(make_line("flash", static_cast<double>(b.max_flash.value_or(m.flash_size)),
                              static_cast<double>(m.flash_used), BudgetUnit::Bytes, !b.max_flash));
  if (b.max_cycles)
    lines.push_back(make_line("cycles", static_cast<double>(*b.max_cycles), static_cast<double>(p.cycles),
                              BudgetUnit::Cycles, false));
  if (b.max_seconds) {
    if (!p.clock_hz)
      throw InputError("cannot check a latency budget: the profile has no clock (clock_hz is 0)");
    lines.push_back(make_line("latency", *b.max_seconds, p.seconds(), BudgetUnit::Seconds, false));
  }
  if (b.max_arena) {
    if (!m.arena.size)
      throw InputError("cannot check an arena budget: no arena was measured (name it with --arena SYMBOL|ADDR:SIZE)");
    BudgetLine line = make_line("arena", static_cast<double>(*b.max_arena), static_cast<double>(m.arena.used_bytes),
                                BudgetUnit::Bytes, false);
    if (!line.pass)
      for (const LayerProfile& l : p.layers)
        if (l.arena_used_bytes > *b.max_arena) {
          line.first_layer_over = l.name;
          break;
        }
    lines.push_back(line);
  }
  return lines;
}

bool budget_passed(const std::vector<BudgetLine>& lines) {
  for (const auto& l : lines)
    if (!l.pass) return false;
  return true;
}

std::string format_budget_table(const std::vector<BudgetLine>& lines) {
  return table(lines).to_text() + verdict(lines) + "\n";
}

std::string format_budget_markdown(const std::vector<BudgetLine>& lines) {
  bool ok = budget_passed(lines);
  return fmt::format("### mcusim check: {}\n\n", ok ? "✅ pass" : "❌ budget exceeded") + table(lines).to_markdown() +
         "\n" + verdict(lines) + "\n";
}

double parse_time(std::string_view text, const std::string& what) {
  std::string s;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) s += c;
  auto bad = [&](const std::string& why) {
    return InputError(fmt::format("{}: '{}' {} (examples: 25ms, 300us, 1.5s)", what, text, why));
  };
  if (s.empty()) throw bad("is empty");
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || end == s.data()) throw bad("is not a time");
  std::string unit(end, static_cast<const char*>(s.data() + s.size()));
  double scale = 0;
  if (unit == "s") scale = 1;
  else if (unit == "ms") scale = 1e-3;
  else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") scale = 1e-6;  // us, µs (micro sign, Greek mu)
  else if (unit == "ns") scale = 1e-9;
  else if (unit.empty()) throw bad("has no unit (s, ms, us, ns)");
  else throw bad(fmt::format("has an unknown unit '{}' (use s, ms, us, ns)", unit));
  if (!std::isfinite(value) || value < 0) throw bad("is not a non-negative time");
  return value * scale;
}

}  // namespace mcusim

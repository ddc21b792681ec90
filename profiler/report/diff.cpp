#include "profiler/report/diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "profiler/report/format.h"
#include "profiler/report/text_table.h"

namespace mcusim {

namespace {

using Section = DiffRow::Section;

DiffRow make_row(Section section, std::string what, uint64_t base, uint64_t current, bool budgeted, double threshold,
                 DiffRow::Kind kind = DiffRow::Kind::Count) {
  DiffRow r;
  r.section = section;
  r.what = std::move(what);
  r.base = static_cast<double>(base);
  r.current = static_cast<double>(current);
  r.delta = r.current - r.base;
  if (base) r.delta_percent = r.delta / r.base * 100.0;
  else r.delta_percent = current ? std::numeric_limits<double>::infinity() : 0.0;
  r.budgeted = budgeted;
  r.regressed = budgeted && current > base && r.delta_percent > threshold;
  r.kind = kind;
  return r;
}

// "name" for the first layer of that name, "name #2" for the second, ...
std::vector<std::string> layer_keys(const std::vector<LayerProfile>& layers) {
  std::map<std::string, int> seen;
  std::vector<std::string> keys;
  for (const auto& l : layers) {
    int n = ++seen[l.name];
    keys.push_back(n == 1 ? l.name : fmt::format("{} #{}", l.name, n));
  }
  return keys;
}

std::string value_text(double v, DiffRow::Kind kind) {
  if (kind == DiffRow::Kind::Bytes) return human_bytes(static_cast<uint64_t>(std::llround(std::max(v, 0.0))));
  return with_commas(static_cast<uint64_t>(std::llround(std::max(v, 0.0))));
}

std::string delta_text(const DiffRow& r) {
  if (r.kind == DiffRow::Kind::Bytes) {
    if (r.delta == 0) return "0";
    return (r.delta > 0 ? "+" : "-") + human_bytes(static_cast<uint64_t>(std::llround(std::fabs(r.delta))));
  }
  return signed_with_commas(r.delta);
}

std::string status(const DiffRow& r, bool markdown) {
  if (r.only_in_new) return "added";
  if (r.only_in_base) return "removed";
  if (r.regressed) return markdown ? "❌ **regressed**" : "REGRESSED";
  if (!r.budgeted) return "";
  if (r.delta < 0) return markdown ? "✅ better" : "better";
  return "ok";
}

std::string section_title(Section s) {
  switch (s) {
    case Section::Total: return "Totals";
    case Section::Layer: return "Layers (cycles)";
    case Section::LayerArena: return "Layers (arena bytes touched)";
    case Section::Function: return "Functions (self cycles)";
  }
  return "";
}

TextTable section_table(const DiffResult& d, Section s, bool markdown) {
  TextTable t({s == Section::Total ? "figure" : s == Section::Function ? "function" : "layer", "base", "new", "delta",
               "delta %", "status"},
              {TextTable::Left, TextTable::Right, TextTable::Right, TextTable::Right, TextTable::Right, TextTable::Left});
  for (const auto& r : d.rows) {
    if (r.section != s) continue;
    std::string what = markdown ? "`" + r.what + "`" : r.what;
    if (s == Section::Total) what = r.what;
    t.add_row({what, r.only_in_new ? "-" : value_text(r.base, r.kind), r.only_in_base ? "-" : value_text(r.current, r.kind),
               delta_text(r), signed_percent(r.delta_percent), status(r, markdown)});
  }
  return t;
}

std::string verdict(const DiffResult& d) {
  std::vector<std::string> names;
  for (const auto& r : d.rows)
    if (r.regressed) names.push_back(fmt::format("{} {}", r.what, signed_percent(r.delta_percent)));
  if (names.empty())
    return fmt::format("OK: no budgeted figure grew by more than {}%", d.max_regression_percent);
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return fmt::format("REGRESSION (more than {}%): {}", d.max_regression_percent, list);
}

}  // namespace

DiffResult diff_profiles(const Profile& base, const Profile& cur, const DiffOptions& options) {
  DiffResult d;
  const double t = options.max_regression_percent;
  d.max_regression_percent = t;

  if (base.board != cur.board) d.warnings.push_back(fmt::format("board differs: base '{}', new '{}'", base.board, cur.board));
  if (base.clock_hz != cur.clock_hz)
    d.warnings.push_back(fmt::format("clock differs: base {} Hz, new {} Hz", base.clock_hz, cur.clock_hz));
  if (base.timing != cur.timing)
    d.warnings.push_back(fmt::format("timing model differs: base '{}', new '{}'; cycles are not comparable", base.timing, cur.timing));

  d.rows.push_back(make_row(Section::Total, "total cycles", base.cycles, cur.cycles, true, t));
  d.rows.push_back(make_row(Section::Total, "instructions", base.instructions, cur.instructions, false, t));
  d.rows.push_back(make_row(Section::Total, "peak SRAM", base.memory.peak_sram(), cur.memory.peak_sram(), true, t,
                            DiffRow::Kind::Bytes));
  d.rows.push_back(make_row(Section::Total, "flash", base.memory.flash_used, cur.memory.flash_used, true, t,
                            DiffRow::Kind::Bytes));
  d.rows.push_back(make_row(Section::Total, "stack peak", base.memory.stack_peak, cur.memory.stack_peak, false, t,
                            DiffRow::Kind::Bytes));
  d.rows.push_back(make_row(Section::Total, "heap peak", base.memory.heap_peak, cur.memory.heap_peak, false, t,
                            DiffRow::Kind::Bytes));
  bool arena = base.memory.arena.size || cur.memory.arena.size;
  if (arena)
    d.rows.push_back(make_row(Section::Total, "arena high water", base.memory.arena.high_water_bytes,
                              cur.memory.arena.high_water_bytes, false, t, DiffRow::Kind::Bytes));

  // Layers, by name and occurrence.
  std::vector<std::string> base_keys = layer_keys(base.layers), cur_keys = layer_keys(cur.layers);
  std::map<std::string, const LayerProfile*> base_layers;
  for (size_t i = 0; i < base.layers.size(); ++i) base_layers[base_keys[i]] = &base.layers[i];
  std::map<std::string, bool> matched;
  for (size_t i = 0; i < cur.layers.size(); ++i) {
    auto it = base_layers.find(cur_keys[i]);
    DiffRow r = make_row(Section::Layer, cur_keys[i], it == base_layers.end() ? 0 : it->second->cycles,
                         cur.layers[i].cycles, it != base_layers.end(), t);
    if (it == base_layers.end()) r.only_in_new = true;
    else matched[cur_keys[i]] = true;
    d.rows.push_back(r);
  }
  for (size_t i = 0; i < base.layers.size(); ++i) {
    if (matched.count(base_keys[i])) continue;
    DiffRow r = make_row(Section::Layer, base_keys[i], base.layers[i].cycles, 0, false, t);
    r.only_in_base = true;
    d.rows.push_back(r);
  }
  for (size_t i = 0; arena && i < cur.layers.size(); ++i) {
    auto it = base_layers.find(cur_keys[i]);
    if (it == base_layers.end()) continue;  // listed as added above
    d.rows.push_back(make_row(Section::LayerArena, cur_keys[i], it->second->arena_touched_bytes,
                              cur.layers[i].arena_touched_bytes, false, t, DiffRow::Kind::Bytes));
  }

  // Functions, by name (duplicate names, e.g. static functions, are summed).
  std::map<std::string, uint64_t> base_fn, cur_fn;
  for (const auto& f : base.functions) base_fn[f.name] += f.self_cycles;
  for (const auto& f : cur.functions) cur_fn[f.name] += f.self_cycles;
  std::vector<DiffRow> fn_rows;
  for (const auto& [name, cycles] : cur_fn) {
    auto it = base_fn.find(name);
    DiffRow r = make_row(Section::Function, name, it == base_fn.end() ? 0 : it->second, cycles, false, t);
    r.only_in_new = it == base_fn.end();
    if (r.delta != 0 || r.only_in_new) fn_rows.push_back(r);
  }
  for (const auto& [name, cycles] : base_fn) {
    if (cur_fn.count(name)) continue;
    DiffRow r = make_row(Section::Function, name, cycles, 0, false, t);
    r.only_in_base = true;
    fn_rows.push_back(r);
  }
  std::stable_sort(fn_rows.begin(), fn_rows.end(), [](const DiffRow& a, const DiffRow& b) {
    if (std::fabs(a.delta) != std::fabs(b.delta)) return std::fabs(a.delta) > std::fabs(b.delta);
    return a.what < b.what;
  });
  d.functions_changed = fn_rows.size();
  if (options.top_functions && fn_rows.size() > options.top_functions) fn_rows.resize(options.top_functions);
  d.rows.insert(d.rows.end(), fn_rows.begin(), fn_rows.end());

  for (const auto& r : d.rows) d.regressed = d.regressed || r.regressed;
  return d;
}

std::string format_diff_table(const DiffResult& d) {
  std::string out;
  for (const auto& w : d.warnings) out += "warning: " + w + "\n";
  if (!d.warnings.empty()) out += "\n";
  for (Section s : {Section::Total, Section::Layer, Section::LayerArena, Section::Function}) {
    TextTable t = section_table(d, s, false);
    if (t.rows() == 0) continue;
    std::string title = section_title(s);
    if (s == Section::Function && d.functions_changed > t.rows())
      title += fmt::format(", {} of {} changed", t.rows(), d.functions_changed);
    out += title + "\n" + t.to_text() + "\n";
  }
  return out + verdict(d) + "\n";
}

std::string format_diff_markdown(const DiffResult& d) {
  std::string out = fmt::format("### mcusim diff: {}\n\n", d.regressed ? "❌ regression" : "✅ no regression");
  out += verdict(d) + "\n\n";
  for (const auto& w : d.warnings) out += "> **Warning:** " + w + "\n";
  if (!d.warnings.empty()) out += "\n";
  for (Section s : {Section::Total, Section::Layer, Section::LayerArena, Section::Function}) {
    TextTable t = section_table(d, s, true);
    if (t.rows() == 0) continue;
    std::string title = section_title(s);
    if (s == Section::Function) {
      if (d.functions_changed > t.rows()) title += fmt::format(", {} of {} changed", t.rows(), d.functions_changed);
      out += "<details><summary>" + title + "</summary>\n\n" + t.to_markdown() + "\n</details>\n\n";
    } else {
      out += "#### " + title + "\n\n" + t.to_markdown() + "\n";
    }
  }
  return out;
}

}  // namespace mcusim

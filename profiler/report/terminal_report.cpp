#include "profiler/report/terminal_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "profiler/report/format.h"
#include "profiler/report/text_table.h"

namespace mcusim {

namespace {

std::string ms(const Profile& p, uint64_t cycles) {
  if (!p.clock_hz) return "-";
  return fmt::format("{:.3f}", static_cast<double>(cycles) * 1e3 / static_cast<double>(p.clock_hz));
}

std::string used_of(uint64_t used, uint64_t size) {
  if (!size) return human_bytes(used);
  return fmt::format("{} / {} ({})", human_bytes(used), human_bytes(size), percent(pct(used, size)));
}

std::string totals(const Profile& p) {
  std::string out = "Totals\n";
  TextTable t({"", ""}, {TextTable::Left, TextTable::Left});
  if (!p.board.empty()) {
    std::string detail = p.core;
    if (p.clock_hz) detail += fmt::format("{}{} MHz", detail.empty() ? "" : ", ", static_cast<double>(p.clock_hz) / 1e6);
    t.add_row({"board", detail.empty() ? p.board : fmt::format("{} ({})", p.board, detail)});
  }
  if (!p.timing.empty()) t.add_row({"timing", p.timing});
  t.add_row({"cycles", with_commas(p.cycles)});
  t.add_row({"instructions", with_commas(p.instructions)});
  t.add_row({"CPI", p.instructions ? fmt::format("{:.3f}", static_cast<double>(p.cycles) / static_cast<double>(p.instructions)) : "-"});
  t.add_row({"time", p.clock_hz ? fmt::format("{} at {} MHz", human_seconds(p.seconds()), static_cast<double>(p.clock_hz) / 1e6) : "- (no clock)"});
  if (!p.stop_reason.empty()) t.add_row({"stop", fmt::format("{} (exit code {})", p.stop_reason, p.exit_code)});
  return out + t.to_text(2, false);
}

std::string functions(const Profile& p, size_t top_n) {
  std::vector<const FunctionProfile*> fs;
  for (const auto& f : p.functions) fs.push_back(&f);
  std::stable_sort(fs.begin(), fs.end(), [](auto* a, auto* b) { return a->self_cycles > b->self_cycles; });
  if (top_n && fs.size() > top_n) fs.resize(top_n);
  TextTable t({"function", "self cycles", "self %", "total cycles", "total %", "calls"});
  for (auto* f : fs)
    t.add_row({f->name, with_commas(f->self_cycles), percent(pct(f->self_cycles, p.cycles)), with_commas(f->total_cycles),
               percent(pct(f->total_cycles, p.cycles)), with_commas(f->calls)});
  std::string title = top_n && p.functions.size() > top_n
                          ? fmt::format("Top {} of {} functions (by self cycles)\n", fs.size(), p.functions.size())
                          : "Functions (by self cycles)\n";
  return title + t.to_text();
}

std::string layers(const Profile& p) {
  TextTable t({"layer", "cycles", "%", "ms", "MACs", "cycles/MAC", "stack peak", "SRAM written"});
  uint64_t cycles = 0, macs = 0;
  for (const auto& l : p.layers) {
    cycles += l.cycles;
    macs += l.macs;
    t.add_row({l.name, with_commas(l.cycles), percent(pct(l.cycles, p.cycles)), ms(p, l.cycles),
               l.macs ? with_commas(l.macs) : "-", l.macs ? fmt::format("{:.2f}", l.cycles_per_mac()) : "-",
               human_bytes(l.stack_peak_bytes), human_bytes(l.sram_bytes_written)});
  }
  t.add_row({"(all layers)", with_commas(cycles), percent(pct(cycles, p.cycles)), ms(p, cycles),
             macs ? with_commas(macs) : "-",
             macs ? fmt::format("{:.2f}", static_cast<double>(cycles) / static_cast<double>(macs)) : "-", "", ""});
  return "Layers\n" + t.to_text();
}

std::string memory(const Profile& p) {
  const MemoryProfile& m = p.memory;
  TextTable t({"", ""}, {TextTable::Left, TextTable::Left});
  t.add_row({"flash used", used_of(m.flash_used, m.flash_size)});
  t.add_row({"static SRAM", human_bytes(m.static_sram) + " (data + bss)"});
  // Only estimates say how they were found: the exact figures need no footnote.
  auto estimate = [](const std::string& method) { return method.starts_with("estimate") ? " (" + method + ")" : std::string(); };
  t.add_row({"stack peak", (m.stack_peak_function.empty() ? human_bytes(m.stack_peak)
                                                         : fmt::format("{} (in {})", human_bytes(m.stack_peak), m.stack_peak_function)) +
                               estimate(m.stack_peak_method)});
  t.add_row({"heap peak", human_bytes(m.heap_peak) + estimate(m.heap_peak_method)});
  t.add_row({"peak SRAM", used_of(m.peak_sram(), m.sram_size) + " (static + stack + heap)"});
  std::string out = "Memory\n" + t.to_text(2, false);
  if (!m.regions.empty()) {
    TextTable r({"region", "kind", "base", "size", "static", "written"}, {TextTable::Left, TextTable::Left});
    for (const auto& u : m.regions)
      r.add_row({u.name, u.kind, fmt::format("0x{:08x}", u.base), human_bytes(u.size), human_bytes(u.static_bytes),
                 u.kind == "flash" ? "-" : human_bytes(u.written_bytes)});
    out += "\n" + r.to_text();
  }
  return out;
}

std::string caches(const Profile& p) {
  TextTable t({"cache", "hits", "misses", "hit rate"});
  for (const auto& c : p.caches)
    t.add_row({c.name, with_commas(c.hits), with_commas(c.misses), percent(pct(c.hits, c.hits + c.misses))});
  return "Caches\n" + t.to_text();
}

}  // namespace

std::string format_summary(const Profile& p, size_t top_n) {
  std::string out = totals(p);
  if (!p.functions.empty()) out += "\n" + functions(p, top_n);
  if (!p.layers.empty()) out += "\n" + layers(p);
  out += "\n" + memory(p);
  if (!p.caches.empty()) out += "\n" + caches(p);
  return out;
}

}  // namespace mcusim

#include "profiler/report/terminal_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "profiler/layer_summary.h"
#include "profiler/report/format.h"
#include "profiler/report/text_table.h"
#include "sim/symbolizer.h"

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
  // Same name in several files (TF-Lite Micro's kernels each have a
  // tflite::(anonymous namespace)::Eval): the file tells the rows apart.
  std::map<std::string_view, int> uses;
  for (const auto& f : p.functions) ++uses[f.name];
  auto shown_name = [&uses](const FunctionProfile& f) {
    return uses[f.name] < 2 ? f.name : name_with_place(f.name, f.file, f.address);
  };
  TextTable t({"function", "self cycles", "self %", "total cycles", "total %", "calls"});
  for (auto* f : fs)
    t.add_row({shown_name(*f), with_commas(f->self_cycles), percent(pct(f->self_cycles, p.cycles)), with_commas(f->total_cycles),
               percent(pct(f->total_cycles, p.cycles)), with_commas(f->calls)});
  std::string title = top_n && p.functions.size() > top_n
                          ? fmt::format("Top {} of {} functions (by self cycles)\n", fs.size(), p.functions.size())
                          : "Functions (by self cycles)\n";
  return title + t.to_text();
}

bool any_operator(const Profile& p) {
  return std::any_of(p.layers.begin(), p.layers.end(), [](const LayerProfile& l) { return !l.operator_type.empty(); });
}
std::string macs_text(uint64_t macs) { return macs ? with_commas(macs) : "-"; }
std::string cycles_per_mac_text(double cycles, uint64_t macs) {
  return macs ? fmt::format("{:.2f}", cycles / static_cast<double>(macs)) : "-";
}

// Repeated inferences: one row per layer name, its calls aggregated.
std::string repeated_layers(const Profile& p, const std::vector<LayerSummary>& summary) {
  bool ops = any_operator(p);
  bool arena = p.memory.arena.size > 0;
  std::vector<std::string> head = {"layer", "calls", "total cycles", "%", "mean", "min", "max", "MACs", "mean cycles/MAC"};
  if (ops) head.insert(head.begin() + 1, "operator");
  if (arena) head.insert(head.end(), {"max arena touched", "arena used"});
  TextTable t(head);
  uint64_t cycles = 0;
  for (const LayerSummary& l : summary) {
    cycles += l.total_cycles;
    std::vector<std::string> row = {l.name, with_commas(l.count), with_commas(l.total_cycles), percent(pct(l.total_cycles, p.cycles)),
                                    with_commas(static_cast<uint64_t>(l.mean_cycles() + 0.5)), with_commas(l.min_cycles),
                                    with_commas(l.max_cycles), macs_text(l.macs), cycles_per_mac_text(l.mean_cycles(), l.macs)};
    if (ops) row.insert(row.begin() + 1, l.operator_type.empty() ? "-" : l.operator_type);
    if (arena) row.insert(row.end(), {human_bytes(l.max_arena_touched_bytes), human_bytes(l.arena_used_bytes)});
    t.add_row(row);
  }
  std::vector<std::string> all = {"(all layers)", with_commas(p.layers.size()), with_commas(cycles), percent(pct(cycles, p.cycles)), "", "", "", "", ""};
  if (ops) all.insert(all.begin() + 1, "");
  if (arena) all.insert(all.end(), {"", ""});
  t.add_row(all);
  std::string from = p.layer_source_reason.empty() ? "" : fmt::format("; from: {}", p.layer_source_reason);
  if (!p.model_symbol.empty()) from += fmt::format("; operators from the TF-Lite model {}", p.model_symbol);
  return fmt::format("Layers ({} calls of {} layers, aggregated; each call in --json{})\n", p.layers.size(), summary.size(), from) +
         t.to_text();
}

std::string layers(const Profile& p) {
  std::vector<LayerSummary> summary = summarise_layers(p.layers);
  if (layers_repeat(summary, p.layers.size())) return repeated_layers(p, summary);
  bool ops = any_operator(p), arena = p.memory.arena.size > 0;
  std::vector<std::string> head = {"layer", "cycles", "%", "ms", "MACs", "cycles/MAC", "stack peak", "SRAM written"};
  if (ops) head.insert(head.begin() + 1, "operator");
  if (arena) head.insert(head.end(), {"arena touched", "arena used"});
  TextTable t(head);
  uint64_t cycles = 0, macs = 0;
  for (const auto& l : p.layers) {
    cycles += l.cycles;
    macs += l.macs;
    std::vector<std::string> row = {l.name, with_commas(l.cycles), percent(pct(l.cycles, p.cycles)), ms(p, l.cycles),
                                    macs_text(l.macs), cycles_per_mac_text(static_cast<double>(l.cycles), l.macs),
                                    human_bytes(l.stack_peak_bytes), human_bytes(l.sram_bytes_written)};
    if (ops) row.insert(row.begin() + 1, l.operator_type.empty() ? "-" : l.operator_type);
    if (arena) row.insert(row.end(), {human_bytes(l.arena_touched_bytes), human_bytes(l.arena_used_bytes)});
    t.add_row(row);
  }
  std::vector<std::string> all = {"(all layers)", with_commas(cycles), percent(pct(cycles, p.cycles)), ms(p, cycles),
                                  macs_text(macs), cycles_per_mac_text(static_cast<double>(cycles), macs), "", ""};
  if (ops) all.insert(all.begin() + 1, "");
  if (arena) all.insert(all.end(), {"", ""});
  t.add_row(all);
  std::string from = p.layer_source_reason.empty() ? "" : fmt::format(" (from: {})", p.layer_source_reason);
  if (!p.model_symbol.empty()) from += fmt::format(" (operators from the TF-Lite model {})", p.model_symbol);
  return "Layers" + from + "\n" + t.to_text();
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
  if (m.arena.size)
    t.add_row({"arena used", fmt::format("{} (high water {}) of {} in {}", human_bytes(m.arena.used_bytes),
                                         human_bytes(m.arena.high_water_bytes), human_bytes(m.arena.size), m.arena.name)});
  t.add_row({"peak SRAM", used_of(m.peak_sram(), m.sram_size) + " (static + stack + heap)"});
  std::string out = "Memory\n" + t.to_text(2, false);
  if (!m.regions.empty()) {
    TextTable r({"region", "kind", "base", "size", "static", "written"}, {TextTable::Left, TextTable::Left});
    for (const auto& u : m.regions)
      r.add_row({u.name, u.kind, fmt::format("0x{:08x}", u.base), human_bytes(u.size), human_bytes(u.static_bytes),
                 u.kind == "flash" ? "-" : human_bytes(u.written_bytes)});
    out += "\n" + r.to_text();
  }
  if (!m.thread_stacks.empty()) {
    // FreeRTOS's uxTaskGetStackHighWaterMark, per task stack: what is left is the margin.
    // "stack in": the object holding a task's stack when its TCB was found;
    // "-" for a row that is a whole object (no TCB: maybe several threads).
    bool tasks = std::any_of(m.thread_stacks.begin(), m.thread_stacks.end(), [](const ThreadStackUse& u) { return u.tcb != 0; });
    std::vector<std::string> head = {"thread stack", "size", "peak", "unused", "cycles", "runs"};
    if (tasks) head.insert(head.begin() + 1, "stack in");
    std::vector<TextTable::Align> align(head.size(), TextTable::Right);
    align[0] = TextTable::Left;
    if (tasks) align[1] = TextTable::Left;
    TextTable r(head, align);
    for (const auto& u : m.thread_stacks) {
      std::vector<std::string> row = {u.name, human_bytes(u.size), human_bytes(u.peak_bytes),
                                      human_bytes(u.size - std::min<uint64_t>(u.size, u.peak_bytes)), with_commas(u.cycles),
                                      with_commas(u.runs)};
      if (tasks) row.insert(row.begin() + 1, u.tcb ? u.object : "-");
      r.add_row(row);
    }
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

#include "profiler/report/html_writer.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "profiler/layer_summary.h"
#include "profiler/report/format.h"
#include "profiler/report/html_page.h"
#include "profiler/report/output_file.h"

namespace mcusim {

using nlohmann::json;

namespace {

// Page-specific style; the frame, tables, charts and legends are in
// html_page.cpp's base style.
const char* const kStyle = R"CSS(
:root { --fg:#1d2430; --muted:#5b6575; --line:#d8dde6; --bg:#f6f7f9; --card:#fff; --accent:#2f6fdb;
        --static:#8c9bb5; --heap:#e3a13b; --stack:#3f8fd8; --limit:#d23c3c; --ok:#2e9b57; }
h3 { font-size:14px; margin:14px 0 6px; color:var(--muted); }
.cards { display:grid; grid-template-columns:repeat(auto-fill, minmax(130px, 1fr)); gap:12px; }
.card { border:1px solid var(--line); border-radius:6px; padding:8px 12px; background:#fbfcfd; }
.card .label { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.card .value { font-size:20px; font-weight:600; font-variant-numeric:tabular-nums; }
.card .sub { color:var(--muted); font-size:12px; }
.card.over .value { color:var(--limit); }
td.name, th.name { text-align:left; white-space:normal; word-break:break-all; }
td.name code { font-size:12.5px; }
tr:hover td { background:#f0f4fb; }
.bar { display:inline-block; height:8px; background:var(--accent); border-radius:2px; vertical-align:middle; }
.chart .axis text { fill:var(--muted); font-size:11px; }
.chart .axis line, .chart .axis path { stroke:#aab3c2; }
.chart .grid line { stroke:#eef1f5; }
)CSS";


const char* const kScript = R"JS(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('profile-data').textContent);
  var el = mcusimChart.el, bytes = mcusimChart.bytes;  // html_chart_helpers.h

  function svgIn(id, width, height) {
    var host = document.getElementById(id);
    host.textContent = '';
    return el('svg', { viewBox: '0 0 ' + width + ' ' + height, width: width, height: height,
                       role: 'img', preserveAspectRatio: 'xMinYMin meet' }, host);
  }
  function num(v) { return Math.round(v).toLocaleString('en-US'); }
  function ms(cycles) { return data.clock_hz ? (cycles * 1e3 / data.clock_hz) : null; }
  function shorten(s, n) { return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }
  // Keeps both ends of long names ("model/block_1…conv2d_relu").
  function middle(s, n) {
    if (s.length <= n) return s;
    var head = Math.ceil((n - 1) / 2);
    return s.slice(0, head) + '\u2026' + s.slice(s.length - (n - 1 - head));
  }
  function niceStep(max, count) {
    if (!(max > 0)) return 1;
    var raw = max / count, p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  }
  function niceBytesStep(max, count) {
    if (max < 4096) return niceStep(max, count);
    var raw = max / count, unit = max < 4 * 1048576 ? 1024 : 1048576;
    return niceStep(raw * count / unit, count) * unit;
  }
  function title(node, text) { el('title', {}, node, text); }

  // Per-layer cycles: one horizontal bar per layer.
  function layerChart() {
    var layers = data.layers;
    if (!layers.length) {
      document.getElementById('layer-chart').textContent = 'No layers were recorded in this run.';
      return;
    }
    var W = 1100, left = 220, right = 370, row = 22, top = 8;
    var H = top + layers.length * row + 8;
    var svg = svgIn('layer-chart', W, H);
    var max = Math.max.apply(null, layers.map(function (l) { return l.cycles; })) || 1;
    var scale = (W - left - right) / max;
    layers.forEach(function (l, i) {
      var y = top + i * row;
      var g = el('g', {}, svg);
      var share = data.cycles ? l.cycles / data.cycles * 100 : 0;
      var t = l.name + ': ' + num(l.cycles) + ' cycles (' + share.toFixed(1) + '%)';
      if (l.macs) t += ', ' + num(l.macs) + ' MACs, ' + (l.cycles / l.macs).toFixed(2) + ' cycles/MAC';
      title(g, t);
      el('text', { x: left - 8, y: y + 15, 'text-anchor': 'end' }, g, middle(l.name, 30));
      el('rect', { x: left, y: y + 3, width: Math.max(1, l.cycles * scale), height: row - 6, rx: 2,
                   fill: 'hsl(' + (215 - Math.min(1, l.cycles / max) * 190) + ',65%,52%)' }, g);
      var label = num(l.cycles) + ' cycles \u00b7 ' + share.toFixed(1) + '%';
      var m = ms(l.cycles);
      if (m !== null) label += ' \u00b7 ' + m.toFixed(3) + ' ms';
      if (l.macs) label += ' \u00b7 ' + (l.cycles / l.macs).toFixed(2) + ' cycles/MAC';
      el('text', { x: left + l.cycles * scale + 6, y: y + 15 }, g, label);
    });
  }

  // Flash and peak SRAM against the board's capacity.
  function capacityChart() {
    var mem = data.memory;
    var W = 1100, left = 120, right = 40, row = 34, top = 10;
    var rows = [
      { name: 'Flash', size: mem.flash_size, parts: [{ v: mem.flash_used, c: '#6b7fa8', n: 'used' }] },
      { name: 'SRAM (peak)', size: mem.sram_size, parts: [
          { v: mem.static_sram, c: 'var(--static)', n: 'static' },
          { v: mem.heap_peak, c: 'var(--heap)', n: 'heap peak' },
          { v: mem.stack_peak, c: 'var(--stack)', n: 'stack peak' }] }
    ];
    var svg = svgIn('capacity-chart', W, top + rows.length * row + 24);
    var width = W - left - right;
    rows.forEach(function (r, i) {
      var y = top + i * row;
      var used = r.parts.reduce(function (a, p) { return a + p.v; }, 0);
      var full = Math.max(r.size, used) || 1;
      el('text', { x: left - 8, y: y + 17, 'text-anchor': 'end' }, svg, r.name);
      el('rect', { x: left, y: y + 4, width: width * (r.size || used) / full, height: 18, fill: '#eef1f5', rx: 2 }, svg);
      var x = left;
      r.parts.forEach(function (p) {
        var w = width * p.v / full;
        var rect = el('rect', { x: x, y: y + 4, width: w, height: 18, fill: p.c }, svg);
        title(rect, r.name + ' ' + p.n + ': ' + bytes(p.v));
        x += w;
      });
      if (r.size) {
        var lx = left + width * r.size / full;
        el('line', { x1: lx, x2: lx, y1: y, y2: y + 26, stroke: 'var(--limit)', 'stroke-width': 2 }, svg);
      }
      var text = bytes(used) + (r.size ? ' of ' + bytes(r.size) + ' (' + (used / r.size * 100).toFixed(1) + '%)'
                                        : ' (capacity unknown)');
      var over = r.size && used > r.size;
      el('text', { x: left + width - 8, y: y + 17, 'text-anchor': 'end', 'font-weight': 600,
                   fill: over ? 'var(--limit)' : 'var(--fg)' }, svg, text + (over ? ' \u2014 OVER CAPACITY' : ''));
    });
    el('text', { x: left, y: top + rows.length * row + 14, class: 'note', fill: 'var(--limit)' }, svg,
       'red line: board capacity');
  }

  // Live SRAM over simulated time: static + heap + stack (stacked steps),
  // layers as bands, the board's SRAM capacity and the peak as lines.
  function timelineChart() {
    var mem = data.memory, samples = mem.timeline.slice().sort(function (a, b) { return a.cycle - b.cycle; });
    var W = 1100, H = 360, left = 80, right = 150, top = 34, bottom = 40;
    var svg = svgIn('timeline-chart', W, H);
    var xmax = data.cycles;
    samples.forEach(function (s) { xmax = Math.max(xmax, s.cycle); });
    data.layers.forEach(function (l) { xmax = Math.max(xmax, l.end_cycle); });
    xmax = xmax || 1;
    var peak = mem.static_sram + mem.stack_peak + mem.heap_peak, dataMax = peak;
    samples.forEach(function (s) { dataMax = Math.max(dataMax, mem.static_sram + s.stack_bytes + s.heap_bytes); });
    var capacityOnScale = mem.sram_size > 0 && mem.sram_size <= 3 * Math.max(dataMax, 1);
    var ymax = Math.max(dataMax * 1.12, capacityOnScale ? mem.sram_size * 1.06 : 0) || 1024;
    var pw = W - left - right, ph = H - top - bottom;
    function X(c) { return left + c / xmax * pw; }
    function Y(v) { return top + ph - v / ymax * ph; }

    // Layer bands.
    data.layers.forEach(function (l, i) {
      if (l.end_cycle <= l.start_cycle) return;
      var band = el('rect', { x: X(l.start_cycle), y: top, width: Math.max(0.5, X(l.end_cycle) - X(l.start_cycle)),
                              height: ph, fill: i % 2 ? '#f3f5f9' : '#e9edf4' }, svg);
      title(band, l.name);
      var w = X(l.end_cycle) - X(l.start_cycle);
      if (w > 60) el('text', { x: X(l.start_cycle) + 3, y: top - 6, 'font-size': 10, fill: 'var(--muted)' }, svg,
                     shorten(l.name, Math.floor((w - 8) / 6.5)));
    });

    // Grid and axes.
    var grid = el('g', { class: 'grid' }, svg), axis = el('g', { class: 'axis' }, svg);
    var ystep = niceBytesStep(ymax, 6);
    for (var v = 0; v <= ymax + 1e-9; v += ystep) {
      el('line', { x1: left, x2: left + pw, y1: Y(v), y2: Y(v) }, grid);
      el('text', { x: left - 6, y: Y(v) + 4, 'text-anchor': 'end' }, axis, bytes(v));
    }
    var useMs = !!data.clock_hz, xunit = useMs ? ms(xmax) : xmax, xstep = useMs ? niceStep(xunit, 8) : Math.max(1, niceStep(xunit, 8));
    for (var t = 0; t <= xunit + 1e-12; t += xstep) {
      var c = useMs ? t * data.clock_hz / 1e3 : t;
      el('line', { x1: X(c), x2: X(c), y1: top + ph, y2: top + ph + 4 }, axis);
      el('text', { x: X(c), y: top + ph + 17, 'text-anchor': 'middle' }, axis,
         useMs ? (+t.toPrecision(6)) + '' : num(t));
    }
    el('text', { x: left + pw / 2, y: H - 6, 'text-anchor': 'middle' }, axis,
       useMs ? 'simulated time (ms)' : 'cycles');
    el('path', { d: 'M' + left + ',' + top + 'V' + (top + ph) + 'H' + (left + pw), fill: 'none' }, axis);

    // Stacked step areas: static at the bottom, then heap, then stack.
    function stepArea(lower, upper, color, name) {
      var xs = [0], lo = [lower(null)], hi = [upper(null)];
      samples.forEach(function (s) { xs.push(s.cycle); lo.push(lower(s)); hi.push(upper(s)); });
      xs.push(xmax);
      var d = 'M' + X(xs[0]) + ',' + Y(hi[0]);
      for (var i = 0; i < hi.length; ++i) d += 'H' + X(xs[i + 1]) + (i + 1 < hi.length ? 'V' + Y(hi[i + 1]) : '');
      d += 'V' + Y(lo[lo.length - 1]);
      for (var j = lo.length - 1; j >= 0; --j) d += 'H' + X(xs[j]) + (j > 0 ? 'V' + Y(lo[j - 1]) : '');
      var p = el('path', { d: d + 'Z', fill: color, 'fill-opacity': 0.85 }, svg);
      title(p, name);
    }
    function st() { return mem.static_sram; }
    function heap(s) { return s ? s.heap_bytes : 0; }
    function stack(s) { return s ? s.stack_bytes : 0; }
    stepArea(function () { return 0; }, st, 'var(--static)', 'static SRAM (data + bss): ' + bytes(mem.static_sram));
    stepArea(st, function (s) { return st() + heap(s); }, 'var(--heap)', 'heap');
    stepArea(function (s) { return st() + heap(s); }, function (s) { return st() + heap(s) + stack(s); },
             'var(--stack)', 'stack');

    // Sample points with exact values.
    samples.forEach(function (s) {
      var total = mem.static_sram + s.stack_bytes + s.heap_bytes;
      var dot = el('circle', { cx: X(s.cycle), cy: Y(total), r: 2.5, fill: '#1d2430' }, svg);
      title(dot, (s.label ? s.label + ': ' : '') + bytes(total) + ' live (stack ' + bytes(s.stack_bytes) +
                 ', heap ' + bytes(s.heap_bytes) + ') at cycle ' + num(s.cycle));
    });

    function hline(v, color, dash, label) {
      el('line', { x1: left, x2: left + pw, y1: Y(v), y2: Y(v), stroke: color, 'stroke-width': 2,
                   'stroke-dasharray': dash }, svg);
      el('text', { x: left + pw + 6, y: Y(v) + 4, fill: color }, svg, label);
    }
    hline(peak, '#1d2430', '5,4', 'peak ' + bytes(peak));
    if (capacityOnScale) hline(mem.sram_size, 'var(--limit)', '', 'SRAM ' + bytes(mem.sram_size));
    else if (mem.sram_size) el('text', { x: left + pw + 6, y: top + 10, fill: 'var(--limit)' }, svg,
                               'SRAM ' + bytes(mem.sram_size) + ' \u2191');
    if (!samples.length)
      el('text', { x: left + 10, y: top + 16, fill: 'var(--muted)' }, svg, 'no timeline samples in this profile');
  }

  layerChart();
  capacityChart();
  timelineChart();
  if (!window.mcusimRenderFailed) {
    var ok = document.createElement('div');
    ok.id = 'render-ok';
    ok.hidden = true;
    document.body.appendChild(ok);
  }
})();
)JS";

std::string esc(const std::string& s) { return html_escape(s); }

std::string card(const std::string& label, const std::string& value, const std::string& sub, bool over = false) {
  return fmt::format("<div class=\"card{}\"><div class=\"label\">{}</div><div class=\"value\">{}</div>"
                     "<div class=\"sub\">{}</div></div>\n",
                     over ? " over" : "", esc(label), esc(value), esc(sub));
}

std::string of_capacity(uint64_t used, uint64_t size) {
  return size ? fmt::format("of {} ({})", human_bytes(size), percent(pct(used, size))) : "capacity unknown";
}

std::string totals_section(const Profile& p) {
  const MemoryProfile& m = p.memory;
  std::string out = "<section id=\"totals\"><h2>Totals</h2><div class=\"cards\">\n";
  out += card("cycles", with_commas(p.cycles), p.timing.empty() ? "" : "timing: " + p.timing);
  out += card("instructions", with_commas(p.instructions),
              p.instructions ? fmt::format("CPI {:.3f}", static_cast<double>(p.cycles) / static_cast<double>(p.instructions)) : "");
  out += card("time", p.clock_hz ? human_seconds(p.seconds()) : "-",
              p.clock_hz ? fmt::format("at {} MHz", static_cast<double>(p.clock_hz) / 1e6) : "no clock");
  out += card("peak SRAM", human_bytes(m.peak_sram()), of_capacity(m.peak_sram(), m.sram_size),
              m.sram_size && m.peak_sram() > m.sram_size);
  out += card("flash", human_bytes(m.flash_used), of_capacity(m.flash_used, m.flash_size),
              m.flash_size && m.flash_used > m.flash_size);
  out += card("stack peak", human_bytes(m.stack_peak), m.stack_peak_function.empty() ? "" : "in " + m.stack_peak_function);
  out += card("heap peak", human_bytes(m.heap_peak), "static SRAM " + human_bytes(m.static_sram));
  if (m.arena.size)
    out += card("arena used", human_bytes(m.arena.used_bytes),
                fmt::format("high water {} of {} in {}", human_bytes(m.arena.high_water_bytes), human_bytes(m.arena.size),
                            m.arena.name));
  out += "</div></section>\n";
  return out;
}

std::string html_row(const std::vector<std::string>& cells) {
  std::string row = "<tr>";
  for (size_t i = 0; i < cells.size(); ++i) row += (i ? "<td>" : "<td class=\"name\">") + cells[i] + "</td>";
  return row + "</tr>\n";
}
std::string html_head(const std::vector<std::string>& cells) {
  std::string row = "<table><thead><tr>";
  for (size_t i = 0; i < cells.size(); ++i) row += (i ? "<th>" : "<th class=\"name\">") + cells[i] + "</th>";
  return row + "</tr></thead><tbody>\n";
}
std::string cycles_per_mac_cell(double cycles, uint64_t macs) { return macs ? fmt::format("{:.2f}", cycles / static_cast<double>(macs)) : "-"; }

// Repeated inferences: one row per layer (operator), its calls aggregated, as in the terminal.
std::string aggregated_layers(const Profile& p, const std::vector<LayerSummary>& summary, bool ops) {
  bool arena = p.memory.arena.size > 0;
  std::vector<std::string> head = {"layer", "calls", "total cycles", "%", "mean", "min", "max", "MACs", "mean cycles/MAC"};
  if (ops) head.insert(head.begin() + 1, "operator");
  if (arena) head.insert(head.end(), {"max arena touched", "arena used", "arena high water"});
  std::string out = fmt::format("<h3>Layers ({} calls of {} layers, aggregated; each call in the JSON report)</h3>",
                                p.layers.size(), summary.size()) + html_head(head);
  for (const LayerSummary& l : summary) {
    std::vector<std::string> row = {esc(l.name), with_commas(l.count), with_commas(l.total_cycles), percent(pct(l.total_cycles, p.cycles)),
                                    with_commas(static_cast<uint64_t>(l.mean_cycles() + 0.5)), with_commas(l.min_cycles),
                                    with_commas(l.max_cycles), l.macs ? with_commas(l.macs) : "-",
                                    cycles_per_mac_cell(l.mean_cycles(), l.macs)};
    if (ops) row.insert(row.begin() + 1, l.operator_type.empty() ? "-" : esc(l.operator_type));
    if (arena)
      row.insert(row.end(), {human_bytes(l.max_arena_touched_bytes), human_bytes(l.arena_used_bytes),
                             human_bytes(l.arena_high_water_bytes)});
    out += html_row(row);
  }
  return out + "</tbody></table>\n";
}

std::string layer_section(const Profile& p) {
  std::string out = "<section id=\"layers\"><h2>Cycles per layer</h2>\n<div class=\"chart\" id=\"layer-chart\"></div>\n";
  if (p.layers.empty()) return out + "</section>\n";
  if (!p.layer_source_reason.empty())
    out += fmt::format("<p class=\"note\">Layers from: {}{}</p>\n", esc(p.layer_source_reason),
                       p.model_symbol.empty() ? "" : esc(fmt::format("; operators from the TF-Lite model {}", p.model_symbol)));
  bool ops = std::any_of(p.layers.begin(), p.layers.end(), [](const LayerProfile& l) { return !l.operator_type.empty(); });
  std::vector<LayerSummary> summary = summarise_layers(p.layers);
  if (layers_repeat(summary, p.layers.size())) return out + aggregated_layers(p, summary, ops) + "</section>\n";
  bool arena = p.memory.arena.size > 0;
  std::vector<std::string> head = {"layer", "cycles", "%", "ms", "MACs", "cycles/MAC", "stack peak", "SRAM written"};
  if (ops) head.insert(head.begin() + 1, "operator");
  if (arena)
    head.insert(head.end(), {"arena read", "arena written", "arena touched", "arena offsets", "arena used", "arena high water"});
  out += "<h3>Layers</h3>" + html_head(head);
  for (const auto& l : p.layers) {
    std::vector<std::string> row = {
        esc(l.name), with_commas(l.cycles), percent(pct(l.cycles, p.cycles)),
        p.clock_hz ? fmt::format("{:.3f}", static_cast<double>(l.cycles) * 1e3 / static_cast<double>(p.clock_hz)) : "-",
        l.macs ? with_commas(l.macs) : "-", cycles_per_mac_cell(static_cast<double>(l.cycles), l.macs),
        human_bytes(l.stack_peak_bytes), human_bytes(l.sram_bytes_written)};
    if (ops) row.insert(row.begin() + 1, l.operator_type.empty() ? "-" : esc(l.operator_type));
    if (arena)
      row.insert(row.end(), {human_bytes(l.arena_read_bytes), human_bytes(l.arena_written_bytes), human_bytes(l.arena_touched_bytes),
                             l.arena_touched_bytes ? fmt::format("{}-{}", l.arena_touched_low, l.arena_touched_high - 1) : "-",
                             human_bytes(l.arena_used_bytes), human_bytes(l.arena_high_water_bytes)});
    out += html_row(row);
  }
  return out + "</tbody></table>\n</section>\n";
}

std::string memory_section(const Profile& p) {
  const MemoryProfile& m = p.memory;
  std::string out = "<section id=\"memory\"><h2>Memory against the board's capacity</h2>\n"
                    "<div class=\"chart\" id=\"capacity-chart\"></div>\n"
                    "<h3>Live SRAM over time</h3><div class=\"chart\" id=\"timeline-chart\"></div>\n"
                    "<div class=\"legend\"><span style=\"--c:var(--static)\">static (data + bss)</span>"
                    "<span style=\"--c:var(--heap)\">heap</span><span style=\"--c:var(--stack)\">stack</span>"
                    "<span style=\"--c:var(--limit)\">SRAM capacity</span><span style=\"--c:#1d2430\">peak "
                    "(static + stack peak + heap peak)</span></div>\n"
                    "<p class=\"note\">Samples are taken at layer boundaries; the stack peak is the deepest point "
                    "of the whole run (stack painting), so it can exceed every sample.</p>\n";
  if (!m.regions.empty()) {
    out += "<h3>Regions</h3><table><thead><tr><th class=\"name\">region</th><th>kind</th><th>base</th><th>size</th>"
           "<th>static</th><th>written during run</th></tr></thead><tbody>\n";
    for (const auto& r : m.regions)
      out += fmt::format("<tr><td class=\"name\">{}</td><td>{}</td><td>0x{:08x}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                         esc(r.name), esc(r.kind), r.base, human_bytes(r.size), human_bytes(r.static_bytes),
                         r.kind == "flash" ? "-" : human_bytes(r.written_bytes));
    out += "</tbody></table>\n";
  }
  if (!m.thread_stacks.empty()) {
    // As the terminal's table: uxTaskGetStackHighWaterMark per task stack.
    bool tasks = std::any_of(m.thread_stacks.begin(), m.thread_stacks.end(), [](const ThreadStackUse& u) { return u.tcb != 0; });
    out += "<h3>Thread stacks (RTOS tasks)</h3><table><thead><tr><th class=\"name\">thread stack</th>";
    if (tasks) out += "<th class=\"name\">stack in</th>";
    out += "<th>base</th><th>size</th><th>peak</th><th>peak %</th><th>unused</th><th>cycles</th><th>runs</th></tr></thead><tbody>\n";
    for (const auto& u : m.thread_stacks) {
      out += fmt::format("<tr><td class=\"name\">{}</td>", esc(u.name));
      if (tasks) out += fmt::format("<td class=\"name\">{}</td>", u.tcb ? esc(u.object) : "-");
      out += fmt::format("<td>0x{:08x}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", u.base,
                         human_bytes(u.size), human_bytes(u.peak_bytes), percent(pct(u.peak_bytes, u.size)),
                         human_bytes(u.size - std::min<uint64_t>(u.size, u.peak_bytes)), with_commas(u.cycles),
                         with_commas(u.runs));
    }
    out += "</tbody></table>\n<p class=\"note\">Each task's peak is counted as FreeRTOS's uxTaskGetStackHighWaterMark "
           "does: from the stack's end down to the lowest word that lost the fill. A row named after a data object "
           "(no \"stack in\") is the whole object, shared by every thread whose stack is in it.</p>\n";
  }
  if (!m.largest_symbols.empty()) {
    out += "<h3>Largest symbols</h3><table><thead><tr><th class=\"name\">symbol</th><th>region</th><th>kind</th>"
           "<th>address</th><th>size</th></tr></thead><tbody>\n";
    size_t n = std::min<size_t>(m.largest_symbols.size(), 15);
    for (size_t i = 0; i < n; ++i) {
      const auto& s = m.largest_symbols[i];
      out += fmt::format("<tr><td class=\"name\"><code>{}</code></td><td>{}</td><td>{}</td><td>0x{:08x}</td><td>{}</td></tr>\n",
                         esc(s.name), esc(s.region), s.is_function ? "code" : "data", s.address, human_bytes(s.size));
    }
    out += "</tbody></table>\n";
  }
  return out + "</section>\n";
}

std::string function_section(const Profile& p, size_t top_n) {
  std::vector<const FunctionProfile*> fs;
  for (const auto& f : p.functions) fs.push_back(&f);
  std::stable_sort(fs.begin(), fs.end(), [](auto* a, auto* b) { return a->self_cycles > b->self_cycles; });
  if (top_n && fs.size() > top_n) fs.resize(top_n);
  std::string out = fmt::format("<section id=\"functions\"><h2>Top functions by self cycles{}</h2>\n",
                                fs.size() < p.functions.size() ? fmt::format(" ({} of {})", fs.size(), p.functions.size()) : "");
  if (fs.empty()) return out + "<p class=\"note\">No function profile in this run.</p></section>\n";
  uint64_t max_self = fs.front()->self_cycles ? fs.front()->self_cycles : 1;
  out += "<table><thead><tr><th class=\"name\">function</th><th>self cycles</th><th>self %</th><th></th>"
         "<th>total cycles</th><th>total %</th><th>calls</th><th class=\"name\">source</th></tr></thead><tbody>\n";
  for (auto* f : fs) {
    std::string source = f->file.empty() ? "" : f->file + (f->line ? ":" + std::to_string(f->line) : "");
    out += fmt::format("<tr><td class=\"name\"><code>{}</code></td><td>{}</td><td>{}</td>"
                       "<td style=\"text-align:left\"><span class=\"bar\" style=\"width:{:.0f}px\"></span></td>"
                       "<td>{}</td><td>{}</td><td>{}</td><td class=\"name\">{}</td></tr>\n",
                       esc(f->name), with_commas(f->self_cycles), percent(pct(f->self_cycles, p.cycles)),
                       120.0 * static_cast<double>(f->self_cycles) / static_cast<double>(max_self),
                       with_commas(f->total_cycles), percent(pct(f->total_cycles, p.cycles)), with_commas(f->calls),
                       esc(source));
  }
  return out + "</tbody></table></section>\n";
}

std::string cache_section(const Profile& p) {
  if (p.caches.empty()) return "";
  std::string out = "<section id=\"caches\"><h2>Caches</h2><table><thead><tr><th class=\"name\">cache</th>"
                    "<th>hits</th><th>misses</th><th>hit rate</th></tr></thead><tbody>\n";
  for (const auto& c : p.caches)
    out += fmt::format("<tr><td class=\"name\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", esc(c.name),
                       with_commas(c.hits), with_commas(c.misses), percent(pct(c.hits, c.hits + c.misses)));
  return out + "</tbody></table></section>\n";
}

// What the charts draw, as JSON safe inside a <script> element.
std::string chart_data(const Profile& p) {
  json layers = json::array();
  for (const auto& l : p.layers)
    layers.push_back({{"name", l.name}, {"start_cycle", l.start_cycle}, {"end_cycle", l.end_cycle},
                      {"cycles", l.cycles}, {"macs", l.macs}});
  json timeline = json::array();
  for (const auto& t : p.memory.timeline)
    timeline.push_back({{"cycle", t.cycle}, {"label", t.label}, {"stack_bytes", t.stack_bytes}, {"heap_bytes", t.heap_bytes}});
  const MemoryProfile& m = p.memory;
  json doc = {{"cycles", p.cycles},
              {"clock_hz", p.clock_hz},
              {"layers", std::move(layers)},
              {"memory",
               {{"flash_used", m.flash_used}, {"flash_size", m.flash_size}, {"static_sram", m.static_sram},
                {"stack_peak", m.stack_peak}, {"heap_peak", m.heap_peak}, {"sram_size", m.sram_size},
                {"timeline", std::move(timeline)}}}};
  std::string text = doc.dump(-1, ' ', true, json::error_handler_t::replace);  // ASCII only
  // "</script" or "<!--" inside a string would end the element: escape every '<'.
  std::string out;
  for (char c : text) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  return out;
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string format_html(const Profile& p, size_t top_functions) {
  std::string name = p.firmware.empty() ? "firmware" : p.firmware;
  if (auto slash = name.find_last_of('/'); slash != std::string::npos) name = name.substr(slash + 1);
  std::string meta = esc(p.firmware.empty() ? name : p.firmware);
  if (!p.board.empty()) meta += " &middot; " + esc(p.board);
  if (!p.core.empty()) meta += " &middot; " + esc(p.core);
  if (p.clock_hz) meta += fmt::format(" &middot; {} MHz", static_cast<double>(p.clock_hz) / 1e6);
  if (!p.timing.empty()) meta += " &middot; timing: " + esc(p.timing);
  if (!p.stop_reason.empty()) meta += fmt::format(" &middot; {} (exit code {})", esc(p.stop_reason), p.exit_code);

  std::string out;
  out += html_page_head("mcusim profile: " + esc(name), kStyle);
  out += "<header><h1>mcusim profile: " + esc(name) + "</h1><div class=\"meta\">" + meta + "</div></header>\n<main>\n";
  out += "<noscript><p class=\"note\">The charts need JavaScript; the tables are complete without it.</p></noscript>\n";
  out += totals_section(p);
  out += layer_section(p);
  out += memory_section(p);
  out += function_section(p, top_functions);
  out += cache_section(p);
  out += "</main>\n<script type=\"application/json\" id=\"profile-data\">" + chart_data(p) + "</script>\n";
  out += "<script>" + std::string(kScript) + "</script>\n</body></html>\n";
  return out;
}

void write_html(const Profile& profile, std::ostream& out, size_t top_functions) {
  out << format_html(profile, top_functions);
}

void write_html(const Profile& profile, const std::string& path, size_t top_functions) {
  write_output_file(path, [&](std::ostream& out) { write_html(profile, out, top_functions); });
}

}  // namespace mcusim

#include "profiler/report/nas_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "profiler/report/html_page.h"
#include "profiler/report/html_writer.h"
#include "profiler/report/output_file.h"

namespace mcusim {

using nlohmann::json;

namespace {

// Page-specific style; the frame, tables, charts and legends are in
// html_page.cpp's base style.
const char* const kStyle = R"CSS(
:root { --fg:#1d2430; --muted:#5b6575; --line:#d8dde6; --bg:#f6f7f9; --card:#fff; --ok:#2e9b57; --bad:#b9c0cc; --limit:#d23c3c; --front:#e3a13b; }
.plots { display:grid; grid-template-columns:repeat(auto-fit, minmax(480px, 1fr)); gap:14px; }
.legend span::before { border-radius:6px; }
th { cursor:pointer; user-select:none; }
th.sorted-asc::after { content:" \25b2"; } th.sorted-desc::after { content:" \25bc"; }
td.text, th.text { text-align:left; }
tr.feasible td:first-child { border-left:4px solid var(--ok); }
tr.front td { background:#fff6e6; }
)CSS";

const char* const kScript = R"JS(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('nas-data').textContent);
  var el = mcusimChart.el, bytes = mcusimChart.bytes;  // html_chart_helpers.h
  function macs(v) { return v >= 1e6 ? (v / 1e6).toFixed(2) + 'M' : (v / 1e3).toFixed(1) + 'k'; }
  function msText(v) { return v.toFixed(3) + ' ms'; }
  function niceStep(max, count) {
    if (!(max > 0)) return 1;
    var raw = max / count, p = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  }

  // One scatter plot: points {x, y, ok, front, label}; limits {x, y} (null: none).
  function scatter(host, spec) {
    var W = 600, H = 380, left = 78, right = 24, top = 16, bottom = 48;
    var pw = W - left - right, ph = H - top - bottom;
    var svg = el('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img' }, host);
    var xs = spec.points.map(function (p) { return p.x; }), ys = spec.points.map(function (p) { return p.y; });
    if (spec.limitX !== null) xs.push(spec.limitX);
    if (spec.limitY !== null) ys.push(spec.limitY);
    var xmax = Math.max.apply(null, xs.concat([1])) * 1.08, ymax = Math.max.apply(null, ys.concat([1e-9])) * 1.08;
    function X(v) { return left + v / xmax * pw; }
    function Y(v) { return top + ph - v / ymax * ph; }
    var xstep = niceStep(xmax, 5), ystep = niceStep(ymax, 5);
    for (var gx = 0; gx <= xmax; gx += xstep) {
      el('line', { x1: X(gx), x2: X(gx), y1: top, y2: top + ph, stroke: '#eef1f5' }, svg);
      el('text', { x: X(gx), y: top + ph + 16, 'text-anchor': 'middle', fill: '#5b6575' }, svg, spec.fx(gx));
    }
    for (var gy = 0; gy <= ymax; gy += ystep) {
      el('line', { x1: left, x2: left + pw, y1: Y(gy), y2: Y(gy), stroke: '#eef1f5' }, svg);
      el('text', { x: left - 6, y: Y(gy) + 4, 'text-anchor': 'end', fill: '#5b6575' }, svg, spec.fy(gy));
    }
    el('line', { x1: left, x2: left + pw, y1: top + ph, y2: top + ph, stroke: '#aab3c2' }, svg);
    el('line', { x1: left, x2: left, y1: top, y2: top + ph, stroke: '#aab3c2' }, svg);
    el('text', { x: left + pw / 2, y: H - 8, 'text-anchor': 'middle' }, svg, spec.xLabel);
    el('text', { x: 14, y: top + ph / 2, 'text-anchor': 'middle', transform: 'rotate(-90 14 ' + (top + ph / 2) + ')' }, svg, spec.yLabel);
    if (spec.limitY !== null) {
      el('line', { x1: left, x2: left + pw, y1: Y(spec.limitY), y2: Y(spec.limitY), stroke: 'var(--limit)', 'stroke-width': 2, 'stroke-dasharray': '6,4', 'class': 'limit' }, svg);
      el('text', { x: left + pw - 4, y: Y(spec.limitY) - 5, 'text-anchor': 'end', fill: 'var(--limit)' }, svg, spec.limitYLabel);
    }
    if (spec.limitX !== null) {
      el('line', { x1: X(spec.limitX), x2: X(spec.limitX), y1: top, y2: top + ph, stroke: 'var(--limit)', 'stroke-width': 2, 'stroke-dasharray': '6,4', 'class': 'limit' }, svg);
      el('text', { x: X(spec.limitX) - 4, y: top + 12, 'text-anchor': 'end', fill: 'var(--limit)' }, svg, spec.limitXLabel);
    }
    if (spec.front) {
      var front = spec.points.filter(function (p) { return p.front; }).sort(function (a, b) { return a.x - b.x; });
      if (front.length > 1)
        el('polyline', { points: front.map(function (p) { return X(p.x) + ',' + Y(p.y); }).join(' '), fill: 'none',
                         stroke: 'var(--front)', 'stroke-width': 2, 'class': 'pareto' }, svg);
    }
    spec.points.forEach(function (p) {
      var c = el('circle', { cx: X(p.x), cy: Y(p.y), r: p.ok ? 5 : 4, fill: p.ok ? 'var(--ok)' : 'var(--bad)',
                             stroke: spec.front && p.front ? 'var(--front)' : 'none', 'stroke-width': 2.5,
                             'class': p.ok ? 'point feasible' : 'point infeasible' }, svg);
      el('title', {}, c, p.label);
    });
  }

  var host = document.getElementById('plots');
  data.boards.forEach(function (board) {
    var rows = data.rows.filter(function (r) { return r.board === board && r.cycles > 0; });
    var sec = document.createElement('div');
    var h = document.createElement('h2');
    h.textContent = board + ': ' + rows.filter(function (r) { return r.ok; }).length + ' of ' + rows.length + ' feasible';
    sec.appendChild(h);
    var grid = document.createElement('div');
    grid.className = 'plots';
    sec.appendChild(grid);
    host.appendChild(sec);
    function label(r) {
      return r.candidate + ': ' + macs(r.macs) + ' MACs, ' + msText(r.ms) + ', peak SRAM ' + bytes(r.peak_sram) +
             ', Flash ' + bytes(r.flash) + (r.ok ? ' (feasible' + (r.front ? ', Pareto front)' : ')') : ' (' + r.status + ')');
    }
    var a = document.createElement('div'); a.className = 'chart'; a.id = 'latency-' + board; grid.appendChild(a);
    scatter(a, { points: rows.map(function (r) { return { x: r.macs, y: r.ms, ok: r.ok, front: r.front, label: label(r) }; }),
                 fx: macs, fy: function (v) { return v.toPrecision(3); }, xLabel: 'MACs', yLabel: 'latency (ms)',
                 limitX: null, limitY: data.max_ms, limitYLabel: data.max_ms !== null ? 'max latency ' + msText(data.max_ms) : '',
                 front: true });
    var b = document.createElement('div'); b.className = 'chart'; b.id = 'memory-' + board; grid.appendChild(b);
    scatter(b, { points: rows.map(function (r) { return { x: r.flash, y: r.peak_sram, ok: r.ok, front: false, label: label(r) }; }),
                 fx: bytes, fy: bytes, xLabel: 'Flash', yLabel: 'peak SRAM (whole program)',
                 limitX: data.max_flash, limitXLabel: data.max_flash !== null ? 'max Flash ' + bytes(data.max_flash) : '',
                 limitY: data.max_sram, limitYLabel: data.max_sram !== null ? 'max SRAM ' + bytes(data.max_sram) : '',
                 front: false });
  });

  // Sortable table: click a header; numbers compare as numbers.
  var table = document.getElementById('rows');
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.addEventListener('click', function () {
      var asc = !th.classList.contains('sorted-asc');
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (o) { o.classList.remove('sorted-asc', 'sorted-desc'); });
      th.classList.add(asc ? 'sorted-asc' : 'sorted-desc');
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (x, y) {
        var a = x.cells[col].getAttribute('data-v'), b = y.cells[col].getAttribute('data-v');
        var na = parseFloat(a), nb = parseFloat(b);
        var c = (!isNaN(na) && !isNaN(nb)) ? na - nb : String(a).localeCompare(String(b));
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });

  if (!window.mcusimRenderFailed) {
    var ok = document.createElement('div');
    ok.id = 'render-ok';
    ok.hidden = true;
    document.body.appendChild(ok);
  }
})();
)JS";

double number(const json& row, const char* key) {
  const json& v = row.contains(key) ? row[key] : json();
  return v.is_number() ? v.get<double>() : 0.0;
}
std::string text(const json& row, const char* key) {
  if (!row.contains(key)) return "";
  const json& v = row[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();
}
bool feasible(const json& row) { return row.value("ok", false) == true && number(row, "cycles") > 0; }

// Columns of the table: key, heading, numeric.
struct Column {
  const char* key;
  const char* heading;
  bool numeric;
};
const Column kColumns[] = {{"candidate", "candidate", false}, {"board", "board", false},   {"engine", "engine", false},
                           {"status", "verdict", false},      {"macs", "MACs", true},      {"params", "params", true},
                           {"flash", "Flash", true},          {"peak_sram", "peak SRAM", true}, {"arena", "arena", true},
                           {"ms", "latency ms", true},        {"cycles", "cycles", true},  {"sram_budget", "SRAM", false},
                           {"flash_budget", "Flash", false},  {"latency_budget", "latency", false}};

std::string script_json(const json& doc) {
  std::string out;
  for (char c : doc.dump(-1, ' ', true, json::error_handler_t::replace)) out += c == '<' ? std::string("\\u003c") : std::string(1, c);
  return out;
}

}  // namespace

std::vector<size_t> nas_pareto_front(const std::vector<json>& rows) {
  std::vector<size_t> front;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!feasible(rows[i])) continue;
    bool beaten = false;
    for (size_t j = 0; j < rows.size() && !beaten; ++j) {
      if (j == i || !feasible(rows[j]) || text(rows[j], "board") != text(rows[i], "board")) continue;
      double mi = number(rows[i], "macs"), mj = number(rows[j], "macs"), li = number(rows[i], "ms"), lj = number(rows[j], "ms");
      beaten = mj >= mi && lj <= li && (mj > mi || lj < li);
    }
    if (!beaten) front.push_back(i);
  }
  return front;
}

std::string format_nas_html(const std::vector<json>& rows, const Budget& budget) {
  std::vector<size_t> front = nas_pareto_front(rows);
  std::vector<std::string> boards;
  json data_rows = json::array();
  for (size_t i = 0; i < rows.size(); ++i) {
    const json& r = rows[i];
    std::string board = text(r, "board");
    if (std::find(boards.begin(), boards.end(), board) == boards.end()) boards.push_back(board);
    data_rows.push_back({{"candidate", text(r, "candidate")}, {"board", board}, {"status", text(r, "status")},
                         {"ok", feasible(r)}, {"macs", number(r, "macs")}, {"ms", number(r, "ms")},
                         {"cycles", number(r, "cycles")}, {"flash", number(r, "flash")},
                         {"peak_sram", number(r, "peak_sram")},
                         {"front", std::find(front.begin(), front.end(), i) != front.end()}});
  }
  auto limit = [](const auto& v) { return v ? json(static_cast<double>(*v)) : json(nullptr); };
  json doc = {{"boards", boards},
              {"rows", data_rows},
              {"max_sram", limit(budget.max_sram)},
              {"max_flash", limit(budget.max_flash)},
              {"max_ms", budget.max_seconds ? json(*budget.max_seconds * 1e3) : json(nullptr)}};

  size_t ok = 0;
  for (const json& r : rows) ok += feasible(r);
  std::string budgets;
  if (budget.max_sram) budgets += fmt::format(" &middot; max SRAM {} B", *budget.max_sram);
  if (budget.max_flash) budgets += fmt::format(" &middot; max Flash {} B", *budget.max_flash);
  if (budget.max_seconds) budgets += fmt::format(" &middot; max latency {:.3f} ms", *budget.max_seconds * 1e3);

  std::string out;
  out += html_page_head("mcusim nas: candidates", kStyle);
  out += fmt::format("<header><h1>mcusim nas: {} candidate x board rows, {} feasible, {} on the Pareto front</h1>"
                     "<div class=\"meta\">boards: {}{}</div></header>\n<main>\n",
                     rows.size(), ok, front.size(), html_escape(fmt::format("{}", fmt::join(boards, ", "))),
                     budgets.empty() ? " &middot; no explicit budgets (feasible: fits the board, as mcusim check)" : budgets);
  out += "<noscript><p class=\"note\">The plots need JavaScript; the table is complete without it.</p></noscript>\n";
  out += "<section id=\"plots\"><div class=\"legend\"><span style=\"--c:var(--ok)\">feasible</span>"
         "<span style=\"--c:var(--bad)\">infeasible</span><span style=\"--c:var(--front)\">Pareto front (MACs vs latency, "
         "feasible only)</span><span style=\"--c:var(--limit)\">budget</span></div></section>\n";
  out += "<section><h2>Candidates</h2><p class=\"note\">Click a heading to sort. Feasible rows have a green edge; "
         "Pareto-front rows are shaded.</p>\n<table id=\"rows\"><thead><tr>";
  for (const Column& c : kColumns) out += fmt::format("<th{}>{}</th>", c.numeric ? "" : " class=\"text\"", c.heading);
  out += "</tr></thead><tbody>\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    bool on_front = std::find(front.begin(), front.end(), i) != front.end();
    out += fmt::format("<tr class=\"{}{}\">", feasible(rows[i]) ? "feasible" : "infeasible", on_front ? " front" : "");
    for (const Column& c : kColumns) {
      std::string v = text(rows[i], c.key);
      std::string shown = v;
      if (c.numeric && c.key == std::string("ms")) shown = fmt::format("{:.3f}", number(rows[i], "ms"));
      out += fmt::format("<td{} data-v=\"{}\">{}</td>", c.numeric ? "" : " class=\"text\"", html_escape(v), html_escape(shown));
    }
    out += "</tr>\n";
  }
  out += "</tbody></table></section>\n</main>\n";
  out += "<script type=\"application/json\" id=\"nas-data\">" + script_json(doc) + "</script>\n";
  out += "<script>" + std::string(kScript) + "</script>\n</body></html>\n";
  return out;
}

void write_nas_html(const std::string& path, const std::vector<json>& rows, const Budget& budget) {
  write_output_file(path, [&](std::ostream& out) { out << format_nas_html(rows, budget); });
}

}  // namespace mcusim

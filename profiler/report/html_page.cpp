#include "profiler/report/html_page.h"

#include "profiler/report/html_chart_helpers.h"
#include "profiler/report/html_render_error.h"

namespace mcusim {

namespace {

const char* const kBaseStyle = R"CSS(
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
header { padding:18px 28px; background:#1d2430; color:#fff; }
header h1 { margin:0 0 4px; font-size:20px; font-weight:600; }
header .meta { color:#c6cedb; font-size:13px; }
main { padding:12px 28px 40px; max-width:1400px; }
section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 18px; margin:16px 0; }
h2 { font-size:16px; margin:0 0 10px; }
table { border-collapse:collapse; width:100%; font-variant-numeric:tabular-nums; }
th, td { padding:4px 8px; border-bottom:1px solid var(--line); text-align:right; white-space:nowrap; }
th { font-size:12px; color:var(--muted); font-weight:600; background:#fbfcfd; position:sticky; top:0; }
.chart svg { width:100%; height:auto; display:block; }
.chart text { font-size:12px; fill:var(--fg); }
.legend { display:flex; gap:16px; font-size:12px; color:var(--muted); margin:4px 0 0; flex-wrap:wrap; }
.legend span::before { content:""; display:inline-block; width:12px; height:12px; margin-right:5px; vertical-align:-2px; background:var(--c); border-radius:2px; }
.note { color:var(--muted); font-size:12.5px; }
#render-error { background:#fde8e8; color:#8a1c1c; border:1px solid #f3b4b4; padding:8px 12px; border-radius:6px; margin:12px 0; }
)CSS";

}  // namespace

std::string html_page_head(std::string_view title, std::string_view page_style) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  // Reports are opened from disk and mailed around: nothing may load from
  // elsewhere, and only the inline style and scripts run.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"mcusim\">\n";
  out += "<title>";
  out += title;
  out += "</title>\n<style>";
  out += kBaseStyle;
  out += page_style;
  out += "</style>\n";
  out += "<script>" + std::string(kRenderErrorHook) + "</script>\n";
  out += "<script>" + std::string(kChartHelpers) + "</script>\n</head>\n<body>\n";
  return out;
}

}  // namespace mcusim

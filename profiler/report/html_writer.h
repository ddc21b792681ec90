// One self-contained HTML page (inline CSS, inline JavaScript drawing inline
// SVG; nothing fetched from the network, enforced by a Content-Security-Policy)
// with the totals, a per-layer cycle bar chart, flash/SRAM use against the
// board's capacity, the memory timeline with the SRAM capacity line, and the
// top functions, layers, regions and largest symbols as tables.
//
// The tables are plain HTML; the charts are drawn by the page's script, which
// adds <div id="render-ok"> when it finished without an exception (a
// window.onerror handler shows <div id="render-error"> otherwise).
#pragma once

#include <cstddef>
#include <ostream>
#include <string>

#include "profiler/profile.h"

namespace mcusim {

std::string format_html(const Profile& profile, size_t top_functions = 25);
void write_html(const Profile& profile, std::ostream& out, size_t top_functions = 25);
// "-" = stdout; throws InputError when the file cannot be written.
void write_html(const Profile& profile, const std::string& path, size_t top_functions = 25);

// Text escaped for HTML element content and attribute values.
std::string html_escape(const std::string& text);

}  // namespace mcusim

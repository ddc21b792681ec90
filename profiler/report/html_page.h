// The parts every mcusim HTML page shares: the document head (security
// policy, the render-error hook and the chart helpers) and the base style
// (page frame, sections, tables, charts, legends, notes, the render-error
// box). Each page adds its own colours (:root) and rules after the base, so
// a page only states what differs.
#pragma once

#include <string>
#include <string_view>

namespace mcusim {

// Everything from <!DOCTYPE html> to the opening <body> tag. `title` must be
// HTML-escaped already; `page_style` follows the base style in one <style>.
std::string html_page_head(std::string_view title, std::string_view page_style);

}  // namespace mcusim

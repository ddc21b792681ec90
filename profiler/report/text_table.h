// Plain-text and Markdown tables for the terminal, budget and diff reports.
#pragma once

#include <string>
#include <vector>

namespace mcusim {

class TextTable {
 public:
  enum Align { Left, Right };
  // One header per column; alignment per column (missing entries: Right,
  // except the first column, which is Left).
  explicit TextTable(std::vector<std::string> headers, std::vector<Align> align = {});
  void add_row(std::vector<std::string> cells);  // short rows are padded with ""
  size_t rows() const { return rows_.size(); }
  // Columns padded to their widest cell, two spaces apart, header underlined
  // with dashes (no header or rule when `header` is false); every line
  // (indented by `indent` spaces) ends in '\n'.
  std::string to_text(int indent = 2, bool header = true) const;
  // GitHub-flavoured Markdown; '|' in cells is escaped.
  std::string to_markdown() const;

 private:
  std::vector<std::string> headers_;
  std::vector<Align> align_;
  std::vector<std::vector<std::string>> rows_;
};

// Display width of UTF-8 text (code points, not bytes).
size_t display_width(const std::string& text);

}  // namespace mcusim

#include "profiler/report/text_table.h"

#include <algorithm>

namespace mcusim {

size_t display_width(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

TextTable::TextTable(std::vector<std::string> headers, std::vector<Align> align)
    : headers_(std::move(headers)), align_(std::move(align)) {
  for (size_t i = align_.size(); i < headers_.size(); ++i) align_.push_back(i == 0 ? Left : Right);
}

void TextTable::add_row(std::vector<std::string> cells) {
  cells.resize(std::max(cells.size(), headers_.size()));
  rows_.push_back(std::move(cells));
}

std::string TextTable::to_text(int indent, bool header) const {
  size_t ncols = headers_.size();
  for (const auto& r : rows_) ncols = std::max(ncols, r.size());
  std::vector<size_t> width(ncols, 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], display_width(row[i]));
  };
  if (header) measure(headers_);
  for (const auto& r : rows_) measure(r);

  std::string out;
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line(static_cast<size_t>(std::max(indent, 0)), ' ');
    for (size_t i = 0; i < ncols; ++i) {
      const std::string cell = i < row.size() ? row[i] : "";
      size_t pad = width[i] - display_width(cell);
      bool right = i < align_.size() && align_[i] == Right;
      if (i) line += "  ";
      if (right) line += std::string(pad, ' ') + cell;
      else line += cell + (i + 1 < ncols ? std::string(pad, ' ') : "");
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  };
  if (header) {
    emit(headers_);
    std::vector<std::string> rule;
    for (size_t i = 0; i < ncols; ++i) rule.push_back(std::string(width[i], '-'));
    emit(rule);
  }
  for (const auto& r : rows_) emit(r);
  return out;
}

std::string TextTable::to_markdown() const {
  auto escape = [](const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '|') out += "\\|";
      else if (c == '\n') out += ' ';
      else out += c;
    }
    return out;
  };
  std::string out = "|";
  for (const auto& h : headers_) out += " " + escape(h) + " |";
  out += "\n|";
  for (size_t i = 0; i < headers_.size(); ++i) out += (align_[i] == Right ? "---:|" : "---|");
  out += "\n";
  for (const auto& r : rows_) {
    out += "|";
    for (size_t i = 0; i < headers_.size(); ++i) out += " " + escape(i < r.size() ? r[i] : "") + " |";
    out += "\n";
  }
  return out;
}

}  // namespace mcusim

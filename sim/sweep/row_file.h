// An output file of rows (CSV or JSON Lines), each appended and flushed as it
// is written, so a killed run loses only the rows in flight. With `append`
// the rows already there are kept (resume); a torn last line is closed off so
// it stays unreadable and its job runs again. Shared by `mcusim sweep` and
// `mcusim nas evaluate`.
#pragma once

#include <fmt/format.h>

#include <fstream>
#include <string>

#include "sim/errors.h"

namespace mcusim {

class RowFile {
 public:
  RowFile(const std::string& path, bool append, const std::string& header) : path_(path) {
    bool has_rows = false, torn = false;
    if (append) {
      std::ifstream in(path, std::ios::binary | std::ios::ate);
      if (in && in.tellg() > 0) {
        has_rows = true;
        in.seekg(-1, std::ios::end);
        torn = in.get() != '\n';
      }
    }
    out_.open(path, append ? std::ios::app : std::ios::trunc);
    if (!out_) throw InputError(fmt::format("cannot write {}", path));
    if (torn) out_ << '\n';
    if (!has_rows) out_ << header;
    out_.flush();
  }
  void write(const std::string& line) {
    out_ << line;
    out_.flush();
    if (!out_) throw InputError(fmt::format("writing {} failed", path_));
  }

 private:
  std::string path_;
  std::ofstream out_;
};

}  // namespace mcusim

// A small command-line reader: options, values and positionals, with errors
// that name the option. Kept here so each command reads its own options.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sim/errors.h"

namespace mcusim::cli {

class Args {
 public:
  Args(std::vector<std::string> words) : words_(std::move(words)) {}

  bool done() const { return pos_ >= words_.size(); }
  const std::string& peek() const { return words_[pos_]; }
  std::string next() { return words_[pos_++]; }
  bool is_option() const { return !done() && peek().size() > 1 && peek()[0] == '-'; }
  std::string value_of(const std::string& option) {
    if (done()) throw InputError(fmt::format("{} needs a value", option));
    return next();
  }
  uint64_t number_of(const std::string& option) {
    std::string v = value_of(option);
    try {
      size_t used = 0;
      uint64_t n = std::stoull(v, &used, 0);
      if (used == v.size()) return n;
    } catch (const std::exception&) {
    }
    throw InputError(fmt::format("{}: '{}' is not a whole number", option, v));
  }
  double seconds_of(const std::string& option) {
    std::string v = value_of(option);
    try {
      size_t used = 0;
      double d = std::stod(v, &used);
      if (used == v.size() && d >= 0) return d;
    } catch (const std::exception&) {
    }
    throw InputError(fmt::format("{}: '{}' is not a number of seconds", option, v));
  }
  std::vector<std::string> rest() {
    std::vector<std::string> out(words_.begin() + static_cast<long>(pos_), words_.end());
    pos_ = words_.size();
    return out;
  }

 private:
  std::vector<std::string> words_;
  size_t pos_ = 0;
};

}  // namespace mcusim::cli

// A 64-bit FNV-1a digest of a sequence of strings: the cache key of candidate
// builds (the inputs' content, not their paths or times). Each part is
// length-prefixed so ("ab","c") and ("a","bc") differ.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace mcusim::nas {

class ContentHash {
 public:
  ContentHash& add(std::string_view part) {
    mix(std::to_string(part.size()) + ":");
    mix(part);
    return *this;
  }
  std::string hex() const { return fmt::format("{:016x}", h_); }

 private:
  void mix(std::string_view bytes) {
    for (unsigned char c : bytes) h_ = (h_ ^ c) * 1099511628211ull;
  }
  uint64_t h_ = 1469598103934665603ull;
};

}  // namespace mcusim::nas

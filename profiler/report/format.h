// Number formatting shared by the text, Markdown and HTML reports.
#pragma once

#include <cstdint>
#include <string>

namespace mcusim {

std::string with_commas(uint64_t value);              // 1234567 -> "1,234,567"
std::string signed_with_commas(double value);        // -1234 -> "-1,234", 12 -> "+12"
std::string human_bytes(uint64_t bytes);              // 2048 -> "2.0 KiB", 100 -> "100 B"
std::string human_seconds(double seconds);            // 0.0123 -> "12.300 ms", 2e-5 -> "20.0 us"
std::string percent(double value, int decimals = 1);  // 12.345 -> "12.3%"
double ratio(uint64_t part, uint64_t whole);          // part / whole, 0 when whole is 0
double pct(uint64_t part, uint64_t whole);            // 100 * ratio(part, whole)
std::string signed_percent(double value);             // 2.5 -> "+2.50%", inf -> "new"

}  // namespace mcusim

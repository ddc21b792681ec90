#include "profiler/report/format.h"

#include <fmt/format.h>

#include <cmath>

namespace mcusim {

double ratio(uint64_t part, uint64_t whole) {
  return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

double pct(uint64_t part, uint64_t whole) { return 100.0 * ratio(part, whole); }

std::string with_commas(uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[static_cast<size_t>(i)];
  }
  return out;
}

std::string signed_with_commas(double value) {
  double rounded = std::llround(value);
  if (rounded == 0) return "0";
  std::string magnitude = with_commas(static_cast<uint64_t>(std::fabs(rounded)));
  return (rounded < 0 ? "-" : "+") + magnitude;
}

std::string human_bytes(uint64_t bytes) {
  if (bytes < 1024) return fmt::format("{} B", bytes);
  double v = static_cast<double>(bytes);
  if (bytes < 1024ull * 1024) return fmt::format("{:.1f} KiB", v / 1024.0);
  if (bytes < 1024ull * 1024 * 1024) return fmt::format("{:.2f} MiB", v / (1024.0 * 1024.0));
  return fmt::format("{:.2f} GiB", v / (1024.0 * 1024.0 * 1024.0));
}

std::string human_seconds(double seconds) {
  double a = std::fabs(seconds);
  if (a == 0) return "0 s";
  if (a >= 1.0) return fmt::format("{:.3f} s", seconds);
  if (a >= 1e-3) return fmt::format("{:.3f} ms", seconds * 1e3);
  if (a >= 1e-6) return fmt::format("{:.1f} us", seconds * 1e6);
  return fmt::format("{:.0f} ns", seconds * 1e9);
}

std::string percent(double value, int decimals) { return fmt::format("{:.{}f}%", value, decimals); }

std::string signed_percent(double value) {
  if (std::isinf(value)) return value > 0 ? "new" : "gone";
  if (std::isnan(value)) return "-";
  if (std::fabs(value) < 0.005) return "0.00%";
  return fmt::format("{:+.2f}%", value);
}

}  // namespace mcusim

#include "sim/cli/progress_bar.h"

#include <fmt/format.h>

#include <cstdio>

namespace mcusim::cli {

namespace {
std::string clock_text(double seconds) {
  auto s = static_cast<long>(seconds + 0.5);
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60) : fmt::format("{}:{:02}", s / 60, s % 60);
}
}  // namespace

ProgressBar::ProgressBar(size_t total, bool enabled) : total_(total), enabled_(enabled && total > 0) {
  if (enabled_) fmt::print(stderr, "\r{}", render(0, total_, 0, 0, 30));
}

std::string ProgressBar::render(size_t done, size_t total, size_t failed, double elapsed_s, int width) {
  size_t filled = total ? done * static_cast<size_t>(width) / total : 0;
  std::string bar = std::string(filled, '#') + std::string(static_cast<size_t>(width) - filled, '-');
  std::string eta = done ? clock_text(elapsed_s / static_cast<double>(done) * static_cast<double>(total - done)) : "?";
  return fmt::format("[{}] {}/{} {:3}%{}  elapsed {}  ETA {}", bar, done, total, total ? done * 100 / total : 100,
                     failed ? fmt::format("  {} failed", failed) : "", clock_text(elapsed_s), eta);
}

void ProgressBar::step(bool failed) {
  ++done_;
  failed_ += failed;
  if (!enabled_) return;
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  fmt::print(stderr, "\r{}\x1b[K", render(done_, total_, failed_, elapsed, 30));
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (enabled_) fmt::print(stderr, "\n");
  enabled_ = false;
}

}  // namespace mcusim::cli

// A one-line progress bar with ETA for long sweeps, redrawn in place on a
// terminal; silent when stderr is not one (logs and CI stay clean).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace mcusim::cli {

class ProgressBar {
 public:
  ProgressBar(size_t total, bool enabled);
  // One more job finished (`failed`: its row is a failure).
  void step(bool failed);
  void finish();  // ends the line
  // "[#####-----] 5/10  50%  1 failed  elapsed 0:12  ETA 0:12"
  static std::string render(size_t done, size_t total, size_t failed, double elapsed_s, int width);

 private:
  size_t total_, done_ = 0, failed_ = 0;
  bool enabled_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

}  // namespace mcusim::cli

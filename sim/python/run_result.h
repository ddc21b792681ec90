// What mcusim.run() returns (Python: mcusim.RunResult); check() reads it too.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "profiler/profile.h"
#include "sim/simulator.h"

namespace mcusim::python {

struct PyRunResult {
  std::string elf, board, core, timing;
  uint64_t clock_hz = 0;
  RunResult result;
  std::optional<Profile> profile;
  std::string output, messages;
  std::vector<std::string> warnings;
  double seconds() const;
};

}  // namespace mcusim::python

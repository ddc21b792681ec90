// Building candidate firmware without CMake: the same arm-none-eabi-gcc
// command lines as firmware_samples/cmake/firmware.cmake (core flags per
// board, -O3, the shared start-up code and the board's linker script), run
// directly so that a search can build thousands of candidates.
//
// The model-independent part (kernels, runtimes, start-up code) is compiled
// once per board into a cache directory; a candidate then costs one compile
// of its model.c, one assembly of its weights and a link.
#pragma once

#include <mutex>
#include <map>
#include <string>
#include <vector>

namespace mcusim::nas {

struct Toolchain {
  std::string gcc = "arm-none-eabi-gcc";
  std::string sources;  // firmware_samples/ (nn/, runtime/, common/, include/)
  std::string cache;    // build directories live here
};

// Fills in defaults: gcc from $MCUSIM_ARM_GCC or PATH, sources from
// $MCUSIM_FIRMWARE_SOURCES or the source tree mcusim was built from. Throws
// InputError when the sources or the compiler are missing.
Toolchain resolve_toolchain(Toolchain t);

// The compile flags for a board ("-mcpu=cortex-m7 -mthumb ..."); InputError
// for a board without a bundled linker script.
std::vector<std::string> board_flags(const std::string& board);
// The board's linker script in firmware_samples/common/ld.
std::string board_linker_script(const std::string& board);

// Runs argv with stdout+stderr to `log`; returns the exit status (-1: could
// not start). Adds the tool's CPU time (user + system, its children
// included) to *cpu_seconds when given: unlike wall time, it does not grow
// with the load of a shared machine. Thread-safe.
int run_tool(const std::vector<std::string>& argv, const std::string& log, double* cpu_seconds = nullptr);

// The object files every candidate for `board` links: compiled once per
// board and content hash of the sources and flags (safe across threads and
// processes: built in a temporary directory, then renamed into place).
class CommonObjects {
 public:
  explicit CommonObjects(Toolchain t) : t_(std::move(t)) {}
  // Throws InputError (with the compiler log's path) when a compile fails.
  std::vector<std::string> for_board(const std::string& board);
  // What building them cost in this run (0 when every board's were cached).
  double build_seconds() const { return build_seconds_; }
  double build_cpu_seconds() const { return build_cpu_seconds_; }

 private:
  double build_seconds_ = 0, build_cpu_seconds_ = 0;
  Toolchain t_;
  std::mutex mutex_;
  std::map<std::string, std::vector<std::string>> built_;
};

}  // namespace mcusim::nas

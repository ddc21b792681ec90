// One candidate to one ELF: generate the engine's C and the weight blob
// in-process (the model generator), then compile and link for the board in
// a build directory named by the content hash of everything that goes into
// the ELF, so an unchanged candidate is never built twice.
#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

#include "sim/nas/toolchain.h"

namespace mcusim::nas {

struct BuildResult {
  std::string elf, dir;
  int64_t arena_bytes = 0;  // the generator's activation plan (planned: the arena it lays out)
  bool cached = false;      // the ELF was already there
  double generate_seconds = 0, compile_seconds = 0;  // host wall time
  double compile_cpu_seconds = 0;  // compiler and linker CPU time (user + system)
};

// The candidate does not fit the board: the link failed because a memory
// region overflowed (a NAS verdict, not an error).
struct DoesNotFit : std::runtime_error {
  DoesNotFit(bool flash, bool sram, const std::string& what) : std::runtime_error(what), flash(flash), sram(sram) {}
  bool flash, sram;  // which overflowed
};

// The linker's words for firmware too large for the board (GNU ld's region
// overflow, sections.ld's RAM assertion) in the link log: throws DoesNotFit.
void check_fits(const std::string& log, const std::string& name, const std::string& board);

// engine: "planned" or "interpreted". Throws InputError for a model the
// generator refuses or a failed compile (message names the log file).
BuildResult build_candidate(const nlohmann::json& model, const std::string& engine, const std::string& board,
                            const Toolchain& toolchain, CommonObjects& common);

}  // namespace mcusim::nas

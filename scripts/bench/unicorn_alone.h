// The speed limit: the same ELF on the bare Unicorn engine with mcusim's
// memory mapping (sim/memory_map.h) and no per-block or per-instruction hook,
// only the interrupt hook that serves semihosting (BKPT 0xAB) so the
// firmware can read its arguments and exit. System space (0xE000E000) is
// plain RAM so start-up code writing SCB/CPACR runs.
#pragma once

#include <string>
#include <vector>

#include "sim/board.h"

namespace mcusim {

struct UnicornAloneResult {
  bool exited = false;  // through semihosting SYS_EXIT
  int exit_code = 0;
  double host_seconds = 0;  // process CPU time of the run (the machine may be shared)
};

UnicornAloneResult run_unicorn_alone(const Board& board, const std::string& elf_path, const std::vector<std::string>& args);

}  // namespace mcusim

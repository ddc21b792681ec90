// The speed limit: the same ELF on the bare Unicorn engine with mcusim's
// memory mapping (sim/memory_map.h) and no per-block or per-instruction hook,
// only the interrupt hook that serves semihosting (BKPT 0xAB) so the
// firmware can read its arguments and exit. System space (0xE000E000) is
// plain RAM so start-up code writing SCB/CPACR runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/board.h"

namespace mcusim {

struct UnicornAloneResult {
  bool exited = false;  // through semihosting SYS_EXIT
  int exit_code = 0;
  double host_seconds = 0;  // process CPU time of the run (the machine may be shared)
  uint64_t blocks = 0;      // block hook calls, when the run had the empty hook
};

// `empty_block_hook`: add one block hook that only counts its calls. Its
// speed is the ceiling of any design that times blocks from a block hook
// (the engine's own dispatch to the hook is in it, no work of ours).
UnicornAloneResult run_unicorn_alone(const Board& board, const std::string& elf_path, const std::vector<std::string>& args,
                                     bool empty_block_hook = false);

}  // namespace mcusim

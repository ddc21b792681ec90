// Error types and the process exit codes they map to.
//
// Inside the library, problems with what the user handed us (files, boards,
// options) are InputError exceptions carrying the full message; the CLI turns
// them into "mcusim: <message>" and kExitInputError. What the firmware does
// (faults, limits) is a simulation result, never an exception.
#pragma once

#include <stdexcept>
#include <string>

namespace mcusim {

// Exit codes of the mcusim command; firmware exit codes pass through otherwise.
// The values follow coreutils' timeout/env so scripts can tell them apart.
enum ExitCode : int {
  kExitOk = 0,
  kExitBudgetExceeded = 1,  // `mcusim check` / `mcusim diff`: a budget was exceeded
  kExitRunLimit = 124,      // a run limit was hit, or the firmware can never finish
  kExitInputError = 125,    // usage error, unreadable ELF, bad board file
  kExitFirmwareFault = 126, // unhandled fault or lockup in the firmware
};

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mcusim

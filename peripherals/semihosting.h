// Arm semihosting (BKPT 0xAB): every call newlib's rdimon uses.
//
// Console I/O goes to the run's stdout/stderr; host files are reachable only
// inside the directory the user names (--semihosting-root), never elsewhere.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "peripherals/device.h"

namespace mcusim {

struct SemihostingConfig {
  std::string root;                 // empty: host file access denied
  std::string command_line;         // what SYS_GET_CMDLINE returns
  uint64_t clock_hz = 1;            // for SYS_CLOCK / SYS_TICKFREQ
  uint32_t heap_base = 0, heap_limit = 0, stack_base = 0, stack_limit = 0;  // SYS_HEAPINFO
  uint32_t time_base = 1700000000;  // SYS_TIME: fixed epoch + simulated seconds, for determinism
};

class Semihosting {
 public:
  Semihosting(DeviceContext& ctx, GuestMemory& memory, SemihostingConfig config, std::FILE* host_stderr);
  ~Semihosting();

  // Performs operation `op` (R0) with parameter `arg` (R1); returns the new R0.
  uint32_t call(uint32_t op, uint32_t arg);

  std::optional<int> exit_code() const { return exit_code_; }
  // Messages about denied or unsupported calls, each reported once.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  struct Handle {
    std::FILE* file = nullptr;
    enum Kind { Stdin, Stdout, Stderr, File, Features } kind = File;
    size_t features_pos = 0;
  };
  uint32_t word(uint32_t address) const;
  std::string guest_string(uint32_t address, uint32_t length) const;
  // A file name: nullopt when too long, unreadable or holding a NUL.
  std::optional<std::string> guest_name(uint32_t address, uint32_t length);
  uint32_t open(uint32_t block);
  uint32_t write(uint32_t block);
  uint32_t read(uint32_t block);
  uint32_t fail(int error);
  void warn_once(const std::string& message);
  std::optional<std::string> host_path(const std::string& guest_name);

  DeviceContext& ctx_;
  GuestMemory& memory_;
  SemihostingConfig config_;
  std::FILE* host_stderr_;
  std::map<uint32_t, Handle> handles_;
  uint32_t next_handle_ = 1;
  int errno_ = 0;
  std::optional<int> exit_code_;
  std::vector<std::string> warnings_;
  std::set<std::string> warned_;
};

}  // namespace mcusim

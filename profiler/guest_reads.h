// Reads of simulated memory shared by the RTOS readers (freertos_tasks,
// threadx_threads, rtx_threads). They check every value they take from a
// control block, so a read that fails means "not a task", never an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/memory_map.h"

namespace mcusim {

// A word at an aligned address of board memory.
inline bool read_word(const MemoryMap& memory, uint32_t address, uint32_t* out) {
  return address % 4 == 0 && memory.read(address, out, 4);
}

// Printable ASCII up to a NUL found within `max_bytes` bytes (the NUL
// counted), as an RTOS keeps a task's name; else nothing.
inline std::optional<std::string> read_c_string(const MemoryMap& memory, uint32_t address, uint32_t max_bytes) {
  std::string text;
  for (uint32_t i = 0; i < max_bytes; ++i) {
    char c = 0;
    if (!memory.read(address + i, &c, 1)) return std::nullopt;
    if (c == 0) return text;
    if (c < 0x20 || c > 0x7e) return std::nullopt;
    text += c;
  }
  return std::nullopt;  // no NUL: not a name
}

}  // namespace mcusim

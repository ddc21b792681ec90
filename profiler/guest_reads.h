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

// newlib's malloc (mallocr.c, Doug Lea's allocator; linked when the ELF
// has `__malloc_av_`): a chunk handed out at `mem` has its size word at
// mem - 4 (bit 0: the chunk before is in use, bit 1: mmapped, never on a
// microcontroller), sizes in units of 8; the next chunk starts at
// mem - 8 + size, and since this one is in use, its size word has bit 0
// set. The chunk may use the next one's first word (its prev_size while
// this one is in use): the block ends at mem - 4 + size, returned when
// all of that checks out.
inline std::optional<uint32_t> newlib_malloc_chunk_end(const MemoryMap& memory, uint32_t mem) {
  uint32_t size = 0, next_size = 0;
  if (mem % 8 || !read_word(memory, mem - 4, &size) || (size & 2)) return std::nullopt;
  uint32_t chunk = size & ~7u;
  if (chunk < 16 || uint64_t{mem} + chunk > 0xFFFFFFFFu || !read_word(memory, mem - 8 + chunk + 4, &next_size) ||
      !(next_size & 1))
    return std::nullopt;
  return mem - 4 + chunk;
}

}  // namespace mcusim

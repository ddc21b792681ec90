// The activation arena's high-water mark: the static buffer a TinyML
// framework allocates tensors from (TF-Lite Micro's tensor_arena, microTVM's
// workspace) or the one `--arena SYMBOL|ADDR:SIZE` names.
//
// The arena is painted when main is entered (start-up code has zeroed .bss
// by then); bytes that no longer hold the paint have been used. Like stack
// painting, a byte the firmware happens to write with the paint value is not
// seen. Unlike it, the paint replaces contents the C start-up code zeroed:
// firmware that reads arena bytes it never wrote sees 0xA5 instead of 0
// (--arena none switches the measurement off).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/elf_image.h"
#include "sim/memory_map.h"

namespace mcusim {

struct ArenaSpec {
  std::string name;  // symbol, or "0x20000000:4096"
  uint32_t base = 0, size = 0;
};

// `option` is --arena's value ("": look for a tensor_arena-like symbol, else
// one matching `framework_pattern`, the layer preset's own buffer name;
// "none": no arena). Throws InputError for an option naming no symbol or a
// malformed range; nullopt when no option is given and no symbol looks like an arena.
std::optional<ArenaSpec> find_arena(const ElfImage& image, const std::string& option,
                                    std::string_view framework_pattern = {});

class ArenaTracker {
 public:
  static constexpr uint8_t kPaint = 0xA5;
  // Throws InputError when the arena is not in the board's RAM.
  ArenaTracker(MemoryMap& memory, ArenaSpec spec);
  void paint();
  bool painted() const { return painted_; }
  // Bytes that no longer hold the paint (0 before painting).
  uint64_t used_bytes() const;
  // Highest used offset + 1: the arena size the run actually needed when
  // allocation grows from the start. Never below `at_least` (an earlier
  // figure: a byte written back with the paint value does not lower it),
  // and only the bytes above it are scanned.
  uint64_t high_water_bytes(uint64_t at_least = 0) const;
  const ArenaSpec& spec() const { return spec_; }

 private:
  MemoryMap& memory_;
  ArenaSpec spec_;
  bool painted_ = false;
};

}  // namespace mcusim

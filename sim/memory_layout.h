// Where a firmware's stack and heap are, from what any linker script leaves
// behind: the initial stack pointer, the board's RAM, and whichever of the
// usual symbols the ELF defines (Arm CMSIS __StackLimit/__HeapBase/
// __HeapLimit, CubeIDE _estack/_Min_Stack_Size/_end, newlib's end), plus
// the variable newlib's _sbrk keeps its break in. Each bound says how it was
// found, so reports and messages can say when a figure is an estimate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/board.h"
#include "sim/elf_image.h"

namespace mcusim {

struct LayoutBound {
  uint32_t address = 0;
  std::string source;  // "__StackLimit", "end of .data/.bss (end)", ...
  bool from_symbol = false;
};

struct MemoryLayout {
  uint32_t stack_top = 0;  // the initial stack pointer, word-aligned
  // Contiguous RAM holding the stack: adjacent regions (F407 SRAM1+SRAM2,
  // F746 DTCM+SRAM1+SRAM2) count as one.
  uint32_t ram_begin = 0, ram_end = 0;
  std::string ram_name;    // "sram1+sram2"
  LayoutBound stack_limit;  // lowest address the stack may use (overflow reports)
  // The stack is a data object (the initial SP is its end): start-up code
  // may have zeroed or filled it (.bss, Zephyr's 0xaa), so its unused words
  // hold what its lowest word holds rather than mcusim's paint.
  bool stack_is_object = false;
  LayoutBound heap_base, heap_limit;
  // Pointer variables an _sbrk moves (CubeIDE __sbrk_heap_end, libgloss
  // heap_end): the heap's top is the one that is not null. An ELF can hold
  // several (libgloss's weak _sbrk is linked in with the other syscalls
  // even when the firmware's own _sbrk replaces it).
  struct BreakVariable {
    uint32_t address;
    std::string name;
  };
  std::vector<BreakVariable> heap_break_variables;
  // Else newlib's (non-nano) malloc counter of the most bytes it took from
  // _sbrk, __malloc_max_sbrked_mem, whatever _sbrk is linked: the heap's top
  // is then the heap base plus its value.
  uint32_t heap_sbrked_variable = 0;
  // NOBITS sections that only reserve heap or stack space (CubeIDE
  // ._user_heap_stack, CMSIS .heap/.stack): not static data.
  std::vector<std::pair<uint32_t, uint32_t>> reservations;  // [begin, end)

  // Whether the heap can lie between the stack limit and the stack (same
  // RAM, no limit symbol between them): then only the heap's break tells
  // heap writes from stack writes.
  bool heap_shares_stack_ram() const {
    return heap_base.address >= stack_limit.address && heap_base.address < stack_top;
  }
  uint64_t reserved_bytes_in(const MemoryRegion& region) const;
};

MemoryLayout find_memory_layout(const ElfImage& image, const Board& board, uint32_t initial_sp);

// The RAM data object whose end `sp` is at most `depth` bytes below: the
// stack a stack pointer set to that object's top is using. Null if none.
const ElfSymbol* stack_object_at(const ElfImage& image, const Board& board, uint32_t sp, uint32_t depth);

}  // namespace mcusim

#include "sim/memory_layout.h"

#include <fmt/format.h>

#include <algorithm>

#include "sim/symbolizer.h"

namespace mcusim {

namespace {
// The first one defined wins. Arm CMSIS (and the nRF, Mbed, Silicon Labs,
// Infineon and NXP armgcc scripts that follow it), GNU, RIOT (_sstack,
// _sheap, _eheap), SEGGER Embedded Studio and TI (__stack_start__,
// __heap_start__, __heap_end__), ChibiOS (__main_stack_base__,
// __heap_base__, __heap_end__), NXP MCUXpresso's managed scripts
// (_vStackBase, _pvHeapStart, _pvHeapLimit), and the names IAR
// (CSTACK$$Base, HEAP$$Base) and armlink (Image$$ARM_LIB_STACK$$ZI$$Base)
// give the linker's stack and heap blocks.
const char* const kStackLimitSymbols[] = {"__StackLimit",  "__stack_limit", "_sstack",      "__stack_start__",
                                          "__main_stack_base__", "_vStackBase", "CSTACK$$Base",
                                          "Image$$ARM_LIB_STACK$$ZI$$Base"};
// Where newlib's _sbrk starts the heap (it uses `end`); CMSIS names the same place __HeapBase.
const char* const kHeapBaseSymbols[] = {"end",           "__end__",        "_end",        "__HeapBase",
                                        "__heap_start",  "__heap_start__", "__heap_base__", "_pvHeapStart",
                                        "_sheap",        "HEAP$$Base",     "Image$$ARM_LIB_HEAP$$ZI$$Base"};
// Not "__heap_limit": newlib's crt0 has a variable of that name.
const char* const kHeapLimitSymbols[] = {"__HeapLimit", "_heap_end",  "__heap_end",  "__heap_end__",
                                         "_pvHeapLimit", "_eheap",    "HEAP$$Limit", "Image$$ARM_LIB_HEAP$$ZI$$Limit"};
// The end of .data/.bss, as newlib-default and CubeIDE scripts name it.
const char* const kStaticEndSymbols[] = {"end", "_end", "__end__"};
// Pointer variables that _sbrk moves: CubeIDE's sysmem.c, then libgloss
// (rdimon, nosys: a static local, "heap_end.0" in the symbol table).
const char* const kBreakVariables[] = {"__sbrk_heap_end", "heap_end"};
// newlib's malloc (mallocr.c): the most bytes it has taken from _sbrk.
const char* const kSbrkedVariable = "__malloc_max_sbrked_mem";

bool is_ram(const MemoryRegion& r) { return r.kind != RegionKind::Flash && r.kind != RegionKind::Peripheral && r.writable; }

const ElfSymbol* first_symbol(const ElfImage& image, const auto& names) {
  for (const char* name : names)
    if (const ElfSymbol* s = image.symbol_named(name)) return s;
  return nullptr;
}

struct Span {
  uint32_t begin = 0, end = 0;
  std::string name;
};

// The run of adjacent RAM regions around `address`.
Span contiguous_ram(const Board& board, uint32_t address) {
  const MemoryRegion* r = board.region_at(address);
  if (!r || !is_ram(*r)) return {};
  std::vector<const MemoryRegion*> ram;
  for (const MemoryRegion* s : board.storage_regions())
    if (is_ram(*s)) ram.push_back(s);
  std::sort(ram.begin(), ram.end(), [](auto* a, auto* b) { return a->base < b->base; });
  size_t at = static_cast<size_t>(std::find(ram.begin(), ram.end(), r) - ram.begin());
  if (at == ram.size()) return {r->base, static_cast<uint32_t>(r->end() - 1) + 1, r->name};
  size_t first = at, last = at;
  while (first > 0 && ram[first - 1]->end() == ram[first]->base) --first;
  while (last + 1 < ram.size() && ram[last]->end() == ram[last + 1]->base) ++last;
  Span span{ram[first]->base, static_cast<uint32_t>(ram[last]->end() - 1) + 1, ""};
  for (size_t i = first; i <= last; ++i) span.name += (i > first ? "+" : "") + ram[i]->name;
  return span;
}

bool inside(uint32_t a, uint32_t begin, uint32_t end) { return a >= begin && a <= end; }

// Highest end of data the image places in [begin, top): where the stack
// would run into .data/.bss. Reservation sections are not data.
uint32_t static_end(const ElfImage& image, const MemoryLayout& l, uint32_t begin, uint32_t top) {
  if (const ElfSymbol* s = first_symbol(image, kStaticEndSymbols); s && inside(s->address, begin, top)) return s->address;
  uint32_t end = begin;
  for (const ElfSection& s : image.sections()) {
    if (!s.is_alloc() || !s.size || s.address < begin || uint64_t{s.address} + s.size > top) continue;
    bool reserved = std::any_of(l.reservations.begin(), l.reservations.end(), [&](auto r) { return r.first == s.address; });
    if (!reserved) end = std::max(end, s.address + s.size);
  }
  return end;
}
}  // namespace

const ElfSymbol* stack_object_at(const ElfImage& image, const Board& board, uint32_t sp, uint32_t depth) {
  for (const ElfSymbol& s : image.symbols()) {
    uint64_t end = uint64_t{s.address} + s.size;
    if (!s.is_object || s.size < 8 || s.address >= sp || end < sp || end - sp > depth) continue;
    if (const MemoryRegion* r = board.region_at(s.address); r && is_ram(*r)) return &s;
  }
  return nullptr;
}

uint64_t MemoryLayout::reserved_bytes_in(const MemoryRegion& region) const {
  uint64_t bytes = 0;
  for (auto [begin, end] : reservations)
    if (region.contains(begin)) bytes += end - begin;
  return bytes;
}

MemoryLayout find_memory_layout(const ElfImage& image, const Board& board, uint32_t initial_sp) {
  MemoryLayout l;
  l.stack_top = initial_sp & ~3u;
  Span ram = contiguous_ram(board, l.stack_top - 4);
  l.ram_begin = ram.begin, l.ram_end = ram.end, l.ram_name = ram.name;

  if (const ElfSymbol* s = first_symbol(image, kHeapBaseSymbols)) l.heap_base = {s->address, s->name, true};

  // Sections that only reserve room for the heap or the stack start at or
  // straddle the heap base (CubeIDE: ._user_heap_stack holds `end`).
  if (l.heap_base.from_symbol) {
    for (const ElfSection& s : image.sections()) {
      if (!s.is_alloc() || !s.is_nobits() || !s.size) continue;
      uint64_t end = uint64_t{s.address} + s.size;
      bool holds_base = s.address <= l.heap_base.address && end > l.heap_base.address;
      bool above_base = s.address >= l.heap_base.address && end <= l.stack_top;
      if (holds_base || above_base) l.reservations.push_back({s.address, static_cast<uint32_t>(end)});
    }
  }

  // Stack limit: a symbol, else where the stack would run into static data,
  // else the bottom of its RAM.
  for (const char* name : kStackLimitSymbols) {
    if (const ElfSymbol* s = image.symbol_named(name); s && s->address < l.stack_top) {
      l.stack_limit = {s->address, name, true};
      break;
    }
  }
  // A section that only reserves the stack's room between that symbol and
  // the initial SP counts by the stack's measured peak, not its size (with
  // a heap symbol the loop above found it already; without one it counted
  // twice: once as static data and again as the stack's peak).
  if (l.stack_limit.from_symbol && !l.heap_base.from_symbol) {
    for (const ElfSection& s : image.sections()) {
      if (!s.is_alloc() || !s.is_nobits() || !s.size) continue;
      uint64_t end = uint64_t{s.address} + s.size;
      if (s.address >= l.stack_limit.address && end <= l.stack_top)
        l.reservations.push_back({s.address, static_cast<uint32_t>(end)});
    }
  }
  // Else the data object the initial SP is the top of (Zephyr's
  // z_interrupt_stacks, a start-up file's `static uint8_t stack[N]`): the
  // stack is that array, whatever static data lies below or above it.
  if (!l.stack_limit.from_symbol) {
    if (const ElfSymbol* s = stack_object_at(image, board, l.stack_top, 8)) {  // the SP is its end (8-byte aligned)
      l.stack_limit = {s->address, fmt::format("the stack object {}", s->name), true};
      l.stack_is_object = true;
      // Like a reserved stack section: its measured peak counts, not its size.
      l.reservations.push_back({s->address, static_cast<uint32_t>(uint64_t{s->address} + s->size)});
    }
  }
  if (!l.stack_limit.from_symbol && ram.end) {
    uint32_t data_end = static_end(image, l, ram.begin, l.stack_top);
    l.stack_limit.address = data_end;
    l.stack_limit.source = data_end > ram.begin ? fmt::format("end of .data/.bss in {}", ram.name)
                                                : fmt::format("bottom of RAM {}", ram.name);
    // No heap symbol either (a stripped ELF, or a linker script that names
    // neither): newlib's _sbrk still starts the heap where static data ends,
    // right below the stack. Saying so makes them share that RAM, so heap
    // writes are not read as stack depth (a stripped mcunet-in0 reported a
    // 272 KiB stack peak, its 4 KiB heap at the bottom of the painted range).
    if (!l.heap_base.from_symbol && data_end > ram.begin) {
      l.heap_base = {data_end, l.stack_limit.source, false};
      l.heap_limit = {l.stack_top, "the initial stack pointer (heap and stack share RAM)", false};
    }
  }

  // Heap limit: a symbol, else what CubeIDE's _sbrk enforces, else the
  // stack's limit or the stack itself when they share RAM.
  const ElfSymbol* estack = image.symbol_named("_estack");
  const ElfSymbol* min_stack = image.symbol_named("_Min_Stack_Size");
  if (const ElfSymbol* s = first_symbol(image, kHeapLimitSymbols); s && s->address > l.heap_base.address) {
    l.heap_limit = {s->address, s->name, true};
  } else if (estack && min_stack && estack->address - min_stack->address > l.heap_base.address) {
    l.heap_limit = {estack->address - min_stack->address, "_estack - _Min_Stack_Size", true};
  } else if (l.stack_limit.from_symbol && l.stack_limit.address > l.heap_base.address) {
    l.heap_limit = {l.stack_limit.address, l.stack_limit.source, true};
  } else if (l.heap_base.from_symbol && inside(l.heap_base.address, ram.begin, l.stack_top)) {
    l.heap_limit = {l.stack_top, "the initial stack pointer (heap and stack share RAM)", false};
  } else if (l.heap_base.from_symbol) {
    Span heap_ram = contiguous_ram(board, l.heap_base.address);
    l.heap_limit = {heap_ram.end, fmt::format("end of RAM {}", heap_ram.name), false};
  }

  for (const char* name : kBreakVariables) {
    for (const ElfSymbol& s : image.symbols()) {
      if (!s.is_object || s.size != 4) continue;
      // C: "heap_end" or a function's static "heap_end.0"; C++: "_ZZ5_sbrkE8heap_end".
      std::string own = unqualified_name(s.name);
      bool named = own == name || (own.starts_with(name) && own[std::string_view(name).size()] == '.');
      const MemoryRegion* r = board.region_at(s.address);
      if (named && r && is_ram(*r)) l.heap_break_variables.push_back({s.address, s.name});
    }
  }
  if (const ElfSymbol* s = image.symbol_named(kSbrkedVariable); s && s->is_object && s->size == 4)
    l.heap_sbrked_variable = s->address;
  return l;
}

}  // namespace mcusim

#include "profiler/freertos_tasks.h"

#include <fmt/format.h>

#include "profiler/guest_reads.h"
#include "sim/symbolizer.h"

namespace mcusim {
namespace {

constexpr uint32_t kAllocatedBit = 0x80000000u;  // heap_4's heapBLOCK_ALLOCATED_BITMASK: the top bit of a 32-bit size_t
constexpr uint32_t kBlockHeader = 8;  // sizeof(BlockLink_t), already a multiple of portBYTE_ALIGNMENT (8 on Cortex-M)
constexpr uint32_t kMaxNameBytes = 32;  // configMAX_TASK_NAME_LEN: 16 by default; a longer one is rare
constexpr uint32_t kMaxPriority = 256;  // uxPriority < configMAX_PRIORITIES, a few dozen at most
constexpr uint32_t kIntegrityCheck = 0x5a5a5a5au;  // configLIST_INTEGRITY_CHECK_VALUE with 32-bit ticks
constexpr const char* kMallocHeap = "malloc heap";  // where heap_3's stacks are: no ELF object

}  // namespace

const ElfSymbol* object_holding(const ElfImage& image, uint32_t address, bool past_end) {
  const ElfSymbol* holder = nullptr;
  for (const ElfSymbol& s : image.symbols()) {
    if (!s.is_object || !s.size) continue;
    bool inside = past_end ? address > s.address && address - s.address <= s.size
                           : address >= s.address && address - s.address < s.size;
    if (inside && (!holder || s.size < holder->size)) holder = &s;
  }
  return holder;
}

FreeRtosTasks::FreeRtosTasks(const ElfImage& image, const MemoryMap& memory) : image_(image), memory_(memory) {
  const ElfSymbol* s = image.symbol_named("pxCurrentTCB");
  if (s && s->is_object && s->size == 4) current_tcb_ = s->address;
  has_newlib_malloc_ = image.symbol_named("__malloc_av_") != nullptr;
}


// heap_3's block: newlib's malloc chunk (guest_reads.h), when it is linked.
std::optional<uint32_t> FreeRtosTasks::malloc_chunk_end(uint32_t mem) const {
  if (!has_newlib_malloc_) return std::nullopt;
  return newlib_malloc_chunk_end(memory_, mem);
}

std::optional<TaskStack> FreeRtosTasks::running(uint32_t sp) const {
  uint32_t tcb = 0;
  if (!present() || !read_word(memory_, current_tcb_, &tcb) || tcb == 0) return std::nullopt;
  // pxTopOfStack, two list items of up to 7 words, uxPriority, pxStack.
  uint32_t w[3 + 2 * 7];
  if (tcb % 4 || !memory_.read(tcb, w, sizeof w)) return std::nullopt;
  for (uint32_t item_words : {5u, 7u}) {
    bool checked = item_words == 7;  // integrity check words around each item
    uint32_t owner = checked ? 4 : 3, state = 1, event = 1 + item_words;
    if (w[state + owner] != tcb || w[event + owner] != tcb) continue;
    if (checked && (w[state] != kIntegrityCheck || w[event + 6] != kIntegrityCheck)) continue;
    uint32_t top = w[0], priority = w[1 + 2 * item_words], stack = w[2 + 2 * item_words];
    if (priority >= kMaxPriority || stack % 4 || sp <= stack) return std::nullopt;
    const ElfSymbol* object = stack_objects_.holding(stack);
    uint32_t end = 0, next = 0, size = 0;
    if (!object) {
      // Not in the ELF's data: heap_3 takes stacks from the C library's malloc.
      std::optional<uint32_t> chunk_end = malloc_chunk_end(stack);
      if (!chunk_end) return std::nullopt;
      end = *chunk_end;
    } else if (stack - object->address >= kBlockHeader && read_word(memory_, stack - kBlockHeader, &next) && read_word(memory_, stack - 4, &size) &&
        next == 0 && (size & kAllocatedBit)) {
      // A heap block (xTaskCreate): the block, less its header, is the stack.
      uint32_t block = size & ~kAllocatedBit;
      if (block <= kBlockHeader || block % 8 || uint64_t{stack} - kBlockHeader + block > uint64_t{object->address} + object->size)
        return std::nullopt;
      end = stack - kBlockHeader + block;
    } else if (tcb > stack && tcb - object->address < object->size && top < tcb &&
               !(stack - object->address >= kBlockHeader && (size & ~kAllocatedBit) == tcb - stack)) {
      // heap_1: blocks handed out in order with no header, the stack first,
      // so its TCB is where it ends (also a stack and TCB in one object).
      // Not when a heap_2/4 header in front sizes exactly this block but did
      // not check out above (a free block: something else is going on).
      end = tcb;
    } else if (stack == object->address) {
      end = object->address + object->size;  // a static buffer (xTaskCreateStatic): the whole object
    } else {
      return std::nullopt;  // inside an object with no heap header: where it ends is unknown
    }
    if (sp > end || top < stack || top > end) return std::nullopt;
    std::optional<std::string> name = read_c_string(memory_, tcb + 4 * (3 + 2 * item_words), kMaxNameBytes);
    if (!name) return std::nullopt;
    if (name->empty()) name = fmt::format("TCB 0x{:08x}", tcb);
    return TaskStack{*name, tcb, stack, end, object ? demangle(object->name) : std::string(kMallocHeap)};
  }
  return std::nullopt;
}

}  // namespace mcusim

// FreeRTOS task awareness: the running task's name and stack, read from its
// task control block in simulated memory, the way debuggers' RTOS support
// finds tasks (from FreeRTOS's own symbol and TCB layout; no FreeRTOS code).
//
// Facts used (FreeRTOS tasks.c and heap_4.c, default configuration):
// - `pxCurrentTCB` (a data object holding one pointer) points to the
//   running task's TCB.
// - The TCB starts with pxTopOfStack (the stack pointer saved at the last
//   switch), then xStateListItem and xEventListItem (ListItem_t: value,
//   next, previous, owner, container; 7 words with
//   configUSE_LIST_DATA_INTEGRITY_CHECK_BYTES, a check word first and last),
//   whose owner is the TCB itself; then uxPriority, pxStack (the stack's
//   low end) and pcTaskName (NUL-terminated, configMAX_TASK_NAME_LEN).
// - heap_4 (and heap_5) put a BlockLink_t (pxNextFreeBlock, xBlockSize)
//   right before each block they hand out; an allocated block has a null
//   next pointer and the top bit of xBlockSize set, and its size counts the
//   header. A task created with xTaskCreate has its stack in such a block.
// - heap_1 hands blocks out in order with no header, the stack before the
//   TCB: the stack ends at its TCB. heap_3 is the C library's malloc: a
//   stack outside every ELF object is bounded by newlib's chunk header
//   (malloc_chunk_end) when newlib's malloc is linked (`__malloc_av_`).
//
// Everything read is checked (the owners point back to the TCB, the
// running stack pointer lies in the stack, the saved one too, the name is
// printable); when anything does not check out, `running` says nothing
// and the caller falls back to the ELF object the stack pointer is in.
// Called at thread switches only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/elf_image.h"
#include "sim/memory_map.h"

namespace mcusim {

// The ELF data object holding `address` (the smallest one), or nullptr. A
// stack pointer may sit just past its stack's end (nothing pushed yet):
// `past_end` counts the object's end as inside.
const ElfSymbol* object_holding(const ElfImage& image, uint32_t address, bool past_end);

// The object holding a stack's low end, remembered per address: the RTOS
// readers ask at every switch, and a walk over the symbol table each time
// would cost. Bounded: garbage addresses are not kept forever.
class StackObjects {
 public:
  explicit StackObjects(const ElfImage& image) : image_(image) {}
  const ElfSymbol* holding(uint32_t stack) const {
    for (const auto& [address, object] : seen_)
      if (address == stack) return object;
    const ElfSymbol* object = object_holding(image_, stack, false);
    if (seen_.size() < 256) seen_.push_back({stack, object});
    return object;
  }

 private:
  const ElfImage& image_;
  mutable std::vector<std::pair<uint32_t, const ElfSymbol*>> seen_;
};

struct TaskStack {
  std::string name;      // pcTaskName
  uint32_t tcb = 0;      // the TCB's address
  uint32_t begin = 0, end = 0;  // the stack: [pxStack, end of its heap block or of its object)
  std::string object;    // the ELF object holding it (ucHeap for a heap block; "malloc heap" for heap_3)
};

class FreeRtosTasks {
 public:
  FreeRtosTasks(const ElfImage& image, const MemoryMap& memory);
  // The ELF has FreeRTOS's running-task pointer.
  bool present() const { return current_tcb_ != 0; }
  // The running task, when pxCurrentTCB's TCB checks out and its stack
  // holds `sp` (the thread's stack pointer now).
  std::optional<TaskStack> running(uint32_t sp) const;

 private:
  std::optional<uint32_t> malloc_chunk_end(uint32_t mem) const;

  const ElfImage& image_;
  const MemoryMap& memory_;
  uint32_t current_tcb_ = 0;  // pxCurrentTCB's address; 0: not FreeRTOS
  bool has_newlib_malloc_ = false;
  StackObjects stack_objects_{image_};
};

}  // namespace mcusim

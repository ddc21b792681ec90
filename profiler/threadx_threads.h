// ThreadX thread awareness: the running thread's name and stack, read from
// its TX_THREAD in simulated memory at thread switches, the way debuggers'
// ThreadX support finds threads (from ThreadX's own symbol and control
// block layout, tx_api.h facts; no ThreadX code).
//
// Facts used:
// - `_tx_thread_current_ptr` (a data object holding one pointer) points to
//   the running thread's TX_THREAD (null while the scheduler idles inside
//   the PendSV handler).
// - TX_THREAD starts with tx_thread_id (0x54485244, "THRD", while the
//   thread exists), tx_thread_run_count, tx_thread_stack_ptr (the stack
//   pointer saved at the last switch), tx_thread_stack_start,
//   tx_thread_stack_end (the stack's *last byte*, start + size - 1),
//   tx_thread_stack_size, two time-slice words, tx_thread_ready_next and
//   tx_thread_ready_previous, then (TX_THREAD_EXTENSION_0 is empty in the
//   Cortex-M ports) tx_thread_name, a pointer to a NUL-terminated string.
// - Thread stacks are filled with 0xEF bytes at creation (TX_STACK_FILL),
//   wherever they are: a static array, a byte pool block
//   (tx_byte_allocate), or memory after .bss that is no ELF object.
//
// Everything read is checked (the id word, start + size - 1 == end, the
// running and the saved stack pointers inside the stack, ready-list links
// to other TX_THREADs, a printable name); when anything does not check
// out, `running` says nothing and the caller falls back to the ELF object
// the stack pointer is in. Called at thread switches only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "profiler/freertos_tasks.h"
#include "sim/elf_image.h"
#include "sim/memory_map.h"

namespace mcusim {

class ThreadXThreads {
 public:
  ThreadXThreads(const ElfImage& image, const MemoryMap& memory);
  // The ELF has ThreadX's running-thread pointer.
  bool present() const { return current_ptr_ != 0; }
  // The running thread, when its TX_THREAD checks out and its stack holds
  // `sp` (the thread's stack pointer now). `object` names the ELF object
  // holding the stack, or says that none does (a pool after .bss).
  std::optional<TaskStack> running(uint32_t sp) const;

 private:
  bool is_thread(uint32_t address) const;

  const ElfImage& image_;
  const MemoryMap& memory_;
  uint32_t current_ptr_ = 0;  // _tx_thread_current_ptr's address; 0: not ThreadX
  StackObjects stack_objects_{image_};
};

}  // namespace mcusim

// Stack use per thread of an RTOS (FreeRTOS or Zephyr tasks on the PSP),
// at no per-block cost: fed only at exception entry and return, when the
// thread's stack pointer is known anyway.
//
// A thread's stack is, for FreeRTOS firmware whose running task's TCB
// checks out (profiler/freertos_tasks.h), that task's stack, named after
// the task: its heap block (xTaskCreate) or its static buffer; for ThreadX
// firmware whose running TX_THREAD checks out (profiler/threadx_threads.h),
// tx_thread_stack_start..tx_thread_stack_end, named after the thread; else the
// data object its stack pointer points into (a static task stack array,
// `static StackType_t stack[N]`), named after the object. Its peak use is
// measured as FreeRTOS's uxTaskGetStackHighWaterMark does: from the
// object's base up, the words still holding the value its lowest word holds
// (the fill an RTOS writes at task creation, 0xa5a5a5a5 for FreeRTOS, 0xef
// bytes for ThreadX, 0xaa
// bytes for Zephyr; zero for untouched .bss) are unused, bounded by the
// lowest stack pointer seen at an exception. The main stack (the MSP's,
// between the layout's stack limit and top) is not a thread stack: the
// memory tracker measures it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "profiler/freertos_tasks.h"
#include "profiler/profile.h"
#include "profiler/rtx_threads.h"
#include "profiler/threadx_threads.h"
#include "sim/elf_image.h"
#include "sim/memory_layout.h"
#include "sim/memory_map.h"

namespace mcusim {

class ThreadStacks {
 public:
  ThreadStacks(const ElfImage& image, const MemoryMap& memory, const MemoryLayout& layout);
  // The running thread's stack pointer at an exception entry or return to
  // thread mode, at simulated cycle `now`.
  void on_thread_sp(uint32_t sp, uint64_t now) {
    if (sp > current_.begin && sp <= current_.end) [[likely]] {  // the same thread still
      if (sp < current_.lowest_sp) current_.lowest_sp = sp;
      return;
    }
    switch_to(sp, now);
  }
  // Thread mode selected a stack (MSR PSP/CONTROL) and runs on `sp`, the
  // PSP when `on_psp`. A PSP inside the main stack's object is a stack of
  // its own all the same (Zephyr 2.x on boots on the PSP at the top of
  // z_interrupt_stacks, the MSP's object): it gets a row.
  void on_stack_selected(uint32_t sp, bool on_psp, uint64_t now) {
    if (sp > current_.begin && sp <= current_.end) {
      if (sp < current_.lowest_sp) current_.lowest_sp = sp;
      return;
    }
    switch_to(sp, now, on_psp);
  }
  // One row per thread stack seen, in the order they first ran.
  std::vector<ThreadStackUse> finish(uint64_t now);

 private:
  struct Stack {
    std::string name, object;     // the task's (or the object's) name; the ELF object holding the stack
    uint32_t tcb = 0;             // the FreeRTOS TCB (RTX control block) found for it; 0: none
    uint32_t guard = 0;           // RTX: the magic word at the base, not part of the fill; 0: none
    uint32_t begin = 0, end = 0;  // the stack: [begin, end)
    uint32_t lowest_sp = 0xFFFFFFFFu;
    uint64_t cycles = 0, runs = 0;
  };
  void put_back_current(uint64_t now);
  void switch_to(uint32_t sp, uint64_t now, bool psp_in_main_stack_is_a_row = false);
  size_t task_row(const std::optional<TaskStack>& task, uint32_t guard);
  size_t object_row(uint32_t sp);
  ThreadStackUse measure(const Stack& s) const;

  const ElfImage& image_;
  const MemoryMap& memory_;
  FreeRtosTasks freertos_;
  ThreadXThreads threadx_;
  RtxThreads rtx_;
  uint32_t main_stack_low_, main_stack_top_;
  std::vector<Stack> stacks_;
  Stack current_;          // the thread running now (a copy, written back at a switch); empty: main or unknown
  size_t current_index_ = SIZE_MAX;
  uint64_t current_since_ = 0;
};

}  // namespace mcusim

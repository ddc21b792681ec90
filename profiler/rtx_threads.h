// CMSIS-RTOS2 RTX5 thread awareness (Keil RTX5, the kernel of Mbed OS and
// of Arduino's Mbed cores): the running thread's name and stack, read from
// RTX's own runtime information in simulated memory, the way debuggers'
// RTX5 support finds threads (from RTX's documented symbol and control
// block layout; no RTX code).
//
// Facts used (CMSIS_5 RTX5 rtx_os.h, 5.1-5.5):
// - `osRtxInfo` (osRtxInfo_t) starts with os_id (a pointer to
//   "RTX V5.x.y") and version (major * 10^7 + minor * 10^4 + patch); then
//   the kernel block: 8 bytes since 5.2 ({state, blocked, pendSV,
//   reserved, uint32 tick}), putting thread.run.curr at offset 20; 16 bytes
//   in 5.1 ({state, blocked, pendISR, pendSV, sys_freq, uint64 tick}),
//   putting it at 28. Both offsets are tried, the control block decides.
// - osRtxThread_t: id (0xF1 since 5.4, 0x01 before), state (low nibble:
//   1 ready, 2 running, 3 blocked), flags, attr, name, ..., stack_mem at
//   48, stack_size at 52, sp (saved at the last switch) at 56.
// - The stack's lowest word holds osRtxStackMagicWord (0xE25A2EA5);
//   with osRtxConfig's watermark option the rest is filled with 0xCC at
//   creation (osRtxStackFillPattern), and osThreadGetStackSpace counts the
//   words above the magic word still holding it.
//
// The stack may be anywhere: a static array, RTX's own memory (osThreadNew
// without stack_mem: osRtxMemoryAlloc from osRtxInfo.mem.stack, a block
// after an 8-byte mem_block_t {next, info} header, or a block of the
// fixed-size stack pool osRtxInfo.mpi.stack: stack_mem and stack_size
// still bound it) or newlib's malloc heap (Mbed OS's rtos::Thread).
//
// Everything read is checked (version and id string agree, the control
// block's id and state, the stack's bounds hold the running and the saved
// stack pointer, the name is printable); when anything does not check out
// `running` says nothing and the caller falls back to the ELF object the
// stack pointer is in. Called at thread switches only.
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

constexpr uint32_t kRtxStackMagicWord = 0xE25A2EA5u;  // osRtxStackMagicWord
// `object` of a stack in no ELF object: a newlib malloc chunk, or neither.
constexpr const char* kMallocHeapObject = "malloc heap";
constexpr const char* kNoElfObject = "(no ELF object)";

class RtxThreads {
 public:
  RtxThreads(const ElfImage& image, const MemoryMap& memory);
  // The ELF has RTX5's runtime information object.
  bool present() const { return info_ != 0; }
  // The running thread (osRtxInfo.thread.run.curr), when RTX's information
  // and its control block check out and its stack holds `sp`. The stack is
  // [stack_mem, stack_mem + stack_size); `tcb` is the control block.
  std::optional<TaskStack> running(uint32_t sp) const;

 private:
  bool kernel_checks_out() const;
  std::optional<TaskStack> thread_at(uint32_t tcb, uint32_t sp) const;
  std::string object_of(uint32_t stack, uint32_t end) const;

  const ElfImage& image_;
  const MemoryMap& memory_;
  uint32_t info_ = 0;  // osRtxInfo's address; 0: not RTX5
  bool has_newlib_malloc_ = false;  // `__malloc_av_`: stacks may be malloc chunks
  StackObjects stack_objects_{image_};
};

}  // namespace mcusim

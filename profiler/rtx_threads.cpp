#include "profiler/rtx_threads.h"

#include <fmt/format.h>

#include <cstdio>

#include "profiler/guest_reads.h"
#include "sim/symbolizer.h"

namespace mcusim {
namespace {

constexpr uint32_t kVersionOffset = 4;
constexpr uint32_t kRunCurrOffsets[] = {20, 28};  // RTX 5.2+, RTX 5.1 (see the header)
constexpr uint32_t kThreadIds[] = {0xF1, 0x01};   // osRtxIdThread: 5.4+, before
constexpr uint32_t kNameOffset = 4, kStackMemOffset = 48, kStackSizeOffset = 52, kSpOffset = 56;
constexpr uint32_t kMaxNameBytes = 64;
constexpr uint32_t kMaxStackBytes = 16u << 20;  // far above any MCU's RAM: a bigger size is garbage

}  // namespace

RtxThreads::RtxThreads(const ElfImage& image, const MemoryMap& memory) : image_(image), memory_(memory) {
  const ElfSymbol* s = image.symbol_named("osRtxInfo");
  if (s && s->is_object && s->size >= kRunCurrOffsets[1] + 4) info_ = s->address;
  has_newlib_malloc_ = image.symbol_named("__malloc_av_") != nullptr;
}


// os_id is "RTX V<major>.<minor>.<patch>" and says what version says.
bool RtxThreads::kernel_checks_out() const {
  uint32_t os_id = 0, version = 0;
  if (!read_word(memory_, info_, &os_id) || !read_word(memory_, info_ + kVersionOffset, &version)) return false;
  std::optional<std::string> id = read_c_string(memory_, os_id, 32 + 1);
  if (!id || !id->starts_with("RTX V5.")) return false;
  unsigned major = 0, minor = 0, patch = 0;
  if (std::sscanf(id->c_str(), "RTX V%u.%u.%u", &major, &minor, &patch) != 3) return false;
  return major == 5 && minor < 1000 && patch < 10000 && version == major * 10000000u + minor * 10000u + patch;
}

std::optional<TaskStack> RtxThreads::thread_at(uint32_t tcb, uint32_t sp) const {
  uint32_t w[15];
  if (tcb == 0 || tcb % 4 || !memory_.read(tcb, w, sizeof w)) return std::nullopt;
  uint32_t id = w[0] & 0xFF, state = (w[0] >> 8) & 0x0F;
  if (id != kThreadIds[0] && id != kThreadIds[1]) return std::nullopt;
  if (state < 1 || state > 3) return std::nullopt;  // ready, running or blocked; not inactive or terminated
  uint32_t stack = w[kStackMemOffset / 4], size = w[kStackSizeOffset / 4], saved_sp = w[kSpOffset / 4];
  if (stack % 4 || size < 8 || size % 4 || size > kMaxStackBytes || uint64_t{stack} + size > 0xFFFFFFFFu)
    return std::nullopt;
  uint32_t end = stack + size;
  if (sp <= stack || sp > end || saved_sp < stack || saved_sp > end) return std::nullopt;
  uint32_t first = 0;
  if (!read_word(memory_, stack, &first) || !read_word(memory_, end - 4, &first)) return std::nullopt;  // the stack is memory
  std::string name;
  if (uint32_t name_at = w[kNameOffset / 4]) {
    std::optional<std::string> n = read_c_string(memory_, name_at, kMaxNameBytes + 1);
    if (!n) return std::nullopt;
    name = *n;
  }
  if (name.empty()) name = fmt::format("thread 0x{:08x}", tcb);  // RTX threads may be nameless
  return TaskStack{name, tcb, stack, end, object_of(stack, end)};
}

// What holds a stack: the ELF object (a static stack, RTX_Config.c's
// os_mem or stack pool), else newlib's malloc (Mbed OS's rtos::Thread
// allocates its stack with new) when a chunk checks out around it.
std::string RtxThreads::object_of(uint32_t stack, uint32_t end) const {
  if (const ElfSymbol* object = stack_objects_.holding(stack)) return demangle(object->name);
  if (has_newlib_malloc_) {
    std::optional<uint32_t> chunk_end = newlib_malloc_chunk_end(memory_, stack);
    if (chunk_end && *chunk_end >= end) return kMallocHeapObject;
  }
  return kNoElfObject;
}

std::optional<TaskStack> RtxThreads::running(uint32_t sp) const {
  if (!present() || !kernel_checks_out()) return std::nullopt;
  for (uint32_t offset : kRunCurrOffsets) {
    uint32_t tcb = 0;
    if (!read_word(memory_, info_ + offset, &tcb)) continue;
    if (std::optional<TaskStack> t = thread_at(tcb, sp)) return t;
  }
  return std::nullopt;
}

}  // namespace mcusim

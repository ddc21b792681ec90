#include "profiler/threadx_threads.h"

#include <fmt/format.h>

#include "profiler/guest_reads.h"
#include "sim/symbolizer.h"

namespace mcusim {
namespace {

std::string object_name(const ElfSymbol* holder) { return holder ? demangle(holder->name) : "(no ELF object)"; }

constexpr uint32_t kThreadId = 0x54485244u;      // TX_THREAD_ID
constexpr uint32_t kMaxNameBytes = 64;           // tx_thread_name: any length; debuggers cut off too
constexpr uint32_t kMaxStackSize = 16u << 20;    // ULONG in ThreadX; larger than any MCU's RAM is garbage
constexpr uint32_t kMinStackSize = 64;           // TX_MINIMUM_STACK is 200 on Cortex-M; some configurations lower it
// Word offsets in TX_THREAD (Cortex-M ports: TX_THREAD_EXTENSION_0 empty).
constexpr int kId = 0, kStackPtr = 2, kStackStart = 3, kStackEnd = 4, kStackSize = 5, kReadyNext = 8,
              kReadyPrevious = 9, kName = 10, kWords = 11;

}  // namespace

ThreadXThreads::ThreadXThreads(const ElfImage& image, const MemoryMap& memory) : image_(image), memory_(memory) {
  const ElfSymbol* s = image.symbol_named("_tx_thread_current_ptr");
  if (s && s->is_object && s->size == 4) current_ptr_ = s->address;
}


bool ThreadXThreads::is_thread(uint32_t address) const {
  uint32_t id = 0;
  return address != 0 && read_word(memory_, address, &id) && id == kThreadId;
}

std::optional<TaskStack> ThreadXThreads::running(uint32_t sp) const {
  uint32_t thread = 0;
  if (!present() || !read_word(memory_, current_ptr_, &thread) || thread == 0 || thread % 4) return std::nullopt;
  uint32_t w[kWords];
  if (!memory_.read(thread, w, sizeof w) || w[kId] != kThreadId) return std::nullopt;
  uint32_t start = w[kStackStart], last = w[kStackEnd], size = w[kStackSize];
  if (size < kMinStackSize || size > kMaxStackSize || uint64_t{start} + size - 1 != last) return std::nullopt;
  uint64_t end = uint64_t{last} + 1;
  if (sp <= start || sp > end) return std::nullopt;
  if (w[kStackPtr] < start || w[kStackPtr] > end) return std::nullopt;
  // A running thread is in its priority's ready list: both links are
  // threads (itself when it is alone at its priority).
  if (!is_thread(w[kReadyNext]) || !is_thread(w[kReadyPrevious])) return std::nullopt;
  std::optional<std::string> name = w[kName] ? read_c_string(memory_, w[kName], kMaxNameBytes) : std::string();
  if (!name) return std::nullopt;
  if (name->empty()) name = fmt::format("TX_THREAD 0x{:08x}", thread);
  return TaskStack{*name, thread, start, static_cast<uint32_t>(end), object_name(stack_objects_.holding(start))};
}

}  // namespace mcusim

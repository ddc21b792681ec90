#include "profiler/thread_stacks.h"

#include <algorithm>

#include "sim/symbolizer.h"

namespace mcusim {

ThreadStacks::ThreadStacks(const ElfImage& image, const MemoryMap& memory, const MemoryLayout& layout)
    : image_(image), memory_(memory), main_stack_low_(layout.stack_limit.address), main_stack_top_(layout.stack_top) {}

// The running thread's copy goes back to its row with the time it ran.
void ThreadStacks::put_back_current(uint64_t now) {
  if (current_index_ != SIZE_MAX) {
    current_.cycles += now - current_since_;
    stacks_[current_index_] = current_;
  }
  current_ = Stack{};
  current_index_ = SIZE_MAX;
  current_since_ = now;
}

void ThreadStacks::switch_to(uint32_t sp, uint64_t now) {
  put_back_current(now);
  if (sp > main_stack_low_ && sp <= main_stack_top_) return;  // the main stack: the memory tracker's
  auto known = std::find_if(stacks_.begin(), stacks_.end(), [sp](const Stack& s) { return sp > s.begin && sp <= s.end; });
  if (known == stacks_.end()) {
    // The data object holding the stack; a stack pointer may sit just past
    // its end (a thread that has nothing on its stack yet).
    const ElfSymbol* holder = nullptr;
    for (const ElfSymbol& s : image_.symbols())
      if (s.is_object && s.size && sp > s.address && sp - s.address <= s.size && (!holder || s.size < holder->size))
        holder = &s;
    if (!holder) return;  // in no object (a stack the firmware made at run time): not measured
    stacks_.push_back(Stack{demangle(holder->name), holder->address, holder->address + holder->size});
    known = stacks_.end() - 1;
  }
  current_index_ = static_cast<size_t>(known - stacks_.begin());
  current_ = *known;
  current_.lowest_sp = std::min(current_.lowest_sp, sp);
  current_.runs++;
}

ThreadStackUse ThreadStacks::measure(const Stack& s) const {
  ThreadStackUse u;
  u.name = s.name;
  u.base = s.begin;
  u.size = s.end - s.begin;
  u.cycles = s.cycles;
  u.runs = s.runs;
  uint32_t fill = 0;
  memory_.read(s.begin, &fill, 4);
  u.fill = fill;
  // Words from the base up still holding the fill were never used.
  uint32_t a = s.begin, word = 0;
  uint32_t limit = std::min(s.end, s.lowest_sp) & ~3u;
  while (a + 4 <= limit && memory_.read(a, &word, 4) && word == fill) a += 4;
  u.peak_bytes = s.end - a;
  return u;
}

std::vector<ThreadStackUse> ThreadStacks::finish(uint64_t now) {
  put_back_current(now);
  std::vector<ThreadStackUse> rows;
  for (const Stack& s : stacks_) rows.push_back(measure(s));
  return rows;
}

}  // namespace mcusim

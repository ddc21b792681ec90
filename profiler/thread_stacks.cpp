#include "profiler/thread_stacks.h"

#include <algorithm>

#include "sim/symbolizer.h"

namespace mcusim {

ThreadStacks::ThreadStacks(const ElfImage& image, const MemoryMap& memory, const MemoryLayout& layout)
    : image_(image), memory_(memory), freertos_(image, memory), threadx_(image, memory), rtx_(image, memory), main_stack_low_(layout.stack_limit.address), main_stack_top_(layout.stack_top) {}

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

void ThreadStacks::switch_to(uint32_t sp, uint64_t now, bool psp_in_main_stack_is_a_row) {
  put_back_current(now);
  // An RTOS's task first: its stack may lie in what looks like the main
  // stack's range (ThreadX's pool after .bss when no symbol bounds the stack).
  size_t row = freertos_.present() ? task_row(freertos_.running(sp), 0) : SIZE_MAX;
  if (row == SIZE_MAX && threadx_.present()) row = task_row(threadx_.running(sp), 0);
  if (row == SIZE_MAX && rtx_.present()) row = task_row(rtx_.running(sp), kRtxStackMagicWord);
  if (row == SIZE_MAX && !psp_in_main_stack_is_a_row && sp > main_stack_low_ && sp <= main_stack_top_)
    return;  // the main stack: the memory tracker's
  if (row == SIZE_MAX) row = object_row(sp);
  if (row == SIZE_MAX) return;  // in no object (a stack the firmware made at run time): not measured
  current_index_ = row;
  current_ = stacks_[row];
  current_.lowest_sp = std::min(current_.lowest_sp, sp);
  current_.runs++;
}

// The RTOS's running task (FreeRTOS task, ThreadX or RTX thread), when its
// control block checks out: a row per task (TCB, name and stack: a block
// freed and given to a new task is a new row). `guard`: the word RTX keeps
// at the stack's base.
size_t ThreadStacks::task_row(const std::optional<TaskStack>& task, uint32_t guard) {
  if (!task) return SIZE_MAX;
  for (size_t i = 0; i < stacks_.size(); ++i) {
    const Stack& s = stacks_[i];
    if (s.tcb == task->tcb && s.begin == task->begin && s.end == task->end && s.name == task->name) return i;
  }
  stacks_.push_back(Stack{task->name, task->object, task->tcb, guard, task->begin, task->end});
  return stacks_.size() - 1;
}

// The data object holding the stack pointer (the narrowest row already
// holding it first); a stack pointer may sit just past its stack's end (a
// thread that has nothing on its stack yet).
size_t ThreadStacks::object_row(uint32_t sp) {
  size_t best = SIZE_MAX;
  for (size_t i = 0; i < stacks_.size(); ++i) {
    const Stack& s = stacks_[i];
    if (sp > s.begin && sp <= s.end && (best == SIZE_MAX || s.end - s.begin < stacks_[best].end - stacks_[best].begin))
      best = i;
  }
  if (best != SIZE_MAX) return best;
  const ElfSymbol* holder = object_holding(image_, sp, true);
  if (!holder) return SIZE_MAX;
  std::string name = demangle(holder->name);
  stacks_.push_back(Stack{name, name, 0, 0, holder->address, holder->address + holder->size});
  return stacks_.size() - 1;
}

ThreadStackUse ThreadStacks::measure(const Stack& s) const {
  ThreadStackUse u;
  u.name = s.name;
  u.object = s.object;
  u.tcb = s.tcb;
  u.base = s.begin;
  u.size = s.end - s.begin;
  u.cycles = s.cycles;
  u.runs = s.runs;
  uint32_t from = s.begin, fill = 0, word = 0;
  if (s.guard) {  // RTX: the fill starts above the magic word; without it the stack overflowed: all used
    if (!memory_.read(s.begin, &word, 4) || word != s.guard) {
      u.peak_bytes = u.size;
      return u;
    }
    from += 4;
  }
  memory_.read(from, &fill, 4);
  u.fill = fill;
  // Words from the base up still holding the fill were never used.
  uint32_t a = from;
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

// Function attribution with a shadow call stack over a calling-context tree.
//
// Driven by the simulator's profiling block hook: per block it adds the
// block's cost to the node on top of the stack; only blocks that follow a
// call, a return or an exception change the stack. Calls follow BL/BLX;
// returns (BX LR, POP {..,PC}, LDR PC) pop to the frame whose return address
// matches, else resynchronise by stack pointer (longjmp-like jumps); a jump
// to the start of another function without a call is a tail call; an
// exception handler is a frame of its own, popped by exception return, which
// leaves the stack as the exception found it: a call or return the
// interrupted code had begun (the BL executed, its target not yet) completes
// after the handler, as it would have without the interrupt.
//
// Threads (an RTOS's tasks): an exception entered from thread mode records
// the thread's stack pointer; when the return to thread mode lands on
// another stack pointer, the handler switched threads (PendSV). The frames
// below the exception are set aside under the old stack pointer and those
// of the thread resumed are brought back (a thread resumes at the stack
// pointer it was suspended with), or a fresh stack starts for a thread not
// seen before. Inclusive figures count only the time a frame's own thread
// ran; a suspended frame's trace span ends at the switch and a new one
// starts when it resumes. Costs nothing per block: only exception returns
// that switch stacks do work.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "profiler/huge_pages.h"
#include "profiler/observer_types.h"
#include "profiler/profile.h"

namespace mcusim {

class CallAttribution {
 public:
  // `function_names[i]` names function id i; id 0 is "[unknown]".
  explicit CallAttribution(std::vector<std::string> function_names, std::vector<uint32_t> function_addresses);

  // Per block, after its cost is known. `function` is the block's function
  // id, `function_entry` true when the block starts at that function's
  // first instruction. `sp_hint` is the stack pointer as last sampled (good
  // enough to order frames); `read_sp` reads the exact one, needed only when
  // a return matches no frame.
  template <typename ReadSp>
  void on_block(uint32_t address, uint32_t function, bool function_entry, BlockExit exit, uint32_t fallthrough,
                uint64_t now, uint64_t cycles, uint64_t instructions, uint32_t sp_hint, ReadSp&& read_sp) {
    if (pending_ != Pending::None) [[unlikely]] {
      if (!settle(address, function, now, sp_hint)) resynchronise(function, now, read_sp());
    }
    else if (function != frames_.back().function && function_entry) [[unlikely]] tail_call(function, now);
    on_settled_block(exit, fallthrough, cycles, instructions);
  }
  // A block that changes nothing on the stack before it runs: no call or
  // return pending, not the entry of another function (a tail call).
  bool quiet(uint32_t function, bool function_entry) const {
    return pending_ == Pending::None && !(function_entry && function != frames_.back().function);
  }
  // The rest of on_block, once the stack is right: all a quiet block needs.
  void on_settled_block(BlockExit exit, uint32_t fallthrough, uint64_t cycles, uint64_t instructions) {
    Node& node = nodes_[frames_.back().node];
    node.self_cycles += cycles;
    node.self_instructions += instructions;
    instructions_ += instructions;
    if (exit == BlockExit::Call) {
      pending_ = Pending::Call;
      pending_return_address_ = fallthrough;
    } else if (exit == BlockExit::Return) {
      pending_ = Pending::Return;
    }
  }
  // Cycles that belong to the function executing now, known after its block.
  void add_self_cycles(uint64_t cycles) { nodes_[frames_.back().node].self_cycles += cycles; }
  // `thread_sp`: the interrupted thread's stack pointer when the exception
  // was entered from thread mode; at return, the thread's stack pointer
  // after unstacking when it returns to thread mode (else kNoThread).
  static constexpr uint32_t kNoThread = 0;
  void on_exception_entry(uint32_t handler_function, uint32_t return_address, uint64_t now,
                          uint32_t thread_sp = kNoThread);
  void on_exception_return(uint64_t now, uint32_t thread_sp = kNoThread);
  // Thread mode selected a stack by MSR PSP / MSR CONTROL: on the PSP
  // (`on_psp`), a thread may be starting, as Zephyr starts its main thread.
  // If the function that selected it jumps to the start of another
  // function without a call, before returning, that function starts a
  // thread of its own call stack; the frames that jumped are set aside
  // under `from_sp` (the MSP). If it calls a function (BL/BLX: Zephyr 2.x
  // to 3.4 and the no-multithreading entry call the thread's entry), the
  // call is a call until the callee proves it never returns: still open at
  // the first thread switch or at the end of the run, it is moved, with
  // everything it called, to a thread of its own from the call on
  // (start_called_thread). Back on the MSP, nothing starts, and neither
  // does anything when the reset handler itself selects the stack (Zephyr
  // boots on the PSP): what it calls or jumps to is still the boot.
  void thread_stack_selected(bool on_psp, uint32_t from_sp) {
    jump_ = on_psp && frames_.size() > 2 ? JumpStart{frames_.size(), frames_.back().function, from_sp} : JumpStart{};
    call_start_ = {};
  }
  // Threads switched to so far (each stack pointer resumed or started).
  uint64_t thread_switches() const { return thread_switches_; }
  void finish(uint64_t now);

  // Call paths deeper than this are folded into their parent node's path.
  static constexpr size_t kMaxDepth = 256;
  // Distinct call paths kept (about 100 bytes each, so ~100 MiB at most):
  // past it, a new path is folded into its parent's (docs/reliability.md).
  static constexpr size_t kMaxNodes = size_t{1} << 20;
  static constexpr size_t kMaxReservedSpans = size_t{1} << 20;
  void limit_call_paths(size_t max_nodes) { max_nodes_ = max_nodes; }  // tests: a smaller tree
  size_t call_paths() const { return nodes_.size(); }

  // Function spans for traces: calls at depth <= max_depth, the first `max_spans`.
  void record_spans(size_t max_spans, uint32_t max_depth) {
    max_spans_ = max_spans;
    max_span_depth_ = max_depth;
    // Room for them up front: growing by doubling copied every span and
    // touched fresh pages again at each step (a call-heavy run records
    // 200,000). The reservation is address space; pages arrive as used.
    spans_.reserve(std::min(max_spans, kMaxReservedSpans));
    advise_huge_pages(spans_.data(), spans_.capacity() * sizeof(Span));
  }
  size_t recorded_spans() const { return spans_.size(); }
  // Functions, call edges, folded stacks and the recorded call spans (moved
  // out: call once, at the end). The function names are appended to
  // profile.span_names; into an empty profile, function id i is span name i.
  void fill(Profile& profile);
  // Function currently executing (for stack high-water attribution).
  uint32_t current_function() const { return frames_.back().function; }
  size_t depth() const { return frames_.size(); }
  // The frame `k` below the top (0: the top; k < depth()): for layer rules
  // that look at who called the function now running.
  struct FrameInfo {
    uint32_t function;
    uint32_t return_address;  // the instruction after the call
    bool exception;           // entered by an exception, not a call
  };
  FrameInfo frame_below_top(size_t k) const {
    const Frame& f = frames_[frames_.size() - 1 - k];
    return {f.function, f.return_address, f.exception};
  }
  const std::vector<std::string>& names() const { return names_; }

 private:
  enum class Pending : uint8_t { None, Call, Return };
  struct Node {
    uint32_t function;
    uint32_t parent;
    uint64_t calls = 0;
    uint64_t self_cycles = 0, self_instructions = 0;
    uint64_t inclusive_cycles = 0, inclusive_instructions = 0;
  };
  struct Frame {
    uint32_t node;
    uint32_t function;
    uint32_t return_address;
    uint32_t sp;  // at the call, for resynchronisation
    uint64_t entry_cycles;  // moved later by the time the frame's thread was suspended
    uint64_t entry_instructions;
    // Exception frames: the interrupted code's unsettled call or return.
    uint32_t interrupted_return_address = 0;
    bool exception;
    Pending interrupted = Pending::None;
    // Exception frames entered from thread mode: that thread's stack pointer.
    uint32_t thread_sp = kNoThread;
    uint64_t span_start = entry_cycles;  // the trace span's start: the call, or the thread's resumption
  };
  // The open frames: a vector whose push has an inline common case (the
  // vector's emplace_back was an out-of-line call on every call).
  class Frames {
   public:
    size_t size() const { return size_; }
    Frame& back() { return items_[size_ - 1]; }
    const Frame& back() const { return items_[size_ - 1]; }
    Frame& operator[](size_t i) { return items_[i]; }
    const Frame& operator[](size_t i) const { return items_[i]; }
    void push(const Frame& f) {
      if (size_ == items_.size()) [[unlikely]] grow();
      items_[size_++] = f;
    }
    void pop() { --size_; }
    void truncate(size_t n) { size_ = n; }  // n <= size()
    const Frame* begin() const { return items_.data(); }
    const Frame* end() const { return items_.data() + size_; }

   private:
    [[gnu::noinline]] void grow() { items_.resize(std::max<size_t>(64, items_.size() * 2)); }
    std::vector<Frame> items_;
    size_t size_ = 0;
  };
  // Per function, what calls add up (one record: a call touches one line).
  struct FunctionTotals {
    uint64_t calls = 0;
    uint64_t total_cycles = 0, total_instructions = 0;  // at its outermost frames
    uint32_t on_stack = 0;                              // frames open now, for recursion
  };
  // False when a return matched no frame: the caller then resynchronises.
  bool settle(uint32_t address, uint32_t function, uint64_t now, uint32_t sp);
  void resynchronise(uint32_t function, uint64_t now, uint32_t sp);
  [[gnu::always_inline]] inline void push(uint32_t function, uint32_t return_address, uint32_t sp, uint64_t now, bool exception);
  [[gnu::always_inline]] inline void pop(uint64_t now);
  void tail_call(uint32_t function, uint64_t now);
  struct CachedChild;
  uint32_t child(uint32_t parent, uint32_t function);
  uint32_t child_not_cached(uint32_t parent, uint32_t function, CachedChild& cached);
  // The frames above the root, set aside while their thread does not run.
  struct SuspendedThread {
    std::vector<Frame> frames;
    Pending pending;
    uint32_t pending_return_address;
    uint64_t cycles, instructions;  // when it was suspended
  };
  void switch_thread(uint32_t from_sp, uint32_t to_sp, uint64_t now);
  void start_jumped_thread(uint32_t function, uint64_t now);
  // A call from the function that selected the PSP: where its frame is.
  struct CallStart {
    size_t depth = 0;  // frames_.size() with the callee on top; 0: none
    uint32_t node = 0;
    uint64_t cycles = 0, instructions = 0;  // at the call
    uint32_t from_sp = 0;
  };
  CallStart call_start_;
  void note_call_start();
  // At a thread switch or the end: a callee still open started a thread.
  void settle_call_start();
  void start_called_thread();
  void set_aside(uint32_t sp, SuspendedThread thread);
  // A stack selected in thread mode: who selected it, at which depth.
  struct JumpStart {
    size_t depth = 0;  // 0: none
    uint32_t function = 0;
    uint32_t from_sp = 0;
  };
  JumpStart jump_;
  void suspend(uint32_t sp, uint64_t now);
  void resume(SuspendedThread thread, uint64_t now);
  void record_span(const Frame& f, uint64_t now, uint32_t depth);
  void append_span(const Frame& f, uint64_t now, uint32_t depth);

  std::vector<std::string> names_;
  std::vector<uint32_t> addresses_;
  std::vector<Node> nodes_;
  std::unordered_map<uint64_t, uint32_t> children_;  // (parent << 32 | function) -> node
  // The last few child lookups, direct-mapped by key: a call in a loop
  // finds its node without hashing into children_ (same node ids).
  struct CachedChild {
    uint64_t key = ~uint64_t{0};
    uint32_t node = 0;
  };
  static constexpr size_t kChildCacheSize = 1024;
  std::vector<CachedChild> child_cache_ = std::vector<CachedChild>(kChildCacheSize);
  Frames frames_;
  std::vector<FunctionTotals> functions_;
  Pending pending_ = Pending::None;
  uint32_t pending_return_address_ = 0;
  uint64_t instructions_ = 0;  // running count for inclusive instruction totals
  size_t max_spans_ = 0;
  size_t max_nodes_ = kMaxNodes;
  uint32_t max_span_depth_ = 0;
  std::vector<Span> spans_;  // name: the function id (no string per call on the hot path)
  // Suspended threads by the stack pointer they resume at, in suspension order.
  std::vector<std::pair<uint32_t, SuspendedThread>> suspended_;
  uint64_t thread_switches_ = 0;
};

}  // namespace mcusim

#include "profiler/call_attribution.h"

#include <algorithm>
#include <functional>

namespace mcusim {

CallAttribution::CallAttribution(std::vector<std::string> function_names, std::vector<uint32_t> function_addresses)
    : names_(std::move(function_names)), addresses_(std::move(function_addresses)) {
  functions_.assign(names_.size(), FunctionTotals{});
  nodes_.push_back(Node{0, 0});  // root: code before any call is attributed to [unknown] until the first block
  frames_.push(Frame{0, 0, 0, 0, 0, 0, 0, false});
  functions_[0].on_stack = 1;
}

inline uint32_t CallAttribution::child(uint32_t parent, uint32_t function) {
  uint64_t key = (uint64_t{parent} << 32) | function;
  CachedChild& cached = child_cache_[(parent * 31u + function) % kChildCacheSize];
  if (cached.key == key) [[likely]] return cached.node;
  return child_not_cached(parent, function, cached);
}

// Out of line so that the cache hit above inlines into push (every call
// of a profiled run) without the hash map's code and register saves.
__attribute__((noinline)) uint32_t CallAttribution::child_not_cached(uint32_t parent, uint32_t function,
                                                                    CachedChild& cached) {
  uint64_t key = (uint64_t{parent} << 32) | function;
  // try_emplace: no node allocated when the child exists (the common case).
  if (nodes_.size() >= max_nodes_) {  // full: new paths fold into their parent, as past kMaxDepth
    auto it = children_.find(key);
    return it == children_.end() ? parent : it->second;
  }
  auto [it, inserted] = children_.try_emplace(key, static_cast<uint32_t>(nodes_.size()));
  if (inserted) nodes_.push_back(Node{function, parent});
  cached = {key, it->second};
  return it->second;
}

void CallAttribution::push(uint32_t function, uint32_t return_address, uint32_t sp, uint64_t now, bool exception) {
  uint32_t parent = frames_.back().node;
  uint32_t node = frames_.size() < kMaxDepth ? child(parent, function) : parent;
  nodes_[node].calls++;
  FunctionTotals& totals = functions_[function];
  totals.calls++;
  totals.on_stack++;
  frames_.push(Frame{node, function, return_address, sp, now, instructions_, 0, exception});
}

// The test inline (every return of a profiled run; false on every one when
// no trace or call list is asked), the append out of line.
inline void CallAttribution::record_span(const Frame& f, uint64_t now, uint32_t depth) {
  if (spans_.size() < max_spans_ && depth <= max_span_depth_ && depth > 0 && now > f.span_start) [[unlikely]]
    append_span(f, now, depth);
}

__attribute__((noinline)) void CallAttribution::append_span(const Frame& f, uint64_t now, uint32_t depth) {
  spans_.push_back(Span{f.span_start, now, f.function, depth, SpanCategory::Function});
}

void CallAttribution::pop(uint64_t now) {
  const Frame& f = frames_.back();
  Node& node = nodes_[f.node];
  uint64_t cycles = now - f.entry_cycles, instructions = instructions_ - f.entry_instructions;
  node.inclusive_cycles += cycles;
  node.inclusive_instructions += instructions;
  // Recursion: count a function's total once, at its outermost frame.
  FunctionTotals& totals = functions_[f.function];
  if (--totals.on_stack == 0) {
    totals.total_cycles += cycles;
    totals.total_instructions += instructions;
  }
  record_span(f, now, static_cast<uint32_t>(frames_.size() - 1));
  frames_.pop();
}

void CallAttribution::tail_call(uint32_t function, uint64_t now) {
  // The frame keeps its return address; its function changes.
  if (frames_.size() == 1) {
    // First code seen (the reset handler): the root frame becomes it.
    push(function, 0, 0, now, false);
    return;
  }
  if (frames_.size() == jump_.depth && frames_.back().function == jump_.function) [[unlikely]] {
    start_jumped_thread(function, now);
    return;
  }
  Frame f = frames_.back();
  pop(now);
  push(function, f.return_address, f.sp, now, f.exception);
  frames_.back().interrupted = f.interrupted;  // a handler's tail call still returns from the exception
  frames_.back().interrupted_return_address = f.interrupted_return_address;
}

bool CallAttribution::settle(uint32_t address, uint32_t function, uint64_t now, uint32_t sp) {
  Pending pending = pending_;
  pending_ = Pending::None;
  switch (pending) {
    case Pending::Call:
      if (frames_.size() == jump_.depth && frames_.back().function == jump_.function) [[unlikely]] {
        push(function, pending_return_address_, sp, now, false);
        note_call_start();
        return true;
      }
      push(function, pending_return_address_, sp, now, false);
      return true;
    case Pending::Return:
      for (size_t i = frames_.size(); i-- > 1;) {
        if (frames_[i].return_address == address) {
          while (frames_.size() > i) pop(now);
          return true;
        }
      }
      return false;
    case Pending::None:
      return true;
  }
  return true;
}

// No frame returns here (longjmp or hand-written code): drop frames whose
// stack is gone, the deeper ones first.
void CallAttribution::resynchronise(uint32_t function, uint64_t now, uint32_t sp) {
  while (frames_.size() > 1 && !frames_.back().exception && frames_.back().sp && frames_.back().sp <= sp) pop(now);
  if (function != frames_.back().function) tail_call(function, now);
}

void CallAttribution::on_exception_entry(uint32_t handler_function, uint32_t return_address, uint64_t now,
                                         uint32_t thread_sp) {
  push(handler_function, return_address, 0, now, true);
  frames_.back().thread_sp = thread_sp;
  frames_.back().interrupted = pending_;
  frames_.back().interrupted_return_address = pending_return_address_;
  pending_ = Pending::None;
}

void CallAttribution::on_exception_return(uint64_t now, uint32_t thread_sp) {
  // Pop up to and including the innermost exception frame (the handler's
  // own unsettled return is part of the exception return).
  while (frames_.size() > 1) {
    Frame f = frames_.back();
    pop(now);
    if (f.exception) {
      pending_ = f.interrupted;
      pending_return_address_ = f.interrupted_return_address;
      if (f.thread_sp != kNoThread && thread_sp != kNoThread && thread_sp != f.thread_sp) [[unlikely]]
        switch_thread(f.thread_sp, thread_sp, now);
      return;
    }
  }
  pending_ = Pending::None;
}

void CallAttribution::switch_thread(uint32_t from_sp, uint32_t to_sp, uint64_t now) {
  if (call_start_.depth) [[unlikely]] settle_call_start();
  ++thread_switches_;
  jump_ = {};  // a stack selected by the thread switched away from is no jump of the next
  suspend(from_sp, now);
  auto it = std::find_if(suspended_.begin(), suspended_.end(), [to_sp](const auto& t) { return t.first == to_sp; });
  if (it == suspended_.end()) {
    // A thread not seen before starts at the root, in whatever function it
    // resumes in (the next block settles it as after an unmatched return).
    pending_ = Pending::Return;
    return;
  }
  SuspendedThread thread = std::move(it->second);
  suspended_.erase(it);
  resume(std::move(thread), now);
}

// The function that selected a new PSP jumped to `function`: a thread
// starts there, on a call stack of its own, as one started by an exception
// return would; the frames that jumped are set aside like a suspended
// thread's (a switch back to their stack pointer would resume them).
void CallAttribution::start_jumped_thread(uint32_t function, uint64_t now) {
  uint32_t from_sp = jump_.from_sp;
  jump_ = {};
  call_start_ = {};  // a call it made before jumping has returned
  ++thread_switches_;
  suspend(from_sp, now);
  push(function, 0, 0, now, false);
}

void CallAttribution::note_call_start() {
  const Frame& callee = frames_.back();
  call_start_ = {frames_.size(), callee.node, callee.entry_cycles, callee.entry_instructions, jump_.from_sp};
}

void CallAttribution::settle_call_start() {
  const CallStart& c = call_start_;
  bool open = c.depth <= frames_.size() && frames_[c.depth - 1].node == c.node &&
              frames_[c.depth - 1].entry_cycles == c.cycles && !frames_[c.depth - 1].exception;
  if (open) start_called_thread();
  call_start_ = {};
}

// The callee of the stack-selecting function never returned: a thread
// started at the call. The frames below it (the boot) are set aside as
// suspended at the call's time, so their inclusive time ends there; the
// callee and what it called become the thread's stack, and its node in
// the call tree moves under the root, where a thread's first function is.
void CallAttribution::start_called_thread() {
  const CallStart c = call_start_;
  size_t first = c.depth - 1;  // the callee's index in frames_
  ++thread_switches_;
  SuspendedThread boot{{frames_.begin() + 1, frames_.begin() + static_cast<std::ptrdiff_t>(first)}, Pending::None, 0,
                       c.cycles, c.instructions};
  for (size_t i = 1; i < first; ++i) {
    record_span(frames_[i], c.cycles, static_cast<uint32_t>(i));
    --functions_[frames_[i].function].on_stack;
  }
  std::vector<Frame> thread(frames_.begin() + static_cast<std::ptrdiff_t>(first), frames_.end());
  frames_.truncate(1);
  set_aside(c.from_sp, std::move(boot));  // before the thread's frames are back: it may close frames on top
  for (const Frame& f : thread) frames_.push(f);
  Node& node = nodes_[c.node];
  uint64_t old_key = (uint64_t{node.parent} << 32) | node.function;
  auto it = children_.find(old_key);
  if (it != children_.end() && it->second == c.node) children_.erase(it);
  CachedChild& cached = child_cache_[(node.parent * 31u + node.function) % kChildCacheSize];
  if (cached.key == old_key) cached = {};
  node.parent = 0;
  children_.try_emplace(uint64_t{node.function}, c.node);
}

// The frames above the root leave the stack: their trace spans end here,
// and they no longer count as open for recursion.
void CallAttribution::suspend(uint32_t sp, uint64_t now) {
  SuspendedThread t{{frames_.begin() + 1, frames_.end()}, pending_, pending_return_address_, now, instructions_};
  for (size_t i = 1; i < frames_.size(); ++i) {
    record_span(frames_[i], now, static_cast<uint32_t>(i));
    --functions_[frames_[i].function].on_stack;
  }
  frames_.truncate(1);
  pending_ = Pending::None;
  set_aside(sp, std::move(t));
}

void CallAttribution::set_aside(uint32_t sp, SuspendedThread t) {
  // A stack pointer is one thread's: a thread that was never resumed there
  // (its stack reused) is dropped with its frames closed at its suspension.
  auto same = std::find_if(suspended_.begin(), suspended_.end(), [sp](const auto& s) { return s.first == sp; });
  if (same != suspended_.end()) {
    SuspendedThread old = std::move(same->second);
    suspended_.erase(same);
    resume(std::move(old), old.cycles);
    while (frames_.size() > 1) pop(old.cycles);
  }
  suspended_.emplace_back(sp, std::move(t));
}

// Back on the stack, as if no time had passed while suspended.
void CallAttribution::resume(SuspendedThread thread, uint64_t now) {
  uint64_t away_cycles = now - thread.cycles, away_instructions = instructions_ - thread.instructions;
  for (Frame& f : thread.frames) {
    f.entry_cycles += away_cycles;
    f.entry_instructions += away_instructions;
    f.span_start = now;
    ++functions_[f.function].on_stack;
    frames_.push(f);
  }
  pending_ = thread.pending;
  pending_return_address_ = thread.pending_return_address;
}

void CallAttribution::finish(uint64_t now) {
  if (call_start_.depth) settle_call_start();
  while (frames_.size() > 1) pop(now);
  // Suspended threads' frames end where their thread last ran.
  for (auto& [sp, thread] : suspended_) {
    uint64_t at = thread.cycles;
    resume(std::move(thread), at);
    while (frames_.size() > 1) pop(at);
  }
  suspended_.clear();
  pop(now);
  frames_.push(Frame{0, 0, 0, 0, now, instructions_, 0, false});
  functions_[0].on_stack = 1;
}

void CallAttribution::fill(Profile& profile) {
  auto first_name = static_cast<uint32_t>(profile.span_names.size());
  profile.span_names.insert(profile.span_names.end(), names_.begin(), names_.end());
  if (profile.spans.empty() && first_name == 0) {
    profile.spans = std::move(spans_);  // the common case: no copy of up to 200,000 spans
  } else {
    profile.spans.reserve(profile.spans.size() + spans_.size());
    for (Span s : spans_) {
      s.name += first_name;
      profile.spans.push_back(s);
    }
  }
  spans_ = {};
  // Functions: self from the tree, total from outermost frames.
  std::vector<uint64_t> self_cycles(names_.size()), self_instructions(names_.size());
  for (const Node& n : nodes_) {
    self_cycles[n.function] += n.self_cycles;
    self_instructions[n.function] += n.self_instructions;
  }
  std::vector<uint32_t> profile_index(names_.size(), UINT32_MAX);
  for (size_t f = 0; f < names_.size(); ++f) {
    // Id 0 is also the root frame: report it only when code without a symbol ran.
    const FunctionTotals& totals = functions_[f];
    if (f == 0 ? !self_cycles[0] : (!self_cycles[f] && !totals.calls && !totals.total_cycles)) continue;
    profile_index[f] = static_cast<uint32_t>(profile.functions.size());
    FunctionProfile fp;
    fp.name = names_[f];
    fp.address = addresses_[f];
    fp.calls = totals.calls;
    fp.self_cycles = self_cycles[f];
    fp.self_instructions = self_instructions[f];
    fp.total_cycles = std::max(totals.total_cycles, self_cycles[f]);
    fp.total_instructions = std::max(totals.total_instructions, self_instructions[f]);
    profile.functions.push_back(fp);
  }
  // Call edges from parent/child nodes.
  std::unordered_map<uint64_t, size_t> edge_index;
  for (size_t i = 1; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    uint32_t caller = profile_index[nodes_[n.parent].function], callee = profile_index[n.function];
    if (caller == UINT32_MAX || callee == UINT32_MAX || n.calls == 0) continue;
    uint64_t key = (uint64_t{caller} << 32) | callee;
    auto [it, inserted] = edge_index.emplace(key, profile.calls.size());
    if (inserted) profile.calls.push_back(CallEdge{caller, callee, 0, 0, 0});
    CallEdge& e = profile.calls[it->second];
    e.calls += n.calls;
    e.inclusive_cycles += n.inclusive_cycles;
    e.inclusive_instructions += n.inclusive_instructions;
  }
  // Folded stacks: the path of every node with self cost.
  std::vector<std::string> paths(nodes_.size());
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Node& n = nodes_[i];
    paths[i] = i == 0 ? names_[n.function] : paths[n.parent] + ";" + names_[n.function];
    if (i > 0 && n.parent == 0 && nodes_[0].self_cycles == 0) paths[i] = names_[n.function];
    if (n.self_cycles) profile.folded_stacks[paths[i]] += n.self_cycles;
  }
}

}  // namespace mcusim

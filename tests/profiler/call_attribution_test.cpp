// The shadow call stack: blocks are fed as the simulator would (address,
// function id, whether it starts the function, how it ends, its cost).
#include "profiler/call_attribution.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

namespace mcusim {
namespace {

// Functions: 1 main @0x100, 2 f @0x200, 3 g @0x300, 4 handler @0x400.
class CallAttributionTest : public ::testing::Test {
 protected:
  CallAttribution attribution{{"[unknown]", "main", "f", "g", "handler"}, {0, 0x100, 0x200, 0x300, 0x400}};
  uint64_t now = 0;
  uint32_t sp = 0x20001000;

  void block(uint32_t address, uint32_t function, bool entry, BlockExit exit, uint32_t size, uint64_t cycles) {
    attribution.on_block(address, function, entry, exit, address + size, now, cycles, cycles, sp, [this] { return sp; });
    now += cycles;
  }
  Profile profile() {
    attribution.finish(now);
    Profile p;
    attribution.fill(p);
    return p;
  }
  static const FunctionProfile& named(const Profile& p, const std::string& name) {
    for (const FunctionProfile& f : p.functions)
      if (f.name == name) return f;
    throw std::runtime_error("no function " + name);
  }
};

TEST_F(CallAttributionTest, CallAndReturnSplitSelfAndTotal) {
  block(0x100, 1, true, BlockExit::Call, 8, 10);    // main: ...; bl f  (returns to 0x108)
  block(0x200, 2, true, BlockExit::Return, 6, 30);  // f: ...; bx lr
  block(0x108, 1, false, BlockExit::Other, 4, 5);   // main continues
  Profile p = profile();
  EXPECT_EQ(named(p, "main").self_cycles, 15u);
  EXPECT_EQ(named(p, "main").total_cycles, 45u);
  EXPECT_EQ(named(p, "f").self_cycles, 30u);
  EXPECT_EQ(named(p, "f").total_cycles, 30u);
  EXPECT_EQ(named(p, "f").calls, 1u);
  ASSERT_EQ(p.calls.size(), 1u);
  EXPECT_EQ(p.calls[0].inclusive_cycles, 30u);
  EXPECT_EQ(p.folded_stacks.at("main;f"), 30u);
}

TEST_F(CallAttributionTest, RecursionCountsTotalOnceAtTheOutermostFrame) {
  block(0x100, 1, true, BlockExit::Call, 4, 1);     // main calls f, returns to 0x104
  block(0x200, 2, true, BlockExit::Call, 4, 10);    // f calls f, returns to 0x204
  block(0x200, 2, true, BlockExit::Return, 4, 10);  // inner f returns
  block(0x204, 2, false, BlockExit::Return, 2, 5);  // outer f returns
  block(0x104, 1, false, BlockExit::Other, 2, 1);
  Profile p = profile();
  EXPECT_EQ(named(p, "f").calls, 2u);
  EXPECT_EQ(named(p, "f").self_cycles, 25u);
  EXPECT_EQ(named(p, "f").total_cycles, 25u);  // not 35: the inner frame is inside the outer
}

TEST_F(CallAttributionTest, JumpToAnotherFunctionStartIsATailCall) {
  block(0x100, 1, true, BlockExit::Call, 4, 1);     // main calls f, returns to 0x104
  block(0x200, 2, true, BlockExit::Other, 4, 3);    // f: b g (tail call)
  block(0x300, 3, true, BlockExit::Return, 4, 7);   // g returns straight to main
  block(0x104, 1, false, BlockExit::Other, 2, 1);
  Profile p = profile();
  EXPECT_EQ(named(p, "g").self_cycles, 7u);
  EXPECT_EQ(named(p, "g").calls, 1u);
  EXPECT_EQ(named(p, "main").self_cycles, 2u);
  EXPECT_EQ(p.folded_stacks.at("main;g"), 7u);
}

TEST_F(CallAttributionTest, ExceptionHandlerIsItsOwnFrame) {
  block(0x100, 1, true, BlockExit::Call, 4, 2);    // main calls f
  block(0x200, 2, true, BlockExit::Other, 4, 4);   // f running, interrupted
  attribution.on_exception_entry(4, 0x204, now);
  block(0x400, 4, true, BlockExit::Other, 4, 9);   // handler
  attribution.on_exception_return(now);
  block(0x204, 2, false, BlockExit::Return, 2, 1); // f resumes and returns
  block(0x104, 1, false, BlockExit::Other, 2, 1);
  Profile p = profile();
  EXPECT_EQ(named(p, "handler").self_cycles, 9u);
  EXPECT_EQ(named(p, "f").self_cycles, 5u);
  EXPECT_EQ(p.folded_stacks.at("main;f;handler"), 9u);
}

// An interrupt taken after a call's BL, before its target runs: the call
// completes after the handler, under the caller (not as a tail call).
TEST_F(CallAttributionTest, InterruptBetweenCallAndTargetLeavesTheCallPending) {
  block(0x100, 1, true, BlockExit::Call, 4, 2);    // main: bl f (returns to 0x104)
  attribution.on_exception_entry(4, 0x200, now);   // taken before f's first instruction
  block(0x400, 4, true, BlockExit::Return, 4, 9);  // handler: bx lr (EXC_RETURN)
  attribution.on_exception_return(now);
  block(0x200, 2, true, BlockExit::Return, 4, 3);  // f
  block(0x104, 1, false, BlockExit::Other, 2, 1);  // main continues
  Profile p = profile();
  EXPECT_EQ(named(p, "main").self_cycles, 3u);
  EXPECT_EQ(named(p, "f").self_cycles, 3u);
  EXPECT_EQ(p.folded_stacks.at("main;f"), 3u);
  EXPECT_EQ(p.folded_stacks.at("main;handler"), 9u);
}

// An interrupt taken after a return, before the caller resumes: the return
// completes after the handler; the next call of the same function is not
// nested inside the last one.
TEST_F(CallAttributionTest, InterruptBetweenReturnAndCallerLeavesTheReturnPending) {
  for (int i = 0; i < 3; ++i) {
    block(0x100, 1, true, BlockExit::Call, 4, 2);    // main loop: bl f
    block(0x200, 2, true, BlockExit::Return, 4, 3);  // f: bx lr
    attribution.on_exception_entry(4, 0x104, now);   // taken before main resumes
    block(0x400, 4, true, BlockExit::Return, 4, 9);
    attribution.on_exception_return(now);
    block(0x104, 1, false, BlockExit::Other, 2, 1);  // main, back to its loop head
  }
  Profile p = profile();
  EXPECT_EQ(named(p, "f").self_cycles, 9u);
  EXPECT_EQ(p.folded_stacks.count("main;f;f"), 0u);
  EXPECT_EQ(p.folded_stacks.at("main;f;handler"), 27u) << "the handler interrupted f's return";
  EXPECT_EQ(named(p, "main").self_cycles, 9u);
}

// A handler that tail-calls (B) another function still returns from the exception.
TEST_F(CallAttributionTest, HandlerTailCallKeepsTheInterruptedState) {
  block(0x100, 1, true, BlockExit::Call, 4, 2);    // main: bl f
  attribution.on_exception_entry(4, 0x200, now);
  block(0x400, 4, true, BlockExit::Other, 4, 1);   // handler: b g
  block(0x300, 3, true, BlockExit::Return, 4, 5);  // g: bx lr (EXC_RETURN)
  attribution.on_exception_return(now);
  block(0x200, 2, true, BlockExit::Return, 4, 3);  // f, called by main
  block(0x104, 1, false, BlockExit::Other, 2, 1);
  Profile p = profile();
  EXPECT_EQ(p.folded_stacks.at("main;f"), 3u);
  EXPECT_EQ(p.folded_stacks.at("main;g"), 5u);
}

TEST_F(CallAttributionTest, ReturnToAnUnknownAddressResynchronisesByStackPointer) {
  sp = 0x20000F00;
  block(0x100, 1, true, BlockExit::Call, 4, 1);    // main calls f (frame at sp 0x20000F00)
  sp = 0x20000E00;
  block(0x200, 2, true, BlockExit::Call, 4, 1);    // f calls g (frame at sp 0x20000E00)
  sp = 0x20000F80;                                 // longjmp back into main's frame
  block(0x300, 3, true, BlockExit::Return, 4, 1);  // g "returns" somewhere no call site expects
  block(0x150, 1, false, BlockExit::Other, 4, 6);  // main, after setjmp
  Profile p = profile();
  EXPECT_EQ(named(p, "main").self_cycles, 7u);
  EXPECT_EQ(p.folded_stacks.count("main;f;g"), 1u);
}

TEST_F(CallAttributionTest, RecordsFunctionSpansInSimulatedTime) {
  attribution.record_spans(100, 8);
  block(0x100, 1, true, BlockExit::Call, 8, 10);    // main calls f at cycle 10
  block(0x200, 2, true, BlockExit::Return, 6, 30);  // f runs cycles 10..40
  block(0x108, 1, false, BlockExit::Other, 4, 5);
  Profile p = profile();
  const Span* f = nullptr;
  for (const Span& s : p.spans)
    if (p.span_name(s) == "f") f = &s;
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->category, SpanCategory::Function);
  EXPECT_EQ(f->start_cycle, 10u);
  EXPECT_EQ(f->end_cycle, 40u);
}

}  // namespace
}  // namespace mcusim

namespace mcusim {
namespace {

TEST(CallAttributionBoundsTest, EverNewCallPathsStopGrowingTheTreeAtItsLimit) {
  // A random walk of calls and returns over 4 functions, up to 40 deep:
  // most calls are on a path not seen before. The tree is limited to 50,000
  // paths here (2^20 by default) to keep the test fast.
  CallAttribution a{{"[unknown]", "main", "f", "g", "h"}, {0, 0x100, 0x200, 0x300, 0x400}};
  constexpr size_t kLimit = 50'000;
  a.limit_call_paths(kLimit);
  uint64_t now = 0;
  uint32_t sp = 0x20008000, function = 1, address = 0x100;
  std::mt19937 random(1);
  bool entry = true;
  std::vector<std::pair<uint32_t, uint32_t>> callers;  // function, return address
  auto read_sp = [&] { return sp; };
  for (int i = 0; i < 1'000'000; ++i) {
    uint32_t r = static_cast<uint32_t>(random());
    bool call = callers.empty() || (callers.size() < 40 && r % 4 != 0);
    uint32_t return_address = function * 0x100 + 0x10;
    a.on_block(address, function, entry, call ? BlockExit::Call : BlockExit::Return, return_address, now, 1, 1, sp, read_sp);
    ++now;
    if (call) {
      callers.emplace_back(function, return_address);
      function = 1 + (r >> 8) % 4;
      address = function * 0x100;
      entry = true;
      sp -= 8;
    } else {
      std::tie(function, address) = callers.back();
      callers.pop_back();
      entry = false;
      sp += 8;
    }
  }
  EXPECT_EQ(a.call_paths(), kLimit) << "the tree filled up and stopped growing";
  a.finish(now);
  Profile p;
  a.fill(p);
  uint64_t self = 0;
  for (const FunctionProfile& f : p.functions) self += f.self_cycles;
  EXPECT_EQ(self, now) << "folded paths still count every cycle";
}

}  // namespace
}  // namespace mcusim

namespace mcusim {
namespace {

// An RTOS: two threads on their own stacks, switched by a PendSV handler.
// Functions: 1 task_a @0x100, 2 task_b @0x200, 3 kernel @0x300, 4 PendSV @0x400.
class ThreadSwitchTest : public ::testing::Test {
 protected:
  static constexpr uint32_t kStackA = 0x20001000, kStackB = 0x20002000;
  CallAttribution attribution{{"[unknown]", "task_a", "task_b", "kernel", "PendSV"}, {0, 0x100, 0x200, 0x300, 0x400}};
  uint64_t now = 0;
  uint32_t sp = kStackA;

  void block(uint32_t address, uint32_t function, bool entry, BlockExit exit, uint32_t size, uint64_t cycles) {
    attribution.on_block(address, function, entry, exit, address + size, now, cycles, cycles, sp, [this] { return sp; });
    now += cycles;
  }
  // PendSV taken at `return_address` in the thread on `from`, returning to the thread on `to`.
  void context_switch(uint32_t return_address, uint32_t from, uint32_t to, uint64_t cycles) {
    attribution.on_exception_entry(4, return_address, now, from);
    block(0x400, 4, true, BlockExit::Other, 8, cycles);
    attribution.on_exception_return(now, to);
    sp = to;
  }
  Profile profile() {
    attribution.finish(now);
    Profile p;
    attribution.fill(p);
    return p;
  }
  static const FunctionProfile& named(const Profile& p, const std::string& name) {
    for (const FunctionProfile& f : p.functions)
      if (f.name == name) return f;
    throw std::runtime_error("no function " + name);
  }
};

TEST_F(ThreadSwitchTest, SwitchedToThreadRunsOnItsOwnCallStack) {
  block(0x100, 1, true, BlockExit::Call, 4, 10);  // task_a calls kernel (returns to 0x104)
  block(0x300, 3, true, BlockExit::Other, 4, 20);
  context_switch(0x304, kStackA, kStackB, 5);       // preempted inside kernel
  block(0x210, 2, false, BlockExit::Other, 4, 40);  // task_b, resumed mid-function: not kernel's code
  context_switch(0x214, kStackB, kStackA, 5);
  block(0x304, 3, false, BlockExit::Return, 2, 7);  // kernel returns to task_a
  block(0x104, 1, false, BlockExit::Other, 2, 3);
  Profile p = profile();
  EXPECT_EQ(named(p, "task_b").self_cycles, 40u);
  EXPECT_EQ(named(p, "kernel").self_cycles, 27u);
  // kernel's inclusive time is its own thread's: the first PendSV (taken in
  // it), not task_b's 40 cycles nor the PendSV taken in task_b.
  EXPECT_EQ(named(p, "kernel").total_cycles, 32u);
  EXPECT_EQ(p.folded_stacks.at("task_a;kernel"), 27u);
  EXPECT_EQ(p.folded_stacks.at("task_b"), 40u);
  EXPECT_EQ(p.folded_stacks.at("task_a;kernel;PendSV"), 5u);
  EXPECT_EQ(p.folded_stacks.at("task_b;PendSV"), 5u);
  EXPECT_EQ(attribution.thread_switches(), 2u);
}

TEST_F(ThreadSwitchTest, FunctionOpenInASuspendedThreadCountsTheOtherThreadsCallToo) {
  block(0x100, 1, true, BlockExit::Call, 4, 10);   // task_a calls kernel
  block(0x300, 3, true, BlockExit::Other, 4, 20);
  context_switch(0x304, kStackA, kStackB, 5);
  block(0x200, 2, true, BlockExit::Call, 4, 1);    // task_b calls kernel (returns to 0x204)
  block(0x300, 3, true, BlockExit::Return, 4, 50);
  block(0x204, 2, false, BlockExit::Other, 2, 1);
  context_switch(0x206, kStackB, kStackA, 5);
  block(0x304, 3, false, BlockExit::Return, 2, 7);
  block(0x104, 1, false, BlockExit::Other, 2, 3);
  Profile p = profile();
  EXPECT_EQ(named(p, "kernel").calls, 2u);
  EXPECT_EQ(named(p, "kernel").total_cycles, 32u + 50u) << "task_a's call and task_b's call";
}

TEST_F(ThreadSwitchTest, SuspendedFramesSpanEndsAtTheSwitchAndResumesAfter) {
  attribution.record_spans(100, 8);
  block(0x100, 1, true, BlockExit::Call, 4, 10);   // kernel entered at 10
  block(0x300, 3, true, BlockExit::Other, 4, 20);
  context_switch(0x304, kStackA, kStackB, 5);      // switch at 35
  block(0x210, 2, false, BlockExit::Other, 4, 40);
  context_switch(0x214, kStackB, kStackA, 5);      // back at 80
  block(0x304, 3, false, BlockExit::Return, 2, 7);  // kernel returns at 87
  block(0x104, 1, false, BlockExit::Other, 2, 3);
  Profile p = profile();
  std::vector<std::pair<uint64_t, uint64_t>> kernel;
  for (const Span& s : p.spans)
    if (p.span_name(s) == "kernel") kernel.emplace_back(s.start_cycle, s.end_cycle);
  std::sort(kernel.begin(), kernel.end());
  EXPECT_EQ(kernel, (std::vector<std::pair<uint64_t, uint64_t>>{{10, 35}, {80, 87}}));
}

TEST_F(ThreadSwitchTest, ExceptionReturningToTheSameThreadSwitchesNothing) {
  block(0x100, 1, true, BlockExit::Call, 4, 10);
  block(0x300, 3, true, BlockExit::Other, 4, 20);
  context_switch(0x304, kStackA, kStackA, 5);  // a tick that switches nothing
  block(0x304, 3, false, BlockExit::Return, 2, 7);
  block(0x104, 1, false, BlockExit::Other, 2, 3);
  Profile p = profile();
  EXPECT_EQ(attribution.thread_switches(), 0u);
  EXPECT_EQ(named(p, "kernel").total_cycles, 32u);
  EXPECT_EQ(named(p, "task_a").total_cycles, 45u);
}

TEST_F(ThreadSwitchTest, ThreadStillSuspendedAtTheEndIsClosedWhereItLastRan) {
  block(0x100, 1, true, BlockExit::Call, 4, 10);
  block(0x300, 3, true, BlockExit::Other, 4, 20);
  context_switch(0x304, kStackA, kStackB, 5);       // task_a never runs again
  block(0x210, 2, false, BlockExit::Other, 4, 1000);
  Profile p = profile();
  EXPECT_EQ(named(p, "kernel").total_cycles, 25u) << "kernel and the PendSV taken in it, not task_b's time";
  EXPECT_EQ(named(p, "task_a").total_cycles, 35u);
}

// Zephyr's main thread: the boot code (task_a's place here) calls a
// function (kernel) that selects a new PSP in thread mode and jumps to the
// thread's entry (task_b) without a call.
TEST_F(ThreadSwitchTest, ThreadEnteredByAJumpOnANewPspRunsOnItsOwnCallStack) {
  block(0x100, 1, true, BlockExit::Call, 4, 10);   // boot calls kernel (returns to 0x104)
  block(0x300, 3, true, BlockExit::Other, 8, 20);  // kernel: msr psp; msr control; bx r4
  attribution.thread_stack_selected(true, kStackA);
  sp = kStackB;
  block(0x200, 2, true, BlockExit::Other, 4, 40);  // task_b, entered by the jump
  context_switch(0x204, kStackB, kStackB, 5);      // a tick in it: the same thread
  block(0x204, 2, false, BlockExit::Other, 4, 6);
  Profile p = profile();
  EXPECT_EQ(p.folded_stacks.at("task_b"), 46u);
  EXPECT_EQ(p.folded_stacks.at("task_b;PendSV"), 5u);
  EXPECT_EQ(p.folded_stacks.count("task_a;kernel;task_b"), 0u);
  EXPECT_EQ(named(p, "kernel").total_cycles, 20u) << "the boot code's time only";
  EXPECT_EQ(named(p, "task_a").total_cycles, 30u);
  EXPECT_EQ(attribution.thread_switches(), 1u);
}

// Code that moves to the PSP and back within one function (tests/firmware
// svc.c) starts no thread: its calls stay on its call stack.
TEST_F(ThreadSwitchTest, CallsAfterMovingToThePspStayOnTheCallersStack) {
  block(0x100, 1, true, BlockExit::Call, 4, 10);    // task_a: msr psp; msr control; bl kernel
  attribution.thread_stack_selected(true, kStackA);
  block(0x300, 3, true, BlockExit::Return, 4, 20);  // kernel returns to 0x104
  block(0x104, 1, false, BlockExit::Other, 4, 3);   // task_a: msr control (back on the MSP)
  attribution.thread_stack_selected(false, kStackA);
  block(0x108, 1, false, BlockExit::Other, 4, 3);
  Profile p = profile();
  EXPECT_EQ(p.folded_stacks.at("task_a;kernel"), 20u);
  EXPECT_EQ(named(p, "task_a").total_cycles, 36u);
  EXPECT_EQ(attribution.thread_switches(), 0u);
}

// A jump made after the selecting function returned is an ordinary tail call.
TEST_F(ThreadSwitchTest, TailCallOfAnotherFunctionAfterTheSelectorReturnedStartsNoThread) {
  block(0x100, 1, true, BlockExit::Call, 4, 10);    // task_a calls kernel
  block(0x300, 3, true, BlockExit::Return, 4, 20);  // kernel: msr psp; msr control; bx lr
  attribution.thread_stack_selected(true, kStackA);
  block(0x104, 1, false, BlockExit::Other, 4, 3);   // task_a: b task_b (a tail call)
  block(0x200, 2, true, BlockExit::Other, 4, 7);
  Profile p = profile();
  EXPECT_EQ(p.folded_stacks.at("task_b"), 7u) << "task_b replaces task_a at the root, as any tail call";
  EXPECT_EQ(attribution.thread_switches(), 0u);
}

}  // namespace
}  // namespace mcusim

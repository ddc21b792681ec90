// SvcLoopWatch (sim/svc_loop.h): which sequences of SVC calls count as the
// same state repeating, and when RAM fingerprints are compared.
#include "sim/svc_loop.h"

#include <gtest/gtest.h>

namespace mcusim {
namespace {

SvcCall call_with(uint32_t r0, uint32_t sp = 0x20001000) {
  SvcCall c;
  c.pc = 0x400;
  c.regs[0] = r0;
  c.regs[13] = sp;
  return c;
}

TEST(SvcLoopWatchTest, TheSameCallAgainAndAgainRepeatsSinceTheFirstRepeat) {
  SvcLoopWatch w;
  w.on_svc(call_with(1), 0.0);
  EXPECT_EQ(w.repeats(), 0u);
  w.on_svc(call_with(1), 0.5);
  w.on_svc(call_with(1), 2.0);
  EXPECT_EQ(w.repeats(), 2u);
  EXPECT_DOUBLE_EQ(w.repeating_for(3.0), 2.5);
}

TEST(SvcLoopWatchTest, NewRegistersOrOutputStartTheWatchAgain) {
  SvcLoopWatch w;
  w.on_svc(call_with(1), 0.0);
  w.on_svc(call_with(1), 1.0);
  w.on_svc(call_with(2), 2.0);  // a system call with a new argument: progress
  EXPECT_EQ(w.repeats(), 0u);
  EXPECT_DOUBLE_EQ(w.repeating_for(5.0), 0.0);
  SvcCall printed = call_with(2);
  printed.output_bytes = 1;
  w.on_svc(printed, 3.0);
  EXPECT_EQ(w.repeats(), 0u);
}

TEST(SvcLoopWatchTest, AnotherThreadResumingBreaksTheRepetition) {
  // An RTOS task yields with the same registers each time, but between its
  // calls another task (another stack) ran: that is not a stuck loop.
  SvcLoopWatch w;
  w.on_svc(call_with(7, 0x20001000), 0.0);
  w.on_svc(call_with(7, 0x20001000), 1.0);
  w.on_thread_resumed(0x20002000);
  w.on_svc(call_with(7, 0x20001000), 2.0);
  EXPECT_EQ(w.repeats(), 0u);
  // Handlers returning to the same thread (same stack) do not break it.
  w.on_thread_resumed(0x20001000);
  w.on_svc(call_with(7, 0x20001000), 3.0);
  EXPECT_EQ(w.repeats(), 1u);
}

TEST(SvcLoopWatchTest, FingerprintsAreComparedAtTwoSuccessiveRepeats) {
  SvcLoopWatch w;
  w.on_svc(call_with(1), 0.0);
  int due = 0;
  bool repeated = false;
  for (uint64_t i = 1; i <= SvcLoopWatch::kFirstFingerprint + 1; ++i) {
    w.on_svc(call_with(1), static_cast<double>(i));
    if (w.fingerprint_due()) {
      ++due;
      repeated = w.fingerprint_repeats(42);
    }
  }
  EXPECT_EQ(due, 2);
  EXPECT_TRUE(repeated);
}

TEST(SvcLoopWatchTest, ChangingMemoryIsNotARepeatedFingerprint) {
  SvcLoopWatch w;
  w.on_svc(call_with(1), 0.0);
  bool repeated = false;
  uint64_t counter = 0;
  for (uint64_t i = 1; i <= SvcLoopWatch::kFingerprintEvery + 1; ++i) {
    w.on_svc(call_with(1), static_cast<double>(i));
    if (w.fingerprint_due()) repeated |= w.fingerprint_repeats(++counter);
  }
  EXPECT_EQ(counter, 4u);  // at 64, 65, 2^20, 2^20 + 1
  EXPECT_FALSE(repeated);
}

}  // namespace
}  // namespace mcusim

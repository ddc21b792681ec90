// Firmware that calls SVC in a loop and gets nowhere: the thread reaches the
// same SVC with the same registers again and again, its output does not
// grow, and between two calls only exception handlers ran on its stack (no
// other thread of an RTOS). Each SVC is an exception entry, so the spin and
// sleep rules (sim/spin_loop.h) never see such a loop; this watch does.
//
// Two verdicts follow from it (StuckDetector::svc_call, sim/stuck_detector_svc.cpp):
//  - provably stuck: the state repeats, and so do the whole of RAM and the
//    flags (a fingerprint at two successive calls), while no timer runs and
//    no interrupt can arrive: the next call does exactly what this one did;
//  - idle: the state has repeated for the idle limit of simulated time while
//    handlers ran (the same rule as a thread sleeping on WFI).
// A thread that makes progress through SVC (an RTOS task yielding, a system
// call with new arguments) changes its registers, its output, or the stack
// that resumes, and starts the watch again.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace mcusim {

struct SvcCall {
  uint32_t pc = 0;                  // address of the SVC instruction
  std::array<uint32_t, 16> regs{};  // R0..R12, SP, LR, xPSR at the call
  uint64_t output_bytes = 0;        // firmware output so far
  bool operator==(const SvcCall&) const = default;
};

class SvcLoopWatch {
 public:
  // RAM fingerprints are compared at these repeat counts (and the one after
  // each): rarely, since hashing all of RAM costs milliseconds.
  static constexpr uint64_t kFirstFingerprint = 64;
  static constexpr uint64_t kFingerprintEvery = uint64_t{1} << 20;

  // The thread executes SVC with `call` at simulated time `now` (seconds).
  void on_svc(const SvcCall& call, double now);
  // An exception returned to thread mode, whose stack pointer is now `sp`:
  // another stack means another thread ran, so the repetition is broken.
  void on_thread_resumed(uint32_t sp);

  // How many calls in a row repeated the first one's state (0: none yet).
  uint64_t repeats() const { return repeats_; }
  // Simulated seconds since the state first repeated (0 when not repeating).
  double repeating_for(double now) const { return repeats_ ? now - since_ : 0; }
  // Whether the caller should fingerprint RAM at this call.
  bool fingerprint_due() const;
  // Records this call's fingerprint; true when the previous call (one repeat
  // earlier) had the same one.
  bool fingerprint_repeats(uint64_t fingerprint);

 private:
  std::optional<SvcCall> last_;
  uint64_t repeats_ = 0;
  double since_ = 0;
  std::optional<uint64_t> fingerprint_;  // taken at repeat fingerprint_at_
  uint64_t fingerprint_at_ = 0;
};

}  // namespace mcusim

#include "sim/svc_loop.h"

namespace mcusim {

void SvcLoopWatch::on_svc(const SvcCall& call, double now) {
  if (last_ && *last_ == call) {
    if (repeats_++ == 0) since_ = now;
    return;
  }
  last_ = call;
  repeats_ = 0;
  fingerprint_.reset();
}

void SvcLoopWatch::on_thread_resumed(uint32_t sp) {
  if (last_ && last_->regs[13] != sp) {
    last_.reset();
    repeats_ = 0;
    fingerprint_.reset();
  }
}

bool SvcLoopWatch::fingerprint_due() const {
  auto first_of_pair = [](uint64_t r) { return r == kFirstFingerprint || (r > 0 && r % kFingerprintEvery == 0); };
  return repeats_ > 0 && (first_of_pair(repeats_) || first_of_pair(repeats_ - 1));
}

bool SvcLoopWatch::fingerprint_repeats(uint64_t fingerprint) {
  bool same = fingerprint_ && fingerprint_at_ + 1 == repeats_ && *fingerprint_ == fingerprint;
  fingerprint_ = fingerprint;
  fingerprint_at_ = repeats_;
  return same;
}

}  // namespace mcusim

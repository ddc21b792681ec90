#include "sim/exception_unit.h"

#include <fmt/format.h>

namespace mcusim {

namespace {
constexpr uint32_t kControlSpsel = 1u << 1, kControlFpca = 1u << 2;
constexpr uint32_t kFrameAlignBit = 1u << 9;  // stacked xPSR bit 9: SP was realigned
}  // namespace

std::string exception_name(int exception) {
  switch (exception) {
    case kReset: return "Reset";
    case kNmi: return "NMI";
    case kHardFault: return "HardFault";
    case kMemManage: return "MemManage";
    case kBusFault: return "BusFault";
    case kUsageFault: return "UsageFault";
    case kSvCall: return "SVCall";
    case kDebugMonitor: return "DebugMonitor";
    case kPendSv: return "PendSV";
    case kSysTick: return "SysTick";
    default: return exception >= kFirstIrq ? fmt::format("IRQ{}", exception - kFirstIrq) : fmt::format("exception {}", exception);
  }
}

uint32_t ExceptionUnit::vector(int exception) const {
  uint32_t value = 0;
  memory_.read(state_.vtor + 4u * static_cast<uint32_t>(exception), &value, 4);
  return value;
}

int ExceptionUnit::wfi_wake_priority() const {
  int priority = state_.active_priority();
  uint32_t basepri = cpu_.reg(Reg::BASEPRI) & 0xFF;
  if (basepri) priority = std::min(priority, state_.group_priority(static_cast<uint8_t>(basepri)));
  if (cpu_.reg(Reg::FAULTMASK) & 1) priority = std::min(priority, -1);
  return priority;
}

int ExceptionUnit::execution_priority() const {
  int priority = wfi_wake_priority();
  if (cpu_.reg(Reg::PRIMASK) & 1) priority = std::min(priority, 0);
  return priority;
}

int ExceptionUnit::preempting_exception() const {
  int pending_priority = 0;
  int e = state_.highest_pending(&pending_priority);
  if (!e) return 0;
  return pending_priority < execution_priority() ? e : 0;
}

bool ExceptionUnit::pending_but_masked() const {
  int pending_priority = 0;
  return state_.highest_pending(&pending_priority) && pending_priority < state_.active_priority();
}

int ExceptionUnit::escalate(int fault) {
  int current = execution_priority();
  if (fault != kHardFault && state_.fault_enabled(fault) && state_.priority_of(fault) < current) return fault;
  if (current <= -1) return 0;  // already at HardFault/NMI priority: lockup
  if (fault != kHardFault) state_.hfsr |= hfsr::kForced;
  return kHardFault;
}

void ExceptionUnit::set_mode(int ipsr, uint32_t control) {
  constexpr uint32_t kNpriv = 1u;
  cpu_.set_reg(Reg::IPSR, 1);  // handler mode: privileged, CONTROL.nPRIV writable
  cpu_.set_reg(Reg::CONTROL, cpu_.reg(Reg::CONTROL) & ~kNpriv);
  cpu_.set_reg(Reg::IPSR, 0);  // privileged thread mode: SPSEL writes swap the banks
  cpu_.set_reg(Reg::CONTROL, control & ~kNpriv);
  cpu_.set_reg(Reg::CONTROL, control);
  cpu_.set_reg(Reg::IPSR, static_cast<uint32_t>(ipsr));
}

bool ExceptionUnit::enter(int exception, uint32_t return_address) {
  uint32_t control = cpu_.reg(Reg::CONTROL);
  bool thread = state_.current == 0;
  bool on_psp = thread && (control & kControlSpsel);
  bool fp_frame = has_fpu_ && (control & kControlFpca);
  uint32_t sp = cpu_.reg(Reg::SP);
  uint32_t frame_words = fp_frame ? 26 : 8;
  uint32_t xpsr = cpu_.reg(Reg::XPSR);
  uint32_t frame_sp = sp - 4 * frame_words;
  if (frame_sp & 4) {  // CCR.STKALIGN: 8-byte aligned frames
    frame_sp -= 4;
    xpsr |= kFrameAlignBit;
  } else {
    xpsr &= ~kFrameAlignBit;
  }
  uint32_t frame[26] = {cpu_.reg(Reg::R0), cpu_.reg(Reg::R1), cpu_.reg(Reg::R2), cpu_.reg(Reg::R3),
                        cpu_.reg(Reg::R12), cpu_.reg(Reg::LR), return_address & ~1u, (xpsr & ~0x1FFu) | static_cast<uint32_t>(state_.current)};
  if (fp_frame) {
    for (int i = 0; i < 16; ++i) frame[8 + i] = cpu_.reg(sreg(i));
    frame[24] = cpu_.reg(Reg::FPSCR);
    frame[25] = 0;
  }
  if (!memory_.write(frame_sp, frame, 4 * frame_words)) return false;

  uint32_t exc_return = 0xFFFFFFE1u | (fp_frame ? 0 : 0x10u);
  if (thread) exc_return |= on_psp ? 0xCu : 0x8u;
  // The frame goes on the current stack; handlers run on MSP with
  // CONTROL.SPSEL and FPCA cleared (Armv7-M ExceptionTaken()).
  cpu_.set_reg(Reg::SP, frame_sp);
  set_mode(exception, control & ~(kControlSpsel | kControlFpca));
  state_.pending[exception] = false;
  state_.active[exception] = true;
  state_.current = exception;
  cpu_.set_reg(Reg::LR, exc_return);
  cpu_.clear_exclusive_monitor();  // an exception removes the exclusive access tag (sim/exclusive_monitor.h)
  // Rewriting the flags rebuilds Unicorn's cached handler-mode state; without
  // it EXC_RETURN is not recognised (unicorn-2.0-notes.md).
  cpu_.set_reg(Reg::APSR_NZCV, cpu_.reg(Reg::APSR_NZCV));
  cpu_.set_reg(Reg::PC, vector(exception) | 1u);
  return true;
}

bool ExceptionUnit::exit(uint32_t exc_return, std::string* why) {
  uint32_t mode = exc_return & 0xF;
  if ((exc_return & 0xFFFFFFE0u) != 0xFFFFFFE0u || (mode != 0x1 && mode != 0x9 && mode != 0xD)) {
    *why = fmt::format("invalid EXC_RETURN value 0x{:08x}", exc_return);
    return false;
  }
  bool to_thread = mode != 0x1;
  bool from_psp = mode == 0xD;
  bool fp_frame = !(exc_return & 0x10u);
  int returning = state_.current;
  if (returning > 0) state_.active[returning] = false;

  uint32_t frame_sp = from_psp ? cpu_.reg(Reg::PSP) : cpu_.reg(Reg::SP);
  uint32_t frame[26] = {};
  uint32_t words = fp_frame ? 26 : 8;
  if (!memory_.read(frame_sp, frame, 4 * words)) {
    *why = fmt::format("exception frame at 0x{:08x} is outside memory", frame_sp);
    return false;
  }
  uint32_t xpsr = frame[7];
  uint32_t new_sp = frame_sp + 4 * words + ((xpsr & kFrameAlignBit) ? 4 : 0);
  int resumed = static_cast<int>(xpsr & 0x1FF);
  if (to_thread != (resumed == 0)) {
    *why = fmt::format("EXC_RETURN 0x{:08x} does not match the stacked IPSR {}", exc_return, resumed);
    return false;
  }
  static const Reg kStacked[] = {Reg::R0, Reg::R1, Reg::R2, Reg::R3, Reg::R12, Reg::LR};
  for (int i = 0; i < 6; ++i) cpu_.set_reg(kStacked[i], frame[i]);
  if (fp_frame) {
    for (int i = 0; i < 16; ++i) cpu_.set_reg(sreg(i), frame[8 + i]);
    cpu_.set_reg(Reg::FPSCR, frame[24]);
  }
  state_.current = resumed;
  cpu_.clear_exclusive_monitor();  // and so does the return
  uint32_t control = cpu_.reg(Reg::CONTROL);
  control = fp_frame ? (control | kControlFpca) : (control & ~kControlFpca);
  control = from_psp ? (control | kControlSpsel) : (control & ~kControlSpsel);
  if (!from_psp) cpu_.set_reg(Reg::SP, new_sp);
  set_mode(resumed, control);
  if (from_psp) cpu_.set_reg(Reg::SP, new_sp);  // SP is the PSP now
  cpu_.set_reg(Reg::XPSR_NZCVQG, xpsr);
  cpu_.set_reg(Reg::APSR_NZCV, cpu_.reg(Reg::APSR_NZCV));
  cpu_.set_reg(Reg::PC, frame[6] | 1u);
  return true;
}

}  // namespace mcusim

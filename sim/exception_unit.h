// Exception entry and return on the CPU, as Armv7-M hardware performs them
// (Armv7-M ARM B1.5.6-B1.5.8): stacking, EXC_RETURN, FP-extended frames,
// priority and masking, fault escalation to HardFault.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "peripherals/device.h"
#include "sim/cpu.h"
#include "sim/exception_state.h"

namespace mcusim {

std::string exception_name(int exception);

class ExceptionUnit {
 public:
  ExceptionUnit(Cpu& cpu, GuestMemory& memory, ExceptionState& state, bool has_fpu)
      : cpu_(cpu), memory_(memory), state_(state), has_fpu_(has_fpu) {}

  // Current execution priority: active exceptions and PRIMASK/FAULTMASK/BASEPRI.
  int execution_priority() const;
  // What an interrupt must beat to end a WFI: the execution priority as if
  // PRIMASK were clear (BASEPRI and FAULTMASK still count). Armv7-M ARM
  // B1.5.19; Arm knowledge article ka16222 ("would pre-empt the current
  // execution context if PRIMASK were not set").
  int wfi_wake_priority() const;
  // The pending exception that would preempt now, or 0.
  int preempting_exception() const;
  // True when some pending exception is held back only by a mask register.
  bool pending_but_masked() const;

  // Pushes the frame and enters the handler. `return_address` is where the
  // interrupted code resumes. Returns false when the frame cannot be pushed
  // (the stack points outside memory): the caller reports a lockup.
  bool enter(int exception, uint32_t return_address);
  // Exception return for EXC_RETURN `exc_return`; false on an invalid value
  // or an unreadable frame.
  bool exit(uint32_t exc_return, std::string* why);

  // Resolves a synchronous fault: the configurable fault if it is enabled and
  // can preempt, else HardFault (FORCED). Returns 0 on lockup (a fault while
  // at HardFault priority or above).
  int escalate(int fault);

  uint32_t vector(int exception) const;

 private:
  // Sets IPSR and CONTROL together. The engine swaps the SP banks only when
  // SPSEL is written in privileged thread mode, so go through that state.
  void set_mode(int ipsr, uint32_t control);
  Cpu& cpu_;
  GuestMemory& memory_;
  ExceptionState& state_;
  bool has_fpu_;
};

}  // namespace mcusim

// Armv7-M exception state: what NVIC, SCB and the exception unit share.
//
// Plain data plus the priority rules (Armv7-M ARM B1.5). Devices change it
// through their registers; the exception unit (sim/exception_unit.h) reads it
// to decide what to take and performs entry and return on the CPU.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

namespace mcusim {

enum ExceptionNumber : int {
  kReset = 1, kNmi = 2, kHardFault = 3, kMemManage = 4, kBusFault = 5, kUsageFault = 6,
  kSvCall = 11, kDebugMonitor = 12, kPendSv = 14, kSysTick = 15, kFirstIrq = 16,
};
constexpr int kMaxExceptions = 16 + 240;

// CFSR bits (UFSR << 16 | BFSR << 8 | MMFSR).
namespace cfsr {
constexpr uint32_t kIaccViol = 1u << 0, kDaccViol = 1u << 1, kMmarValid = 1u << 7;
constexpr uint32_t kIbusErr = 1u << 8, kPreciseErr = 1u << 9, kBfarValid = 1u << 15;
constexpr uint32_t kUndefInstr = 1u << 16, kInvState = 1u << 17, kNoCp = 1u << 19, kUnaligned = 1u << 24,
                   kDivByZero = 1u << 25;
}  // namespace cfsr
namespace hfsr {
constexpr uint32_t kVectTbl = 1u << 1, kForced = 1u << 30;
}

struct ExceptionState {
  int exception_count = 16 + 96;  // 16 system exceptions + the board's IRQs
  std::array<bool, kMaxExceptions> enabled{}, pending{}, active{};
  std::array<uint8_t, kMaxExceptions> priority{};  // raw 8-bit priority registers

  // SCB registers that shape exception behaviour.
  uint32_t vtor = 0;
  uint32_t aircr_prigroup = 0;
  uint32_t ccr = 0x200;  // STKALIGN set, as on reset of Armv7-M parts
  uint32_t shcsr = 0;
  uint32_t cfsr = 0, hfsr = 0, mmfar = 0, bfar = 0;
  uint32_t cpacr = 0;
  uint32_t scr = 0;
  bool event_register = false;  // for WFE
  int current = 0;              // IPSR: the exception being handled, 0 in thread mode

  void reset(int irq_count, uint32_t vector_table) {
    *this = ExceptionState{};
    exception_count = 16 + irq_count;
    vtor = vector_table;
    for (int e : {kReset, kNmi, kHardFault, kSvCall, kPendSv, kSysTick}) enabled[e] = true;
  }

  // Fixed priorities of Reset, NMI and HardFault are negative.
  int priority_of(int exception) const {
    if (exception == kReset) return -3;
    if (exception == kNmi) return -2;
    if (exception == kHardFault) return -1;
    return group_priority(priority[exception]);
  }
  // Only the group-priority bits decide preemption (AIRCR.PRIGROUP).
  int group_priority(uint8_t raw) const {
    uint32_t mask = 0xFFu << (aircr_prigroup + 1);
    return static_cast<int>(raw & mask & 0xFF);
  }
  // Configurable faults are enabled in SHCSR; disabled ones escalate to HardFault.
  bool fault_enabled(int exception) const {
    switch (exception) {
      case kMemManage: return shcsr & (1u << 16);
      case kBusFault: return shcsr & (1u << 17);
      case kUsageFault: return shcsr & (1u << 18);
      default: return true;
    }
  }
  // Highest-priority pending exception that is enabled; 0 when none.
  int highest_pending(int* priority_out) const {
    int best = 0, best_priority = 1 << 20;
    for (int e = 1; e < exception_count; ++e) {
      if (!pending[e] || !enabled[e]) continue;
      int p = priority_of(e);
      if (p < best_priority) best = e, best_priority = p;
    }
    if (priority_out) *priority_out = best_priority;
    return best;
  }
  // Priority of the running code from active exceptions (not masks); 256 = thread.
  int active_priority() const {
    int best = 256;
    for (int e = 1; e < exception_count; ++e)
      if (active[e]) best = std::min(best, priority_of(e));
    return best;
  }
};

}  // namespace mcusim

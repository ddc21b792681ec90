// The clock the firmware configures: core and timer clocks computed from the
// RCC registers it wrote, per series (RM0090 F4, RM0385 F7, RM0433 H7,
// RM0432 L4+). Start-up code recomputes SystemCoreClock from the same
// registers (HAL_RCC_GetSysClockFreq), so both agree by construction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "peripherals/device.h"

namespace mcusim {

class RegisterBlock;

struct ClockSources {
  uint64_t hse_hz = 0;      // the board's crystal (board file "hse_hz"); 0 if none
  uint64_t nominal_hz = 0;  // the board file's clock_hz: used by "fixed" trees
};

// Tree names: "stm32f4" (also F7), "stm32h7", "stm32l4", "fixed".
bool is_known_clock_tree(std::string_view tree);
// The clocks for the RCC register values now in `rcc` (null for "fixed").
Clocks compute_clocks(std::string_view tree, const RegisterBlock* rcc, const ClockSources& sources);
// "HSI 16 MHz", "PLL from HSE 25 MHz" ...: what SYSCLK runs from, for messages.
std::string describe_clock_source(std::string_view tree, const RegisterBlock* rcc, const ClockSources& sources);

}  // namespace mcusim

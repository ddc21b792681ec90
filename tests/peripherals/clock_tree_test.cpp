// The core and timer clocks computed from RCC registers, per series, with the
// values CubeMX configurations write (RM0090, RM0385, RM0433, RM0432).
#include <gtest/gtest.h>

#include "peripherals/clock_tree.h"
#include "peripherals/register_block.h"
#include "sim/board.h"

namespace mcusim {
namespace {

RegisterBlock rcc_of(const std::string& board_name) {
  Board board = load_board(board_name);
  for (const PeripheralSpec& p : board.peripherals)
    if (p.clock_tree) return RegisterBlock(p.model, "RCC");
  throw std::runtime_error("no RCC");
}

TEST(ClockTreeTest, F4ResetIsHsi16) {
  RegisterBlock rcc = rcc_of("stm32f407");
  Clocks c = compute_clocks("stm32f4", &rcc, {8'000'000, 168'000'000});
  EXPECT_EQ(c.core_hz, 16'000'000u);
  EXPECT_EQ(c.apb1_timer_hz, 16'000'000u);
}

TEST(ClockTreeTest, F4PllFromHse8To168WithApbPrescalers) {
  RegisterBlock rcc = rcc_of("stm32f407");
  rcc.write(0x04, 4, 8u | (336u << 6) | (0u << 16) | (1u << 22) | (7u << 24));
  rcc.write(0x08, 4, (5u << 10) | (4u << 13) | 2u);
  Clocks c = compute_clocks("stm32f4", &rcc, {8'000'000, 168'000'000});
  EXPECT_EQ(c.core_hz, 168'000'000u);
  EXPECT_EQ(c.apb1_timer_hz, 84'000'000u) << "APB1 /4 = 42 MHz, timers x2";
  EXPECT_EQ(c.apb2_timer_hz, 168'000'000u);
}

TEST(ClockTreeTest, F7PllFromHse25To216) {
  RegisterBlock rcc = rcc_of("stm32f746g-disco");
  rcc.write(0x04, 4, 25u | (432u << 6) | (1u << 22));
  rcc.write(0x08, 4, 2u);
  EXPECT_EQ(compute_clocks("stm32f4", &rcc, {25'000'000, 216'000'000}).core_hz, 216'000'000u);
}

TEST(ClockTreeTest, H7ResetIsHsi64AndPll1From8MHzGives480) {
  RegisterBlock rcc = rcc_of("stm32h743");
  EXPECT_EQ(compute_clocks("stm32h7", &rcc, {8'000'000, 480'000'000}).core_hz, 64'000'000u);
  rcc.write(0x28, 4, (1u << 4) | 2u);              // DIVM1 1, HSE
  rcc.write(0x30, 4, 119u | (1u << 9));            // N 120, P 2
  rcc.write(0x18, 4, (8u << 0) | (4u << 4));       // HPRE /2
  rcc.write(0x1C, 4, (4u << 4) | (4u << 8));       // D2PPRE1/2 /2
  rcc.write(0x10, 4, 3u);                          // SW = PLL1
  Clocks c = compute_clocks("stm32h7", &rcc, {8'000'000, 480'000'000});
  EXPECT_EQ(c.core_hz, 480'000'000u);
  EXPECT_EQ(c.apb1_timer_hz, 240'000'000u);
}

TEST(ClockTreeTest, H7FractionalPll) {
  RegisterBlock rcc = rcc_of("stm32h743");
  rcc.write(0x28, 4, (5u << 4) | 2u);         // 25 MHz / 5 = 5 MHz reference
  rcc.write(0x30, 4, 79u | (1u << 9));        // N 80, P 2
  rcc.write(0x2C, 4, 1u);                     // FRACEN
  rcc.write(0x34, 4, 4096u << 3);             // FRACN = 0.5
  rcc.write(0x10, 4, 3u);
  EXPECT_EQ(compute_clocks("stm32h7", &rcc, {25'000'000, 0}).core_hz, 201'250'000u);  // 5 * 80.5 / 2
}

TEST(ClockTreeTest, L4ResetIsMsi4AndPllFromMsiGives120) {
  RegisterBlock rcc = rcc_of("stm32l4r5");
  EXPECT_EQ(compute_clocks("stm32l4", &rcc, {8'000'000, 120'000'000}).core_hz, 4'000'000u);
  rcc.write(0x0C, 4, 1u | (60u << 8) | (1u << 24));
  rcc.write(0x08, 4, 3u);
  EXPECT_EQ(compute_clocks("stm32l4", &rcc, {8'000'000, 120'000'000}).core_hz, 120'000'000u);
}

TEST(ClockTreeTest, FixedTreeIsTheNominalClock) {
  EXPECT_EQ(compute_clocks("fixed", nullptr, {0, 64'000'000}).core_hz, 64'000'000u);
}

TEST(ClockTreeTest, WaitStatesFollowTheClock) {
  MemoryRegion flash;
  flash.mhz_per_wait_state = 30;
  EXPECT_EQ(wait_states_at(flash, 16'000'000), 0u);
  EXPECT_EQ(wait_states_at(flash, 216'000'000), 7u);
  EXPECT_EQ(wait_states_at(flash, 168'000'000), 5u);
}

}  // namespace
}  // namespace mcusim

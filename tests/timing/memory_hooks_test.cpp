// Accurate timing hooks every load and store only on boards where an access
// can stall (a cache, a Flash accelerator or wait states): a memory hook
// puts every access on the engine's slow path, so the mps2 boards, whose
// memory never stalls, must run accurate timing without one.
#include <gtest/gtest.h>

#include "sim/board.h"
#include "sim/timing/timing_engine.h"

namespace mcusim {
namespace {

bool memory_hooked(const std::string& board_name) {
  Board board = load_board(board_name);
  uint64_t now = 0;
  TimingEngine timing(board, "accurate", now);
  return timing.memory_can_stall();
}

TEST(AccurateTimingMemoryHooks, NoneOnBoardsWhoseMemoryNeverStalls) {
  EXPECT_FALSE(memory_hooked("mps2-an386"));
  EXPECT_FALSE(memory_hooked("mps2-an500"));
}

TEST(AccurateTimingMemoryHooks, PresentWhereACacheOrWaitStatesCanStall) {
  EXPECT_TRUE(memory_hooked("stm32f746g-disco"));  // L1 caches
  EXPECT_TRUE(memory_hooked("stm32f407"));         // ART accelerator, Flash wait states
}

}  // namespace
}  // namespace mcusim

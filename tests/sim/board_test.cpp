#include <gtest/gtest.h>

#include "sim/board.h"
#include "sim/errors.h"

namespace mcusim {
namespace {

TEST(BoardTest, EveryBundledBoardParses) {
  for (const std::string& name : bundled_board_names()) {
    Board b = load_board(name);
    EXPECT_EQ(b.name, name);
    EXPECT_FALSE(b.storage_regions().empty()) << name;
  }
}

TEST(BoardTest, FlashWaitStatesDeriveFromClock) {
  // 216 MHz at one wait state per 30 MHz: 7 wait states (STM32F746 reference manual).
  EXPECT_EQ(load_board("stm32f746g-disco").region_named("flash")->wait_states, 7u);
  EXPECT_EQ(load_board("stm32f407").region_named("flash")->wait_states, 5u);
}

TEST(BoardTest, WaitStatesOfAHalfSpeedBusAreCountedInCoreCycles) {
  // STM32H743 at 480 MHz: Flash at 4 wait states of the 240 MHz AXI clock
  // (RM0433/RM0399 "FLASH recommended number of wait states"), so one read
  // takes 5 bus cycles, 10 core cycles, 9 more than the load's own.
  Board h7 = load_board("stm32h743");
  EXPECT_EQ(h7.region_named("flash")->wait_states, 9u);
  EXPECT_EQ(h7.region_named("axi-sram")->wait_states, 1u);  // a zero-wait bus cycle is two core cycles
  EXPECT_EQ(h7.region_named("dtcm")->wait_states, 0u);      // TCMs run at the core clock
  // Without a divider, wait states are core cycles, as before.
  EXPECT_EQ(load_board("stm32f746g-disco").region_named("sram1")->wait_states, 0u);
}

TEST(BoardTest, ClockDerivedWaitStatesFollowTheBusClock) {
  const char* json = R"({"name":"x","core":"cortex-m7","clock_hz":480000000,"boot_address":0,
    "memory":[{"name":"f","base":"0","size":"64K","kind":"flash","mhz_per_wait_state":60,"bus_clock_divider":2}]})";
  // 240 MHz bus at one wait state per 60 MHz: 3 bus wait states, (3 + 1) x 2 - 1 core cycles.
  Board b = parse_board(json, "test.json");
  EXPECT_EQ(b.region_named("f")->wait_states, 7u);
  EXPECT_EQ(wait_states_at(*b.region_named("f"), 240'000'000), 3u);  // 120 MHz bus: 1 bus wait state
}

TEST(BoardTest, ZeroBusClockDividerIsRejected) {
  const char* json = R"({"name":"x","core":"cortex-m7","clock_hz":1000000,"boot_address":0,
    "memory":[{"name":"f","base":"0","size":"64K","kind":"flash","bus_clock_divider":0}]})";
  try {
    parse_board(json, "test.json");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "test.json: memory region \"f\": bus_clock_divider 0 is not between 1 and 16");
  }
}

TEST(BoardTest, AliasSharesTargetProperties) {
  Board b = load_board("stm32f407");
  const MemoryRegion* alias = b.region_named("flash-boot");
  ASSERT_NE(alias, nullptr);
  EXPECT_EQ(alias->alias_of, "flash");
  EXPECT_EQ(alias->size, 1024u * 1024u);
  EXPECT_TRUE(alias->executable);
}

TEST(BoardTest, OverlappingRegionsAreRejected) {
  const char* json = R"({"name":"x","core":"cortex-m4","clock_hz":1000000,"boot_address":0,
    "memory":[{"name":"a","base":"0","size":"64K","kind":"flash"},{"name":"b","base":"0x8000","size":"64K","kind":"sram"}]})";
  try {
    parse_board(json, "test.json");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "test.json: regions \"a\" and \"b\" overlap");
  }
}

TEST(BoardTest, UnknownBoardNameListsBundledBoards) {
  try {
    load_board("stm32f999");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("mps2-an386"), std::string::npos);
  }
}

TEST(BoardTest, SizesAcceptBinaryAndDecimalUnits) {
  EXPECT_EQ(parse_size("64K", "x"), 65536u);
  EXPECT_EQ(parse_size("64KiB", "x"), 65536u);
  EXPECT_EQ(parse_size("320kB", "x"), 320000u);
  EXPECT_EQ(parse_size("1M", "x"), 1048576u);
  EXPECT_EQ(parse_size("0x400", "x"), 1024u);
  EXPECT_THROW(parse_size("12 parsecs", "x"), InputError);
}

}  // namespace
}  // namespace mcusim

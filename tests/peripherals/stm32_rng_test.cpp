// The STM32 RNG as the bundled series files instantiate it: DRDY while
// RNGEN, a deterministic sequence from DR (the same on every run), a seed
// parameter that changes it.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "peripherals/devices.h"
#include "sim/board.h"
#include "sim/errors.h"
#include "tests/peripherals/fake_system.h"

namespace mcusim {
namespace {

constexpr uint32_t kCr = 0x00, kSr = 0x04, kDr = 0x08;
constexpr uint32_t kRngEn = 1u << 2, kIe = 1u << 3, kDrdy = 1u << 0, kCeis = 1u << 5, kSeis = 1u << 6;

PeripheralSpec rng_spec(const char* board_name) {
  Board board = load_board(board_name);
  for (const PeripheralSpec& p : board.peripherals)
    if (p.name == "RNG") return p;
  ADD_FAILURE() << board_name << " has no RNG";
  return {};
}

std::vector<uint32_t> draw(Device& rng, int n) {
  std::vector<uint32_t> v;
  for (int i = 0; i < n; ++i) v.push_back(rng.read(kDr, 4));
  return v;
}

TEST(Stm32RngTest, SeriesPlaceTheRngWhereTheDeviceHeadersDo) {
  EXPECT_EQ(rng_spec("stm32f407").base, 0x50060800u);
  EXPECT_EQ(rng_spec("stm32f746g-disco").base, 0x50060800u);
  EXPECT_EQ(rng_spec("stm32l4r5").base, 0x50060800u);
  EXPECT_EQ(rng_spec("stm32h743").base, 0x48021800u);
}

TEST(Stm32RngTest, DataReadyFollowsRngenAndDrReadsZeroWhileDisabled) {
  testing::FakeSystem sys;
  auto rng = make_board_peripheral(sys, rng_spec("stm32f407"));
  EXPECT_EQ(rng->read(kSr, 4) & kDrdy, 0u);
  EXPECT_EQ(rng->read(kDr, 4), 0u);
  rng->write(kCr, 4, kRngEn | kIe);
  EXPECT_EQ(rng->read(kCr, 4), kRngEn | kIe);
  EXPECT_EQ(rng->read(kSr, 4), kDrdy) << "ready, no clock or seed error";
  rng->write(kSr, 4, 0xFFFFFFFFu);
  EXPECT_EQ(rng->read(kSr, 4), kDrdy) << "DRDY is the device's, not the firmware's";
  rng->write(kSr, 4, ~kCeis);  // __HAL_RNG_CLEAR_IT(RNG_IT_CEI): ones elsewhere must not set SEIS
  EXPECT_EQ(rng->read(kSr, 4), kDrdy) << "CEIS/SEIS are rc_w0: a write never sets them";
  rng->write(kCr, 4, 0);
  EXPECT_EQ(rng->read(kSr, 4) & kDrdy, 0u);
  EXPECT_EQ(rng->register_name(kSr), "RNG.SR");
  EXPECT_EQ(rng->describe_bits(kSr, kCeis | kSeis), "CEIS (bit 5), SEIS (bit 6)");
}

TEST(Stm32RngTest, ValuesDifferAndRepeatOnEveryRunAndSeries) {
  testing::FakeSystem sys;
  std::vector<std::vector<uint32_t>> runs;
  for (const char* board : {"stm32f407", "stm32f746g-disco", "stm32h743", "stm32l4r5", "stm32f407"}) {
    auto rng = make_board_peripheral(sys, rng_spec(board));
    rng->write(kCr, 4, kRngEn);
    runs.push_back(draw(*rng, 16));
    EXPECT_TRUE(rng->changes_on_its_own(kDr)) << "a loop reading DR is not stuck";
    EXPECT_FALSE(rng->changes_on_its_own(kSr));
  }
  std::set<uint32_t> distinct(runs[0].begin(), runs[0].end());
  EXPECT_EQ(distinct.size(), 16u);
  for (const auto& run : runs) EXPECT_EQ(run, runs[0]);
}

TEST(Stm32RngTest, SeedParameterChangesTheSequence) {
  testing::FakeSystem sys;
  PeripheralSpec spec = rng_spec("stm32h743");
  auto a = make_board_peripheral(sys, spec);
  spec.parameters["seed"] = 12345;
  auto b = make_board_peripheral(sys, spec);
  auto c = make_board_peripheral(sys, spec);
  for (Device* d : {a.get(), b.get(), c.get()}) d->write(kCr, 4, kRngEn);
  std::vector<uint32_t> va = draw(*a, 4), vb = draw(*b, 4), vc = draw(*c, 4);
  EXPECT_NE(va, vb);
  EXPECT_EQ(vb, vc);
  spec.parameters["sed"] = 1;
  EXPECT_THROW(make_board_peripheral(sys, spec), InputError);
}

}  // namespace
}  // namespace mcusim

// STM32 TIM2..7: the counter and update events from modelled cycles at the
// timer clock the clock tree gives, as HAL_TIM_Base_Start_IT uses them.
#include <gtest/gtest.h>

#include "peripherals/devices.h"
#include "sim/exception_state.h"
#include "tests/peripherals/fake_system.h"

namespace mcusim {
namespace {

struct TimerFixture : ::testing::Test {
  testing::FakeSystem sys;
  std::unique_ptr<Device> tim;
  void SetUp() override {
    sys.clock_config = {16'000'000, 16'000'000, 16'000'000};
    PeripheralSpec spec;
    spec.name = "TIM2";
    spec.irq = 28;
    spec.counter_bits = 32;
    tim = make_stm32_timer(sys, spec);
  }
  bool irq_pending() const { return sys.state.pending[kFirstIrq + 28]; }
};

TEST_F(TimerFixture, ReadsBackPscAndArrAndResetsArrToCounterMax) {
  EXPECT_EQ(tim->read(0x2C, 4), 0xFFFFFFFFu);
  tim->write(0x28, 4, 15);
  tim->write(0x2C, 4, 999);
  EXPECT_EQ(tim->read(0x28, 4), 15u);
  EXPECT_EQ(tim->read(0x2C, 4), 999u);
}

TEST_F(TimerFixture, UpdateInterruptAtTheConfiguredRate) {
  tim->write(0x28, 4, 15);   // 16 MHz / 16 = 1 MHz
  tim->write(0x2C, 4, 999);  // 1 kHz updates
  tim->write(0x14, 4, 1);    // EGR.UG loads PSC, sets UIF
  tim->write(0x10, 4, 0);    // clear UIF as HAL does
  tim->write(0x0C, 4, 1);    // DIER.UIE
  tim->write(0x00, 4, 1);    // CEN
  EXPECT_EQ(tim->next_event_cycle(), 16'000u);
  sys.now = 15'999;
  EXPECT_EQ(tim->read(0x24, 4), 999u);
  EXPECT_FALSE(irq_pending());
  sys.now = 16'000;
  tim->on_time(sys.now);
  EXPECT_TRUE(irq_pending());
  EXPECT_EQ(tim->read(0x10, 4) & 1u, 1u);
  EXPECT_EQ(tim->next_event_cycle(), 32'000u);
}

TEST_F(TimerFixture, CounterFollowsAClockChange) {
  tim->write(0x2C, 4, 0xFFFFFFFF);
  tim->write(0x00, 4, 1);
  sys.now = 1000;
  EXPECT_EQ(tim->read(0x24, 4), 1000u);
  sys.clock_config = {32'000'000, 8'000'000, 8'000'000};  // core twice as fast, timer half
  tim->on_clock_change(sys.now);
  sys.now = 1000 + 4000;  // 4000 core cycles = 1000 timer ticks at 8 MHz
  EXPECT_EQ(tim->read(0x24, 4), 2000u);
}

}  // namespace
}  // namespace mcusim

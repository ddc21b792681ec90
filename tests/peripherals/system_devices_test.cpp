// SysTick, DWT, NVIC, SCB and ITM through their registers, as firmware sees them.
#include <gtest/gtest.h>

#include "fake_system.h"
#include "peripherals/devices.h"

namespace mcusim {
namespace {

using testing::FakeSystem;

TEST(SysTickTest, CountsDownModelledCyclesAndPendsOnWrap) {
  FakeSystem sys;
  auto systick = make_systick(sys, 1000000);
  systick->write(0x4, 4, 99);       // RVR: period 100 cycles
  systick->write(0x8, 4, 0);        // CVR: clear
  systick->write(0x0, 4, 0x7);      // ENABLE | TICKINT | CLKSOURCE
  EXPECT_EQ(systick->next_event_cycle(), 100u);  // 0 reloads on the next cycle, then 99 more
  sys.now = 50;
  EXPECT_EQ(systick->read(0x8, 4), 50u);
  sys.now = 100;
  systick->on_time(sys.now);
  EXPECT_TRUE(sys.state.pending[kSysTick]);
  EXPECT_EQ(systick->next_event_cycle(), 200u);
  EXPECT_EQ(systick->read(0x0, 4) >> 16 & 1, 1u) << "COUNTFLAG set by the wrap";
  EXPECT_EQ(systick->read(0x0, 4) >> 16 & 1, 0u) << "and cleared by reading CSR";
}

TEST(SysTickTest, ReloadIsTwentyFourBitsAndCvrWriteClears) {
  FakeSystem sys;
  auto systick = make_systick(sys, 1000000);
  systick->write(0x4, 4, 0xFFFFFFFF);
  EXPECT_EQ(systick->read(0x4, 4), 0x00FFFFFFu);
  systick->write(0x8, 4, 0x1234);
  EXPECT_EQ(systick->read(0x8, 4), 0u);
  EXPECT_EQ(systick->next_event_cycle(), kNever) << "disabled: no events";
}

TEST(DwtTest, CyccntCountsOnlyWhileEnabled) {
  FakeSystem sys;
  auto dwt = make_dwt(sys);
  sys.now = 100;
  EXPECT_EQ(dwt->read(0x4, 4), 0u);
  dwt->write(0x0, 4, 1);
  sys.now = 350;
  EXPECT_EQ(dwt->read(0x4, 4), 250u);
  dwt->write(0x0, 4, 0);
  sys.now = 1000;
  EXPECT_EQ(dwt->read(0x4, 4), 250u);
  dwt->write(0x4, 4, 7);
  EXPECT_EQ(dwt->read(0x4, 4), 7u);
}

TEST(NvicTest, EnablePendAndPriorityRegisters) {
  FakeSystem sys;
  auto nvic = make_nvic(sys, 32);
  nvic->write(0x100, 4, 1u << 5);   // ISER0: IRQ5
  nvic->write(0x200, 4, 1u << 5);   // ISPR0
  EXPECT_TRUE(sys.state.enabled[kFirstIrq + 5]);
  EXPECT_TRUE(sys.state.pending[kFirstIrq + 5]);
  EXPECT_EQ(nvic->read(0x100, 4), 1u << 5);
  nvic->write(0x280, 4, 1u << 5);   // ICPR0
  EXPECT_FALSE(sys.state.pending[kFirstIrq + 5]);
  nvic->write(0x405, 1, 0xA7);      // IPR byte for IRQ5: 4 implemented bits
  EXPECT_EQ(sys.state.priority[kFirstIrq + 5], 0xA0);
  EXPECT_EQ(nvic->read(0x404, 4), 0xA000u);
  nvic->write(0x100, 4, 1u << 31 | 1u << 0);
  EXPECT_EQ(nvic->read(0x104, 4), 0u) << "IRQ 32 and up do not exist on a 32-IRQ part";
  EXPECT_EQ(nvic->read(0x004, 4), 0u) << "ICTR: one block of 32";
}

TEST(ScbTest, IcsrPendsPendSvAndSysTick) {
  FakeSystem sys;
  Board board = load_board("mps2-an386");
  auto scb = make_scb(sys, board);
  scb->write(0x04, 4, 1u << 28 | 1u << 26);
  EXPECT_TRUE(sys.state.pending[kPendSv]);
  EXPECT_TRUE(sys.state.pending[kSysTick]);
  EXPECT_EQ(scb->read(0x04, 4) & (1u << 28 | 1u << 26), 1u << 28 | 1u << 26);
  scb->write(0x04, 4, 1u << 27);
  EXPECT_FALSE(sys.state.pending[kPendSv]);
  EXPECT_EQ(scb->read(0x00, 4), 0x410FC241u) << "CPUID of a Cortex-M4 r0p1";
}

TEST(ScbTest, VtorAircrKeyAndFaultStatusWriteOneToClear) {
  FakeSystem sys;
  Board board = load_board("mps2-an500");
  auto scb = make_scb(sys, board);
  scb->write(0x08, 4, 0x00001234);
  EXPECT_EQ(sys.state.vtor, 0x00001200u) << "VTOR is 128-byte aligned";
  scb->write(0x0C, 4, 0x00000500);  // no VECTKEY: ignored
  EXPECT_EQ(sys.state.aircr_prigroup, 0u);
  scb->write(0x0C, 4, 0x05FA0500);
  EXPECT_EQ(sys.state.aircr_prigroup, 5u);
  sys.state.cfsr = 0x00020200;
  scb->write(0x28, 4, 0x00000200);
  EXPECT_EQ(sys.state.cfsr, 0x00020000u);
  scb->write(0x23, 1, 0xC0);  // SHPR3 top byte: SysTick priority
  EXPECT_EQ(sys.state.priority[kSysTick], 0xC0);
  EXPECT_EQ(scb->read(0x00, 4), 0x411FC272u) << "CPUID of a Cortex-M7";
}

TEST(ScbTest, CpuidReportsTheBoardsCoreRevision) {
  FakeSystem sys;
  Board f746 = load_board("stm32f746g-disco");  // r0p1
  EXPECT_EQ(make_scb(sys, f746)->read(0x00, 4), 0x410FC271u);
  Board h743 = load_board("stm32h743");  // r1p1
  EXPECT_EQ(make_scb(sys, h743)->read(0x00, 4), 0x411FC271u);
}

struct RecordingListener : ItmListener {
  std::vector<std::pair<uint32_t, uint32_t>> seen;
  void on_stimulus(uint32_t port, uint32_t value) override { seen.push_back({port, value}); }
};

TEST(ItmTest, PortZeroIsTextOtherPortsGoToTheListener) {
  FakeSystem sys;
  RecordingListener listener;
  ItmListener* target = &listener;
  auto itm = make_itm(sys, target);
  EXPECT_EQ(itm->read(0xE80, 4) & 1, 1u) << "enabled as if a probe were attached";
  itm->write(0x0, 1, 'h');
  itm->write(0x0, 2, 'i' | ('!' << 8));
  EXPECT_EQ(sys.output, "hi!");
  itm->write(24 * 4, 4, 0x20000100);
  ASSERT_EQ(listener.seen.size(), 1u);
  EXPECT_EQ(listener.seen[0], std::make_pair(24u, 0x20000100u));
  itm->write(0xE00, 4, 0);  // TER: all ports off
  itm->write(0x0, 1, 'x');
  EXPECT_EQ(sys.output, "hi!");
}

TEST(UartTest, CmsdkUartTransmitsOnlyWhenEnabled) {
  FakeSystem sys;
  auto uart = make_cmsdk_uart(sys, "uart0");
  uart->write(0x0, 4, 'a');
  EXPECT_EQ(sys.output, "");
  uart->write(0x8, 4, 1);
  uart->write(0x0, 4, 'b');
  EXPECT_EQ(sys.output, "b");
  EXPECT_EQ(uart->read(0x4, 4) & 1, 0u) << "TX never full";
}

TEST(UartTest, Stm32UsartLayoutsDiffer) {
  FakeSystem sys;
  auto f7 = make_stm32_usart(sys, "usart1", false);
  auto f4 = make_stm32_usart(sys, "usart2", true);
  EXPECT_EQ(f7->read(0x1C, 4) & 0xC0, 0xC0u);  // ISR TXE|TC
  EXPECT_EQ(f4->read(0x00, 4) & 0xC0, 0xC0u);  // SR TXE|TC
  f7->write(0x28, 4, 'x');
  f4->write(0x04, 4, 'y');
  EXPECT_EQ(sys.output, "xy");
}

TEST(Stm32FlashInterfaceTest, ArtBitsReachTheTimingModel) {
  FakeSystem sys;
  auto flash = make_stm32_flash_interface(sys, "flash-if");
  flash->write(0x0, 4, 0x705);  // LATENCY 5, PRFTEN, ICEN, DCEN (CubeMX for 168 MHz)
  EXPECT_EQ(flash->read(0x0, 4), 0x705u);
  EXPECT_TRUE(sys.accel_instructions);
  EXPECT_TRUE(sys.accel_data);
  EXPECT_TRUE(sys.accel_prefetch);
  flash->write(0x0, 4, 0x105);
  EXPECT_FALSE(sys.accel_instructions);
  EXPECT_TRUE(sys.accel_prefetch);
  flash->write(0x0, 4, 0x605);
  EXPECT_FALSE(sys.accel_prefetch);
}

}  // namespace
}  // namespace mcusim

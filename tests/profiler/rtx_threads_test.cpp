// RTX5 thread awareness on a control block written into simulated memory:
// the running thread is found when osRtxInfo and the control block check
// out, in RTX 5.2+'s and 5.1's osRtxInfo layouts, and garbage anywhere
// (ids, version, state, pointers, sizes, names) gives "not found", never
// a crash or a wrong thread. The ELF is the RTX-shaped test firmware
// (tests/firmware/rtx): it has `osRtxInfo` and `infer_stack`; memory is
// as loaded, before any code ran (.data not yet copied: the test writes
// os_id and version itself).
#include "profiler/rtx_threads.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstring>

#include "../cli/cli_runner.h"
#include "sim/board.h"

namespace mcusim {
namespace {

class RtxThreadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    memory.load(image);
    ASSERT_TRUE(image.symbol_named("osRtxInfo"));
    ASSERT_TRUE(image.symbol_named("infer_stack"));
    info = image.symbol_named("osRtxInfo")->address;
    stack = image.symbol_named("infer_stack")->address;
    size = image.symbol_named("infer_stack")->size;
    tcb = image.symbol_named("infer_cb")->address;
    name_at = image.symbol_named("printer_cb")->address;  // somewhere in RAM for the name
    ASSERT_TRUE(memory.write(name_at, "infer", 6));
    id_at = name_at + 16;
    ASSERT_TRUE(memory.write(id_at, "RTX V5.5.2", 11));
    put(info, id_at);      // os_id
    put(info + 4, 50050002u);  // version
    // osRtxThread_t: id, state, flags, attr | name | ... | stack_mem at 48, stack_size 52, sp 56.
    for (uint32_t i = 0; i < 18; ++i) put(tcb + 4 * i, 0);
    put(tcb, 0xF1u | (2u << 8));  // osRtxIdThread, running
    put(tcb + 4, name_at);
    put(tcb + 48, stack);
    put(tcb + 52, size);
    put(tcb + 56, stack + size - 64);
    put(info + 20, tcb);  // thread.run.curr
  }
  void put(uint32_t address, uint32_t value) { ASSERT_TRUE(memory.write(address, &value, 4)); }
  uint32_t get(uint32_t address) {
    uint32_t v = 0;
    EXPECT_TRUE(memory.read(address, &v, 4));
    return v;
  }
  std::optional<TaskStack> running(uint32_t sp) const { return threads.running(sp); }

  ElfImage image = ElfImage::load(testing::firmware("rtx_stack_report"));
  Board board = load_board("mps2-an386");
  MemoryMap memory{board};
  RtxThreads threads{image, memory};
  uint32_t info = 0, stack = 0, size = 0, tcb = 0, name_at = 0, id_at = 0;
};

TEST_F(RtxThreadsTest, RunningThreadIsNamedAndBoundedByStackMemAndSize) {
  ASSERT_TRUE(threads.present());
  auto t = running(stack + 600);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->name, "infer");
  EXPECT_EQ(t->tcb, tcb);
  EXPECT_EQ(t->begin, stack);
  EXPECT_EQ(t->end, stack + size);
  EXPECT_EQ(t->object, "infer_stack");
  EXPECT_TRUE(running(stack + size));  // nothing pushed yet
}

TEST_F(RtxThreadsTest, Rtx51LayoutWithTheLongerKernelBlockIsRecognised) {
  // RTX 5.1: kernel {state, blocked, pendISR, pendSV, sys_freq, uint64 tick}:
  // run.curr at 28, a 64-bit tick where 5.2+ has it; old thread id 0x01.
  put(info + 20, 0);
  put(info + 28, tcb);
  put(tcb, 0x01u | (2u << 8));
  memory.write(get(info), "RTX V5.1.1", 11);
  put(info + 4, 50010001u);
  auto t = running(stack + 600);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->name, "infer");
}

TEST_F(RtxThreadsTest, NamelessThreadIsNamedAfterItsControlBlock) {
  put(tcb + 4, 0);
  auto t = running(stack + 600);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->name, fmt::format("thread 0x{:08x}", tcb));
}

TEST_F(RtxThreadsTest, FirmwareWithoutOsRtxInfoIsNotRtx) {
  ElfImage other = ElfImage::load(testing::firmware("t_rtos_m4"));
  EXPECT_FALSE(RtxThreads(other, memory).present());
  EXPECT_FALSE(RtxThreads(other, memory).running(stack + 600));
}

TEST_F(RtxThreadsTest, NoThreadRunningYet) {
  put(info + 20, 0);
  EXPECT_FALSE(running(stack + 600));
}

TEST_F(RtxThreadsTest, GarbageAnywhereIsNotAThread) {
  struct Case {
    const char* what;
    uint32_t address, value;
  };
  uint32_t os_id = get(info);
  const Case cases[] = {
      {"os_id unmapped", info, 0xFFFFFFF0u},
      {"os_id not RTX's", os_id, 0x534f5246u},  // "FROS"
      {"version disagreeing with os_id", info + 4, 50040000u},
      {"run.curr unmapped", info + 20, 0xFFFFFFF0u},
      {"run.curr misaligned", info + 20, tcb + 2},
      {"run.curr in the peripherals", info + 20, 0x40000000u},
      {"id not a thread's (a timer's)", tcb, 0xF2u | (2u << 8)},
      {"state inactive", tcb, 0xF1u},
      {"state terminated", tcb, 0xF1u | (4u << 8)},
      {"stack_mem misaligned", tcb + 48, stack + 2},
      {"stack_mem above the stack pointer", tcb + 48, stack + 800},
      {"stack_mem unmapped", tcb + 48, 0xFFFFF000u},
      {"stack_size zero", tcb + 52, 0},
      {"stack_size wrapping", tcb + 52, 0xFFFFFFF0u},
      {"stack_size below the stack pointer", tcb + 52, 400},
      {"saved sp below the stack", tcb + 56, stack - 16},
      {"saved sp above the stack", tcb + 56, stack + size + 8},
      {"name unmapped", tcb + 4, 0xFFFFFFF0u},
      {"name with a control character", name_at, 0x0066690au},  // "\nif"
  };
  for (const Case& c : cases) {
    uint32_t old = get(c.address);
    put(c.address, c.value);
    EXPECT_FALSE(running(stack + 600)) << c.what;
    put(c.address, old);
    EXPECT_TRUE(running(stack + 600)) << "restored after " << c.what;
  }
  char endless[80];
  std::memset(endless, 'a', sizeof endless);
  memory.write(name_at, endless, sizeof endless);
  EXPECT_FALSE(running(stack + 600)) << "name with no NUL";
}

TEST_F(RtxThreadsTest, StackPointerOutsideTheThreadsStackIsNotThatThread) {
  EXPECT_FALSE(running(stack));             // at the low end: nothing left
  EXPECT_FALSE(running(stack + size + 4));  // past the stack
  EXPECT_FALSE(running(0x20000000u));
}

}  // namespace
}  // namespace mcusim

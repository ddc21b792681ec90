// FreeRTOS task awareness on a TCB written into simulated memory: the
// running task is found when everything checks out, and garbage anywhere
// (pointers, sizes, names) gives "not found", never a crash or a wrong task.
// The ELF is the heap_4-shaped test firmware (tests/firmware/rtos.c,
// HEAP_STACKS): it has `pxCurrentTCB` and `ucHeap`; memory is as loaded,
// before any code ran.
#include "profiler/freertos_tasks.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstring>

#include "../cli/cli_runner.h"
#include "sim/board.h"

namespace mcusim {
namespace {

constexpr uint32_t kAllocated = 0x80000000u;

class FreeRtosTasksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    memory.load(image);
    ASSERT_TRUE(image.symbol_named("ucHeap"));
    heap = image.symbol_named("ucHeap")->address;
    current = image.symbol_named("pxCurrentTCB")->address;
    // A 1 KiB stack block at the heap's start, then the TCB's block.
    stack = heap + 8;
    tcb = stack + 1024 + 8;
    put(heap, 0);
    put(heap + 4, (8 + 1024) | kAllocated);
    put(tcb - 8, 0);
    put(tcb - 4, (8 + 96) | kAllocated);
    write_tcb(5);
    put(current, tcb);
  }
  // FreeRTOS's order with list items of `item_words` (5, or 7 with the
  // integrity check words first and last).
  void write_tcb(uint32_t item_words) {
    uint32_t owner = item_words == 7 ? 4 : 3;
    for (uint32_t i = 0; i < 3 + 2 * item_words + 4; ++i) put(tcb + 4 * i, 0);
    put(tcb, stack + 512);  // pxTopOfStack
    for (uint32_t item : {1u, 1u + item_words}) {
      put(tcb + 4 * (item + owner), tcb);
      if (item_words == 7) put(tcb + 4 * item, 0x5a5a5a5au), put(tcb + 4 * (item + 6), 0x5a5a5a5au);
    }
    priority_at = tcb + 4 * (1 + 2 * item_words);
    put(priority_at, 2);
    stack_at = priority_at + 4;
    put(stack_at, stack);
    name_at = stack_at + 4;
    memory.write(name_at, "net", 4);
  }
  void put(uint32_t address, uint32_t value) { ASSERT_TRUE(memory.write(address, &value, 4)); }
  std::optional<TaskStack> running(uint32_t sp) const { return tasks.running(sp); }

  ElfImage image = ElfImage::load(testing::firmware("rtos_heap_periodic"));
  Board board = load_board("mps2-an386");
  MemoryMap memory{board};
  FreeRtosTasks tasks{image, memory};
  uint32_t heap = 0, current = 0, stack = 0, tcb = 0, priority_at = 0, stack_at = 0, name_at = 0;
};

TEST_F(FreeRtosTasksTest, RunningTaskIsNamedAndBoundedByItsHeapBlock) {
  ASSERT_TRUE(tasks.present());
  auto t = running(stack + 600);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->name, "net");
  EXPECT_EQ(t->tcb, tcb);
  EXPECT_EQ(t->begin, stack);
  EXPECT_EQ(t->end, stack + 1024);
  EXPECT_EQ(t->object, "ucHeap");
  EXPECT_TRUE(running(stack + 1024));  // nothing pushed yet
}

TEST_F(FreeRtosTasksTest, ListItemsWithIntegrityCheckWordsAreRecognised) {
  write_tcb(7);
  auto t = running(stack + 600);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->name, "net");
  EXPECT_EQ(t->end, stack + 1024);
}

TEST_F(FreeRtosTasksTest, FirmwareWithoutPxCurrentTcbIsNotFreeRtos) {
  ElfImage other = ElfImage::load(testing::firmware("t_svc_m4"));
  EXPECT_FALSE(FreeRtosTasks(other, memory).present());
  EXPECT_FALSE(FreeRtosTasks(other, memory).running(stack + 600));
}

TEST_F(FreeRtosTasksTest, NoTaskRunningYet) {
  put(current, 0);
  EXPECT_FALSE(running(stack + 600));
}

TEST_F(FreeRtosTasksTest, GarbageAnywhereIsNotATask) {
  struct Case {
    const char* what;
    uint32_t address, value;
  };
  const Case cases[] = {
      {"pxCurrentTCB unmapped", current, 0xFFFFFFF0u},
      {"pxCurrentTCB in the peripherals", current, 0x40000000u},
      {"pxCurrentTCB misaligned", current, tcb + 2},
      {"state item owner", tcb + 4 * 4, tcb + 4},
      {"event item owner", tcb + 4 * 9, 0},
      {"priority", priority_at, 100000},
      {"pxStack misaligned", stack_at, stack + 2},
      {"pxStack above the stack pointer", stack_at, stack + 800},
      {"pxStack in no object", stack_at, 0x00000004u},
      {"pxStack unmapped", stack_at, 0xFFFFFFFCu},
      {"pxTopOfStack below the stack", tcb, stack - 16},
      {"pxTopOfStack above the stack", tcb, stack + 2048},
      {"heap block past the heap's end", heap + 4, 0x7FFFFFF0u | kAllocated},
      {"heap block of header size only", heap + 4, 8 | kAllocated},
      {"heap block size not a multiple of 8", heap + 4, (8 + 1022) | kAllocated},
      {"name with a control character", name_at, 0x0074650au},  // "\nte"
  };
  for (const Case& c : cases) {
    uint32_t old = 0;
    ASSERT_TRUE(memory.read(c.address, &old, 4));
    put(c.address, c.value);
    EXPECT_FALSE(running(stack + 600)) << c.what;
    put(c.address, old);
    EXPECT_TRUE(running(stack + 600)) << "restored after " << c.what;
  }
  char endless[40];
  std::memset(endless, 'a', sizeof endless);
  memory.write(name_at, endless, sizeof endless);
  EXPECT_FALSE(running(stack + 600)) << "name with no NUL";
}

TEST_F(FreeRtosTasksTest, StackPointerOutsideTheTasksStackIsNotThatTask) {
  EXPECT_FALSE(running(stack));             // at the low end: nothing left
  EXPECT_FALSE(running(stack + 1024 + 4));  // past the block
  EXPECT_FALSE(running(0x20000000u));
}

TEST_F(FreeRtosTasksTest, StackInsideAnObjectWithoutHeapHeaderIsNotGuessed) {
  // A free block's header (a next pointer) before pxStack: not allocated,
  // and pxStack is not the start of its object, so where it ends is unknown.
  put(heap, heap + 4096);
  put(heap + 4, 8 + 1024);
  EXPECT_FALSE(running(stack + 600));
}

TEST_F(FreeRtosTasksTest, EmptyNameIsTheTcbAddress) {
  memory.write(name_at, "", 1);
  auto t = running(stack + 600);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->name, fmt::format("TCB 0x{:08x}", tcb));
}

}  // namespace
}  // namespace mcusim

// Where the stack and heap are, on firmware linked with each linker-script
// style (tests/memory/ld): the layout must come out right without the
// project's own symbols.
#include "sim/memory_layout.h"

#include <gtest/gtest.h>

namespace mcusim {
namespace {

MemoryLayout layout_of(const std::string& firmware, const std::string& board_name) {
  ElfImage image = ElfImage::load(std::string(MCUSIM_FIRMWARE_DIR) + "/" + firmware + ".elf");
  Board board = load_board(board_name);
  uint32_t sp = 0;
  EXPECT_TRUE(image.read_loaded(board.boot_address, &sp, 4));
  return find_memory_layout(image, board, sp);
}

TEST(MemoryLayoutTest, AdjacentRamRegionsCountAsOneForTheStack) {
  MemoryLayout f407 = layout_of("bigframe_newlib_stm32f407", "stm32f407");
  EXPECT_EQ(f407.ram_name, "sram1+sram2");
  EXPECT_EQ(f407.ram_begin, 0x20000000u);
  EXPECT_EQ(f407.ram_end, 0x20020000u);
  MemoryLayout f746 = layout_of("bigframe_newlib_stm32f746g-disco", "stm32f746g-disco");
  EXPECT_EQ(f746.ram_name, "dtcm+sram1+sram2");
  EXPECT_EQ(f746.ram_end, 0x20050000u);
  MemoryLayout l4r5 = layout_of("bigframe_newlib_stm32l4r5", "stm32l4r5");
  EXPECT_EQ(l4r5.ram_name, "sram1+sram2+sram3");
  EXPECT_EQ(l4r5.ram_end, 0x200A0000u);
}

TEST(MemoryLayoutTest, WithoutLimitSymbolsTheStackMayGrowDownToTheStaticData) {
  MemoryLayout l = layout_of("mem_newlib_stm32f407", "stm32f407");
  EXPECT_FALSE(l.stack_limit.from_symbol);
  EXPECT_EQ(l.stack_limit.address, l.heap_base.address) << "end of .bss is where the heap starts";
  EXPECT_EQ(l.heap_base.source, "end");
  EXPECT_EQ(l.heap_limit.address, l.stack_top) << "heap and stack share RAM: the heap may grow up to the stack";
  EXPECT_TRUE(l.heap_shares_stack_ram());
  ASSERT_EQ(l.heap_break_variables.size(), 1u);
  EXPECT_EQ(l.heap_break_variables[0].name.rfind("heap_end", 0), 0u) << "libgloss's _sbrk keeps the break in a static heap_end";
}

TEST(MemoryLayoutTest, CubeIdeSymbolsGiveTheHeapLimitAndTheBreakVariable) {
  MemoryLayout l = layout_of("mem_cubeide_stm32f407", "stm32f407");
  EXPECT_EQ(l.stack_top, 0x20020000u);
  EXPECT_EQ(l.heap_limit.address, 0x20020000u - 0x400u);
  EXPECT_EQ(l.heap_limit.source, "_estack - _Min_Stack_Size");
  ASSERT_FALSE(l.heap_break_variables.empty());
  EXPECT_EQ(l.heap_break_variables[0].name, "__sbrk_heap_end") << "CubeIDE's first: libgloss's heap_end is there too, unused";
  ASSERT_EQ(l.reservations.size(), 1u) << "._user_heap_stack only reserves room";
  EXPECT_GE(l.reservations[0].second - l.reservations[0].first, 0x600u) << "_Min_Heap_Size + _Min_Stack_Size";
  EXPECT_LE(l.reservations[0].second - l.reservations[0].first, 0x608u) << "plus alignment";
}

TEST(MemoryLayoutTest, CmsisSymbolsWin) {
  MemoryLayout l = layout_of("mem_cmsis_stm32f407", "stm32f407");
  EXPECT_EQ(l.stack_limit.source, "__StackLimit");
  EXPECT_EQ(l.heap_limit.source, "__HeapLimit");
  EXPECT_FALSE(l.heap_shares_stack_ram());
}

TEST(MemoryLayoutTest, StackInDtcmBesideDataAndBss) {
  MemoryLayout l = layout_of("mem_dtcm_stm32f746g-disco", "stm32f746g-disco");
  EXPECT_EQ(l.stack_top, 0x20010000u);
  EXPECT_LT(l.stack_limit.address, 0x20010000u);
  EXPECT_GT(l.stack_limit.address, 0x20000000u) << "above .data/.bss, not the bottom of DTCM";
}

}  // namespace
}  // namespace mcusim

// Which pages are mapped as code, before Unicorn 2.0.1's mapping-order
// filler: stores to pages in the same 1 MiB chunk of its RAM space as
// translated code take its costlier store path (docs/speed.md, "Code in
// RAM off the store slow path").
#include "sim/memory_map.h"

#include <gtest/gtest.h>

namespace mcusim {
namespace {

struct Loaded {
  ElfImage image;
  Board board;
  MemoryMap memory;
  Loaded(const std::string& firmware, const std::string& board_name)
      : image(ElfImage::load(std::string(MCUSIM_FIRMWARE_DIR) + "/" + firmware + ".elf")),
        board(load_board(board_name)),
        memory(board) {
    memory.load(image);
  }
};

TEST(MemoryMapTest, RamFunctionsInDataMapOnlyTheirOwnPagesAsCode) {
  Loaded f("ramfunc_stm32f407", "stm32f407");
  // .RamFunc sits inside .data, which it makes executable as a whole; the
  // code pages are the functions' 1 KiB pages, not the section's.
  const ElfSymbol* fn = f.image.symbol_named("ram_checksum");
  ASSERT_NE(fn, nullptr);
  auto [begin, end] = f.memory.code_pages("sram1");
  EXPECT_EQ(begin, fn->address & ~1023u);
  EXPECT_EQ(end, (fn->address + fn->size + 1023u) & ~1023u);
  EXPECT_LE(end - begin, 2048u) << "a few functions, not the whole of .data and .bss";
}

TEST(MemoryMapTest, FlashHoldingCodeIsMappedWholeAsCode) {
  Loaded f("ramfunc_stm32f407", "stm32f407");
  const MemoryRegion* flash = f.board.region_at(0x08000000);
  ASSERT_NE(flash, nullptr);
  auto [begin, end] = f.memory.code_pages(flash->name);
  EXPECT_EQ(begin, flash->base);
  EXPECT_EQ(uint64_t{end}, flash->end()) << "read-only: no stores to keep fast, mapped in one piece";
}

TEST(MemoryMapTest, RamWithOnlyDataHoldsNoCode) {
  Loaded f("bench_stores_stm32f407", "stm32f407");
  auto [begin, end] = f.memory.code_pages("sram1");
  EXPECT_EQ(begin, end);
}

}  // namespace
}  // namespace mcusim

#include "sim/elf_image.h"

#include <gtest/gtest.h>

#include "sim/symbolizer.h"

namespace mcusim {
namespace {

const std::string kElf = std::string(MCUSIM_FIRMWARE_DIR) + "/t_integer_m4.elf";

TEST(ElfImageTest, LoadsSegmentsAtTheirLoadAddress) {
  ElfImage image = ElfImage::load(kElf);
  bool data_in_flash = false;
  for (const ElfSegment& s : image.segments())
    if (s.virtual_address >= 0x20000000 && s.physical_address < 0x00400000 && s.file_size) data_in_flash = true;
  EXPECT_TRUE(data_in_flash) << ".data's initial values are loaded in Flash, copied by the startup code";
  uint32_t vectors[2];
  ASSERT_TRUE(image.read_loaded(0, vectors, sizeof vectors));
  EXPECT_EQ(vectors[0], 0x20400000u) << "initial MSP: top of the 4 MiB SSRAM";
  EXPECT_EQ(vectors[1] & 1u, 1u) << "Thumb reset vector";
}

TEST(ElfImageTest, KeepsFunctionsAndLinkerSymbols) {
  ElfImage image = ElfImage::load(kElf);
  const ElfSymbol* main_fn = image.symbol_named("main");
  ASSERT_NE(main_fn, nullptr);
  EXPECT_TRUE(main_fn->is_function);
  EXPECT_EQ(main_fn->address & 1u, 0u) << "Thumb bit cleared";
  EXPECT_NE(image.symbol_named("__StackLimit"), nullptr) << "untyped linker symbols are kept";
}

TEST(SymbolizerTest, MapsAddressesToFunctionsAndSourceLines) {
  ElfImage image = ElfImage::load(kElf);
  Symbolizer symbols(image);
  const ElfSymbol* main_fn = image.symbol_named("main");
  ASSERT_NE(main_fn, nullptr);
  auto hit = symbols.function_at(main_fn->address + 2);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->symbol->name, "main");
  EXPECT_EQ(hit->offset, 2u);
  auto line = symbols.line_at(main_fn->address);
  ASSERT_TRUE(line);
  EXPECT_NE(line->file->find("integer.c"), std::string::npos);
  EXPECT_NE(symbols.describe(main_fn->address).find("main+0x0 (integer.c:"), std::string::npos);
}

TEST(SymbolizerTest, AddressesBeyondTheCodeBelongToNoFunction) {
  // Code copied into RAM at run time lies past every symbol: it must not be
  // named after the last (unsized) one, crti's _fini.
  ElfImage image = ElfImage::load(kElf);
  Symbolizer symbols(image);
  EXPECT_FALSE(symbols.function_at(0x20000100));
  const ElfSymbol* fini = image.symbol_named("_fini");
  ASSERT_NE(fini, nullptr);
  EXPECT_TRUE(symbols.function_at(fini->address));
}

TEST(SymbolizerTest, UnsizedAssemblyFunctionEndsAtTheNextFunction) {
  // bench.S declares its functions with .type but no .size, like much
  // hand-written start-up and kernel assembly.
  ElfImage image = ElfImage::load(std::string(MCUSIM_FIRMWARE_DIR) + "/microbench_m7.elf");
  Symbolizer symbols(image);
  const ElfSymbol* fn = image.symbol_named("bm_vmul_chain4");
  ASSERT_NE(fn, nullptr);
  ASSERT_EQ(fn->size, 0u);
  uint32_t end = symbols.function_end(*fn);
  const ElfSymbol* next = nullptr;
  for (const ElfSymbol* f : symbols.functions())
    if (f->address > fn->address && (!next || f->address < next->address)) next = f;
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(end, next->address);
  const ElfSymbol* main_fn = image.symbol_named("main");
  ASSERT_NE(main_fn, nullptr);
  EXPECT_EQ(symbols.function_end(*main_fn), main_fn->address + main_fn->size) << "sized symbols keep their size";
}

}  // namespace
}  // namespace mcusim

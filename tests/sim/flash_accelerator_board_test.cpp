// The Flash accelerator's geometry is board data (docs/boards.md); bad values
// are rejected with a message naming the field.
#include <gtest/gtest.h>

#include <string>

#include "sim/board.h"
#include "sim/errors.h"

namespace mcusim {
namespace {

std::string board_with(const std::string& accelerator) {
  return R"({"name":"x","core":"cortex-m4","clock_hz":120000000,"boot_address":"0x08000000",
    "memory":[{"name":"flash","base":"0x08000000","size":"1M","kind":"flash","wait_states":5},
              {"name":"flash-itcm","base":"0x00200000","alias_of":"flash"},
              {"name":"sram","base":"0x20000000","size":"64K","kind":"sram"}],
    "flash_accelerator": )" + accelerator + "}";
}

std::string rejection(const std::string& accelerator) {
  try {
    parse_board(board_with(accelerator), "test.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(FlashAcceleratorBoard, BundledBoardsCarryTheirReferenceManualGeometry) {
  const FlashAcceleratorSpec f4 = load_board("stm32f407").flash_accelerator;  // RM0090
  EXPECT_EQ(f4.line_bytes, 16u);
  EXPECT_EQ(f4.instruction_lines, 64u);
  EXPECT_EQ(f4.data_lines, 8u);
  EXPECT_EQ(f4.read_bytes, 16u);
  const FlashAcceleratorSpec l4 = load_board("stm32l4r5").flash_accelerator;  // RM0432
  EXPECT_EQ(l4.line_bytes, 32u);
  EXPECT_EQ(l4.instruction_lines, 32u);
  EXPECT_EQ(l4.data_lines, 8u);
  EXPECT_EQ(l4.read_bytes, 8u);
  const Board f7 = load_board("stm32f746g-disco");  // RM0385: ART on the ITCM path only
  EXPECT_EQ(f7.flash_accelerator.path, "flash-itcm");
  EXPECT_TRUE(f7.flash_accelerator.serves(*f7.region_named("flash-itcm")));
  EXPECT_FALSE(f7.flash_accelerator.serves(*f7.region_named("flash")));
  EXPECT_FALSE(load_board("stm32h743").flash_accelerator.present());  // RM0433: no ART for the M7
}

TEST(FlashAcceleratorBoard, PlainArtMeansTheStm32F4Geometry) {
  const Board b = parse_board(board_with(R"("art")"), "test.json");
  EXPECT_EQ(b.flash_accelerator.line_bytes, 16u);
  EXPECT_EQ(b.flash_accelerator.data_lines, 8u);
  EXPECT_TRUE(b.flash_accelerator.serves(*b.region_named("flash")));
  EXPECT_TRUE(b.flash_accelerator.serves(*b.region_named("flash-itcm")));
  EXPECT_FALSE(b.flash_accelerator.serves(*b.region_named("sram")));
}

TEST(FlashAcceleratorBoard, ReadWidthDefaultsToTheLine) {
  const Board b = parse_board(board_with(R"({"type":"art","line_bytes":32})"), "test.json");
  EXPECT_EQ(b.flash_accelerator.read_bytes, 32u);
}

TEST(FlashAcceleratorBoard, BadGeometryIsRejectedWithTheField) {
  EXPECT_EQ(rejection(R"("cache")"), "test.json: flash_accelerator: \"cache\" is not a known accelerator (art)");
  EXPECT_EQ(rejection(R"({"type":"art","line_bytes":24})"), "test.json: flash_accelerator.line_bytes: 24 is not a power of two");
  EXPECT_EQ(rejection(R"({"type":"art","line_bytes":16,"read_bytes":32})"),
            "test.json: flash_accelerator.read_bytes: 32 must be a power of two no larger than line_bytes (16)");
  EXPECT_EQ(rejection(R"({"type":"art","instruction_lines":0})"),
            "test.json: flash_accelerator.instruction_lines: expected a whole number from 1 to 4096");
  EXPECT_EQ(rejection(R"({"type":"art","data_lines":-1})"),
            "test.json: flash_accelerator.data_lines: expected a whole number from 0 to 4096");
  EXPECT_EQ(rejection(R"({"type":"art","instruction_lines":64,"ways":3})"),
            "test.json: flash_accelerator.ways: 64 lines do not divide into 3 ways of a power-of-two number of sets");
  EXPECT_EQ(rejection(R"({"type":"art","prefetch":"yes"})"), "test.json: flash_accelerator.prefetch: expected true or false");
  EXPECT_EQ(rejection(R"({"type":"art","path":"sram"})"),
            "test.json: flash_accelerator.path: \"sram\" is not a Flash region (or alias) of this board");
  EXPECT_NE(rejection(R"({"type":"art","line":16})").find("unknown field \"line\""), std::string::npos);
  EXPECT_NE(rejection(R"({"line_bytes":16})").find("missing \"type\""), std::string::npos);
  EXPECT_NE(rejection("16").find("expected \"art\" or an object"), std::string::npos);
}

}  // namespace
}  // namespace mcusim

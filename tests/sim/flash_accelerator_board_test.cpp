// The Flash accelerator's geometry is board data (docs/boards.md); bad values
// are rejected with a message naming the field.
#include <gtest/gtest.h>

#include <stdexcept>
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

// Nordic publishes neither the nRF52840's Flash wait states nor its NVMC
// cache geometry in any source found (docs/boards.md): the bundled board
// must not invent them.
TEST(FlashAcceleratorBoard, Nrf52840StatesNoUnpublishedTiming) {
  const Board b = load_board("nrf52840");
  EXPECT_FALSE(b.flash_accelerator.present());
  EXPECT_EQ(b.region_named("flash")->wait_states, 0u);
}

const PeripheralSpec& peripheral(const Board& b, const std::string& name) {
  for (const PeripheralSpec& p : b.peripherals)
    if (p.name == name) return p;
  throw std::runtime_error("no peripheral " + name);
}

// Which register bits switch the accelerator is series data.
TEST(FlashAcceleratorBoard, SeriesFilesNameTheBitsThatSwitchTheAccelerator) {
  const AcceleratorSwitch f4 = peripheral(load_board("stm32f407"), "FLASH").flash_accelerator;  // RM0090 FLASH_ACR
  EXPECT_EQ(f4.register_name, "ACR");
  EXPECT_EQ(f4.instructions, 1u << 9);  // ICEN
  EXPECT_EQ(f4.data, 1u << 10);         // DCEN
  EXPECT_EQ(f4.prefetch, 1u << 8);      // PRFTEN
  const AcceleratorSwitch f7 = peripheral(load_board("stm32f746g-disco"), "FLASH").flash_accelerator;  // RM0385
  EXPECT_EQ(f7.instructions, 1u << 9);  // ARTEN
  EXPECT_EQ(f7.data, 0u);               // the F7's ART has no data side
  EXPECT_EQ(f7.prefetch, 1u << 8);
  const AcceleratorSwitch nrf = peripheral(load_board("nrf52840"), "NVMC").flash_accelerator;  // nRF52840 PS, NVMC
  EXPECT_EQ(nrf.register_name, "ICACHECNF");
  EXPECT_EQ(nrf.instructions, 1u);  // CACHEEN
  EXPECT_EQ(nrf.data, 0u);          // an I-code cache only
  EXPECT_EQ(nrf.prefetch, 0u);
}

TEST(FlashAcceleratorBoard, NvmcIcacheCachesInstructionsOnlyWithAStatedGeometry) {
  const Board b = parse_board(board_with(R"({"type":"nvmc-icache","line_bytes":16,"instruction_lines":128,"ways":2})"),
                              "test.json");
  EXPECT_EQ(b.flash_accelerator.type, "nvmc-icache");
  EXPECT_EQ(b.flash_accelerator.data_lines, 0u);
  EXPECT_FALSE(b.flash_accelerator.prefetch);
  EXPECT_EQ(b.flash_accelerator.read_bytes, 16u);
  EXPECT_NE(rejection(R"({"type":"nvmc-icache","instruction_lines":128})").find("line_bytes: required"), std::string::npos);
  EXPECT_NE(rejection(R"({"type":"nvmc-icache","line_bytes":16})").find("instruction_lines: required"), std::string::npos);
  EXPECT_EQ(rejection(R"({"type":"nvmc-icache","line_bytes":16,"instruction_lines":64,"data_lines":8})"),
            "test.json: flash_accelerator: an nvmc-icache caches instruction fetches only (data_lines 0, prefetch false)");
  EXPECT_EQ(rejection(R"({"type":"fifo"})"),
            "test.json: flash_accelerator.type: \"fifo\" is not a known accelerator (art, nvmc-icache)");
}

TEST(FlashAcceleratorBoard, OnlyARegisterModelCanSwitchTheAccelerator) {
  std::string text = R"({"name":"x","core":"cortex-m4","clock_hz":64000000,"boot_address":"0",
    "memory":[{"name":"flash","base":"0","size":"1M","kind":"flash"}],
    "peripherals":[{"type":"cmsdk-uart","name":"uart","base":"0x40004000",
                    "flash_accelerator":{"register":"ACR","instructions":"ICEN"}}]})";
  try {
    parse_board(text, "test.json");
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "test.json: peripheral uart.flash_accelerator: only a register-model peripheral can switch the accelerator");
  }
}

}  // namespace
}  // namespace mcusim

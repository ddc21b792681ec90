// The register-description engine: what RCC, PWR, GPIO and nRF tasks/events
// need from it, on the bundled series models and on small models of our own.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "peripherals/register_block.h"
#include "sim/board.h"
#include "sim/errors.h"

namespace mcusim {
namespace {

using nlohmann::json;

std::shared_ptr<const RegisterModel> model(const char* text) {
  return std::make_shared<const RegisterModel>(parse_register_model(json::parse(text), "test", "test model"));
}

const char* kRcc = R"({
  "registers": [
    {"name": "CR", "offset": "0x00", "reset": "0x83", "fields": {"HSION": 0, "HSIRDY": 1, "HSEON": 16, "HSERDY": 17}},
    {"name": "CFGR", "offset": "0x08", "fields": {"SW": "1:0", "SWS": "3:2"}},
    {"name": "SR", "offset": "0x0C", "reset": "0x3", "rc_w0": "0x3", "writable": "0"},
    {"name": "ODR", "offset": "0x14", "writable": "0xFFFF"},
    {"name": "BSRR", "offset": "0x18", "set_reset": "ODR"},
    {"name": "USART_CR1", "offset": "0x20", "fields": {"UE": 0, "TE": 3}},
    {"name": "ISR", "offset": "0x24", "fields": {"TEACK": 21, "TXE": 7}},
    {"name": "TASK", "offset": "0x28"},
    {"name": "EVENT", "offset": "0x2C"}
  ],
  "rules": ["CR.HSIRDY = CR.HSION", "CR.HSERDY = CR.HSEON", "CFGR.SWS = CFGR.SW",
            "ISR.TEACK = USART_CR1.TE & USART_CR1.UE", "ISR.TXE = 1", "EVENT[0] <- TASK"]
})";

TEST(RegisterBlockTest, StatusBitFollowsControlBitOnBothEdges) {
  RegisterBlock b(model(kRcc), "RCC");
  EXPECT_EQ(b.read(0x00, 4) & (1u << 17), 0u);
  b.write(0x00, 4, b.read(0x00, 4) | (1u << 16));
  EXPECT_NE(b.read(0x00, 4) & (1u << 17), 0u) << "HSERDY follows HSEON";
  b.write(0x00, 4, b.read(0x00, 4) & ~(1u << 16));
  EXPECT_EQ(b.read(0x00, 4) & (1u << 17), 0u) << "and falls with it";
}

TEST(RegisterBlockTest, StatusFieldsAreNotWritableByFirmware) {
  RegisterBlock b(model(kRcc), "RCC");
  b.write(0x00, 4, 1u << 17);  // HSERDY without HSEON
  EXPECT_EQ(b.read(0x00, 4) & (1u << 17), 0u);
  b.write(0x08, 4, 2);  // SW = PLL
  EXPECT_EQ(b.read(0x08, 4), 2u | (2u << 2)) << "SWS copies SW";
}

TEST(RegisterBlockTest, ByteWriteKeepsTheOtherBytes) {
  RegisterBlock b(model(kRcc), "RCC");
  b.write(0x08, 4, 0x00000F01);
  b.write(0x08, 1, 0x02);  // an 8-bit store to byte 0, as the F4 HAL does to FLASH_ACR
  EXPECT_EQ(b.read(0x08, 4) & 0xFF00u, 0x0F00u);
  EXPECT_EQ(b.read(0x08, 4) & 0x3u, 0x2u);
  EXPECT_EQ(b.read(0x09, 1), 0x0Fu) << "byte reads see their lane";
}

TEST(RegisterBlockTest, RcW0FlagsClearOnlyWhereZeroIsWritten) {
  RegisterBlock b(model(kRcc), "RCC");
  b.write(0x0C, 4, ~1u);
  EXPECT_EQ(b.read(0x0C, 4), 2u);
  b.write(0x0C, 4, 0x3);
  EXPECT_EQ(b.read(0x0C, 4), 2u) << "writing 1 neither clears nor sets";
}

TEST(RegisterBlockTest, BsrrSetsAndResetsOdr) {
  RegisterBlock b(model(kRcc), "GPIOA");
  b.write(0x18, 4, (1u << 5) | (1u << 3));
  EXPECT_EQ(b.read(0x14, 4), (1u << 5) | (1u << 3));
  b.write(0x18, 4, 1u << (16 + 5));
  EXPECT_EQ(b.read(0x14, 4), 1u << 3);
  EXPECT_EQ(b.read(0x18, 4), 0u) << "BSRR reads as zero";
}

TEST(RegisterBlockTest, AndOfFieldsAndConstants) {
  RegisterBlock b(model(kRcc), "USART1");
  EXPECT_EQ(b.read(0x24, 4), 1u << 7) << "TXE is constant 1";
  b.write(0x20, 4, 1u << 3);
  EXPECT_EQ(b.read(0x24, 4) & (1u << 21), 0u) << "TE without UE";
  b.write(0x20, 4, (1u << 3) | 1u);
  EXPECT_NE(b.read(0x24, 4) & (1u << 21), 0u);
}

TEST(RegisterBlockTest, TaskTriggersEvent) {
  RegisterBlock b(model(kRcc), "CLOCK");
  b.write(0x28, 4, 0);
  EXPECT_EQ(b.read(0x2C, 4), 0u);
  b.write(0x28, 4, 1);
  EXPECT_EQ(b.read(0x2C, 4), 1u);
  b.write(0x2C, 4, 0);  // firmware clears the event
  EXPECT_EQ(b.read(0x2C, 4), 0u);
}

TEST(RegisterBlockTest, NamesRegistersAndBitsForMessages) {
  RegisterBlock b(model(kRcc), "RCC");
  EXPECT_EQ(b.register_name(0x00), "RCC.CR");
  EXPECT_EQ(b.describe_bits(0x00, 1u << 17), "HSERDY (bit 17)");
  EXPECT_EQ(b.describe_bits(0x08, 0xC), "SWS (bits 3:2)");
  EXPECT_FALSE(b.changes_on_its_own(0x00));
}

TEST(RegisterBlockTest, BadRuleNamesTheRule) {
  try {
    parse_register_model(json::parse(R"({"registers": [{"name": "CR", "offset": 0}], "rules": ["CR.NOPE = 1"]})"), "m", "series x");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("CR.NOPE"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no field 'NOPE'"), std::string::npos) << e.what();
  }
}

// The bundled series: every board that names one loads, and the HAL's
// start-up facts hold on the models.
TEST(SeriesModelsTest, F4RccResetsOnHsiWithPllConfigReset) {
  Board board = load_board("stm32f407");
  const PeripheralSpec* rcc = nullptr;
  for (const PeripheralSpec& p : board.peripherals)
    if (p.name == "RCC") rcc = &p;
  ASSERT_NE(rcc, nullptr);
  RegisterBlock b(rcc->model, "RCC");
  EXPECT_EQ(b.read(0x00, 4), 0x83u);
  EXPECT_EQ(b.read(0x04, 4), 0x24003010u);
  EXPECT_EQ(b.read(0x30, 4), 0x00100000u) << "AHB1ENR reset (CCMDATARAMEN)";
}

TEST(SeriesModelsTest, H7PowerSupplyResetHasScuenAndLdoen) {
  Board board = load_board("stm32h743");
  for (const PeripheralSpec& p : board.peripherals) {
    if (p.name != "PWR") continue;
    RegisterBlock b(p.model, "PWR");
    EXPECT_EQ(b.read(0x0C, 4) & 6u, 6u) << "CR3: SCUEN and LDOEN";
    EXPECT_NE(b.read(0x04, 4) & (1u << 13), 0u) << "CSR1.ACTVOSRDY";
    b.write(0x18, 4, 3u << 14);
    EXPECT_NE(b.read(0x18, 4) & (1u << 13), 0u) << "D3CR.VOSRDY after VOS";
    return;
  }
  FAIL() << "no PWR";
}

// nRF52840 NVMC (PS register table; reset values in Nordic's SVD, e.g. the
// nrf52840-pac crate: "CACHEEN ... Value on reset: 0"). The I-code cache is
// off at reset; only CACHEEN (bit 0) and CACHEPROFEN (bit 8) hold a value.
TEST(SeriesModelsTest, Nrf52NvmcIcacheConfigResetsOffAndReadsBackItsTwoBits) {
  Board board = load_board("nrf52840");
  for (const PeripheralSpec& p : board.peripherals) {
    if (p.name != "NVMC") continue;
    RegisterBlock b(p.model, "NVMC");
    EXPECT_EQ(b.read(0x540, 4), 0u) << "ICACHECNF reset: cache disabled";
    b.write(0x540, 4, 0xFFFFFFFFu);
    EXPECT_EQ(b.read(0x540, 4), 0x101u) << "CACHEEN and CACHEPROFEN only";
    b.write(0x540, 4, 1u);
    EXPECT_EQ(b.read(0x540, 4), 1u);
    EXPECT_EQ(b.register_name(0x540), "NVMC.ICACHECNF");
    EXPECT_EQ(b.describe_bits(0x540, 1u), "CACHEEN (bit 0)");
    EXPECT_EQ(b.read(0x548, 4), 0u) << "IHIT reset";
    EXPECT_EQ(b.read(0x54C, 4), 0u) << "IMISS reset";
    EXPECT_EQ(b.register_name(0x54C), "NVMC.IMISS");
    EXPECT_EQ(b.read(0x400, 4), 1u) << "READY";
    return;
  }
  FAIL() << "no NVMC";
}

TEST(SeriesModelsTest, EveryBundledBoardLoadsItsSeries) {
  for (const std::string& name : bundled_board_names()) {
    Board b = load_board(name);
    if (!b.series.empty()) EXPECT_GT(b.peripherals.size(), 5u) << name;
  }
}

}  // namespace
}  // namespace mcusim

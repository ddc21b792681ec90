// The STM32 CRC unit as the bundled series files instantiate it, checked
// against a byte-wise reference CRC written here (the Rocksoft parameter
// model: width, poly, init, refin, refout) and against the published check
// values of the CRC catalogue (CRC of the ASCII bytes "123456789").
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "peripherals/devices.h"
#include "sim/board.h"
#include "sim/errors.h"
#include "tests/peripherals/fake_system.h"

namespace mcusim {
namespace {

constexpr uint32_t kDr = 0x00, kIdr = 0x04, kCr = 0x08, kInit = 0x10, kPol = 0x14;
constexpr uint32_t kReset = 1u << 0, kPolySize16 = 1u << 3, kPolySize8 = 2u << 3, kPolySize7 = 3u << 3;
constexpr uint32_t kRevInByte = 1u << 5, kRevInHalfword = 2u << 5, kRevInWord = 3u << 5, kRevOut = 1u << 7;
const std::string kCheck = "123456789";

struct CrcParams {
  uint32_t width, poly, init;
  bool refin, refout;
};

uint32_t reflect(uint32_t v, uint32_t bits) {
  uint32_t r = 0;
  for (uint32_t i = 0; i < bits; ++i)
    if (v & (1u << i)) r |= 1u << (bits - 1 - i);
  return r;
}

// Byte at a time, the message byte XORed into the top of the register; widths
// below 8 run in an 8-bit register with the polynomial moved to its top.
uint32_t reference_crc(const CrcParams& p, const std::vector<uint8_t>& bytes) {
  const uint32_t w = p.width < 8 ? 8 : p.width, up = w - p.width;
  const uint64_t mask = (w >= 32 ? 0xFFFFFFFFull : (1ull << w) - 1);
  uint64_t crc = uint64_t{p.init} << up, poly = uint64_t{p.poly} << up;
  for (uint8_t b : bytes) {
    crc ^= uint64_t{p.refin ? reflect(b, 8) : b} << (w - 8);
    for (int k = 0; k < 8; ++k) crc = (crc & (1ull << (w - 1))) ? ((crc << 1) ^ poly) & mask : (crc << 1) & mask;
  }
  uint32_t out = static_cast<uint32_t>(crc >> up);
  return p.refout ? reflect(out, p.width) : out;
}

std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

struct CrcFixture : ::testing::Test {
  testing::FakeSystem sys;
  std::unique_ptr<Device> crc;
  PeripheralSpec spec;

  void load(const char* board_name) {
    Board board = load_board(board_name);
    for (const PeripheralSpec& p : board.peripherals)
      if (p.name == "CRC") spec = p;
    ASSERT_EQ(spec.type, "stm32-crc") << board_name << " has no CRC unit";
    crc = make_board_peripheral(sys, spec);
  }
  void feed_bytes(const std::vector<uint8_t>& bytes) {
    for (uint8_t b : bytes) crc->write(kDr, 1, b);
  }
  // Little-endian words, as a buffer of bytes read through a uint32_t pointer.
  void feed_words(const std::vector<uint8_t>& bytes) {
    for (size_t i = 0; i + 4 <= bytes.size(); i += 4)
      crc->write(kDr, 4, bytes[i] | bytes[i + 1] << 8 | bytes[i + 2] << 16 | uint32_t{bytes[i + 3]} << 24);
  }
};

// The unit shifts each word in from its most significant bit: a little-endian
// buffer fed word-wise is the byte stream with each word's bytes reversed.
std::vector<uint8_t> word_order(const std::vector<uint8_t>& bytes) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 4 <= bytes.size(); i += 4)
    for (int k = 3; k >= 0; --k) out.push_back(bytes[i + static_cast<size_t>(k)]);
  return out;
}

const std::vector<uint8_t> kBuffer = bytes_of("mcusim CRC unit test 0123456789ab");  // 32 bytes + 1

TEST(CrcReferenceTest, ReferenceGivesTheCatalogueCheckValues) {
  EXPECT_EQ(reference_crc({32, 0x04C11DB7, 0xFFFFFFFF, false, false}, bytes_of(kCheck)), 0x0376E6E7u);  // CRC-32/MPEG-2
  EXPECT_EQ(~reference_crc({32, 0x04C11DB7, 0xFFFFFFFF, true, true}, bytes_of(kCheck)), 0xCBF43926u);   // CRC-32
  EXPECT_EQ(reference_crc({16, 0x1021, 0xFFFF, false, false}, bytes_of(kCheck)), 0x29B1u);  // CRC-16/CCITT-FALSE
  EXPECT_EQ(reference_crc({16, 0x1021, 0, true, true}, bytes_of(kCheck)), 0x2189u);         // CRC-16/KERMIT
  EXPECT_EQ(reference_crc({8, 0x07, 0, false, false}, bytes_of(kCheck)), 0xF4u);            // CRC-8/SMBUS
  EXPECT_EQ(reference_crc({7, 0x09, 0, false, false}, bytes_of(kCheck)), 0x75u);            // CRC-7/MMC
}

TEST_F(CrcFixture, F4ResetsToAllOnesAndComputesMpeg2OverWords) {
  load("stm32f407");
  EXPECT_EQ(spec.base, 0x40023000u);
  EXPECT_EQ(crc->read(kDr, 4), 0xFFFFFFFFu) << "DR reset value";
  feed_words(kBuffer);
  EXPECT_EQ(crc->read(kDr, 4), reference_crc({32, 0x04C11DB7, 0xFFFFFFFF, false, false}, word_order(kBuffer)));
  crc->write(kCr, 4, kReset);
  EXPECT_EQ(crc->read(kDr, 4), 0xFFFFFFFFu) << "CR.RESET reloads the initial value";
  EXPECT_EQ(crc->read(kCr, 4), 0u) << "RESET reads 0";
}

TEST_F(CrcFixture, F4IdrKeepsEightBitsAndCrHasNoProgrammableFields) {
  load("stm32f407");
  crc->write(kIdr, 4, 0x12345678);
  EXPECT_EQ(crc->read(kIdr, 4), 0x78u);
  crc->write(kCr, 4, kRevOut | kRevInByte | kPolySize16);
  EXPECT_EQ(crc->read(kCr, 4), 0u);
  crc->write(kCr, 4, kReset);
  crc->write(kDr, 4, 0x31323334);  // "4321" in memory order: bytes '1','2','3','4' shifted in
  EXPECT_EQ(crc->read(kDr, 4), reference_crc({32, 0x04C11DB7, 0xFFFFFFFF, false, false}, bytes_of("1234")));
}

TEST_F(CrcFixture, F4ByteStoreFeedsAWholeWord) {
  load("stm32f407");
  crc->write(kDr, 1, 0x31);  // RM0090: word access only; the word 0x00000031 is fed
  EXPECT_EQ(crc->read(kDr, 4), reference_crc({32, 0x04C11DB7, 0xFFFFFFFF, false, false}, {0, 0, 0, 0x31}));
}

TEST_F(CrcFixture, ProgrammableUnitsGiveTheMpeg2CheckValueFedAsBytes) {
  for (const char* board : {"stm32f746g-disco", "stm32h743", "stm32l4r5"}) {
    load(board);
    EXPECT_EQ(crc->read(kPol, 4), 0x04C11DB7u) << board;
    EXPECT_EQ(crc->read(kInit, 4), 0xFFFFFFFFu) << board;
    feed_bytes(bytes_of(kCheck));
    EXPECT_EQ(crc->read(kDr, 4), 0x0376E6E7u) << board;
  }
}

TEST_F(CrcFixture, ByteReversedInputAndReversedOutputGiveCrc32) {
  load("stm32f746g-disco");
  crc->write(kCr, 4, kRevInByte | kRevOut);
  EXPECT_EQ(crc->read(kCr, 4), kRevInByte | kRevOut);
  crc->write(kCr, 4, kRevInByte | kRevOut | kReset);
  feed_bytes(bytes_of(kCheck));
  EXPECT_EQ(~crc->read(kDr, 4), 0xCBF43926u);
}

TEST_F(CrcFixture, WordReversalOfLittleEndianWordsIsCrc32OfTheBuffer) {
  load("stm32h743");
  crc->write(kCr, 4, kRevInWord | kRevOut | kReset);
  feed_words(kBuffer);
  EXPECT_EQ(crc->read(kDr, 4), reference_crc({32, 0x04C11DB7, 0xFFFFFFFF, true, true}, {kBuffer.begin(), kBuffer.begin() + 32}));
}

TEST_F(CrcFixture, HalfwordWritesFeedSixteenBitsMostSignificantFirst) {
  load("stm32l4r5");
  for (size_t i = 0; i + 2 <= 8; i += 2) crc->write(kDr, 2, kBuffer[i] | kBuffer[i + 1] << 8);
  std::vector<uint8_t> order;
  for (size_t i = 0; i + 2 <= 8; i += 2) order.insert(order.end(), {kBuffer[i + 1], kBuffer[i]});
  EXPECT_EQ(crc->read(kDr, 4), reference_crc({32, 0x04C11DB7, 0xFFFFFFFF, false, false}, order));
  // Halfword reversal on halfword writes: each halfword's bits reversed = bytes reflected, low byte first.
  crc->write(kCr, 4, kRevInHalfword | kReset);
  for (size_t i = 0; i + 2 <= 8; i += 2) crc->write(kDr, 2, kBuffer[i] | kBuffer[i + 1] << 8);
  EXPECT_EQ(crc->read(kDr, 4), reference_crc({32, 0x04C11DB7, 0xFFFFFFFF, true, false}, {kBuffer.begin(), kBuffer.begin() + 8}));
}

TEST_F(CrcFixture, SixteenBitPolynomialsFromPolAndInit) {
  load("stm32f746g-disco");
  crc->write(kPol, 4, 0x1021);
  crc->write(kInit, 4, 0xFFFF);
  crc->write(kCr, 4, kPolySize16 | kReset);
  feed_bytes(bytes_of(kCheck));
  EXPECT_EQ(crc->read(kDr, 4), 0x29B1u) << "CRC-16/CCITT-FALSE";
  crc->write(kInit, 4, 0);
  crc->write(kCr, 4, kPolySize16 | kRevInByte | kRevOut | kReset);
  feed_bytes(bytes_of(kCheck));
  EXPECT_EQ(crc->read(kDr, 4), 0x2189u) << "CRC-16/KERMIT";
  EXPECT_EQ(crc->read(kDr, 2), 0x2189u) << "a halfword read of DR";
  crc->write(kCr, 4, kPolySize16 | kReset);
  feed_words(kBuffer);
  EXPECT_EQ(crc->read(kDr, 4), reference_crc({16, 0x1021, 0, false, false}, word_order(kBuffer)));
}

TEST_F(CrcFixture, EightAndSevenBitPolynomials) {
  load("stm32h743");
  crc->write(kPol, 4, 0x07);
  crc->write(kInit, 4, 0);
  crc->write(kCr, 4, kPolySize8 | kReset);
  feed_bytes(bytes_of(kCheck));
  EXPECT_EQ(crc->read(kDr, 4), 0xF4u) << "CRC-8/SMBUS";
  crc->write(kPol, 4, 0x09);
  crc->write(kCr, 4, kPolySize7 | kReset);
  feed_bytes(bytes_of(kCheck));
  EXPECT_EQ(crc->read(kDr, 4), 0x75u) << "CRC-7/MMC";
}

TEST_F(CrcFixture, NamesItsRegistersForMessages) {
  load("stm32h743");
  EXPECT_EQ(spec.base, 0x58024C00u);
  EXPECT_EQ(crc->register_name(kCr), "CRC.CR");
  EXPECT_EQ(crc->describe_bits(kCr, kRevOut), "REV_OUT (bit 7)");
  EXPECT_FALSE(crc->changes_on_its_own(kDr));
}

TEST_F(CrcFixture, UnknownParameterAndMissingPolynomialAreInputErrors) {
  load("stm32f407");
  PeripheralSpec bad = spec;
  bad.parameters["polinomial"] = 7;
  EXPECT_THROW(make_board_peripheral(sys, bad), InputError);
  bad.parameters.clear();
  try {
    make_board_peripheral(sys, bad);
    FAIL() << "a model without POL needs the polynomial parameter";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("\"polynomial\""), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mcusim

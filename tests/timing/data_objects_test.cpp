// DataObjects: the footprint fast timing gives a walk through constant data
// is the size of the ELF object the guessed address falls in.
#include "sim/timing/data_objects.h"

#include <gtest/gtest.h>

namespace mcusim {
namespace {

ElfSymbol object(uint32_t address, uint32_t size) { return {"o", address, size, false, true}; }

TEST(DataObjects, AnAddressHasTheSizeOfTheSmallestObjectHoldingIt) {
  ElfSymbol function{"f", 0x08000400, 0x100, true, false};
  const DataObjects objects({object(0x08001000, 0x90), object(0x08002000, 0x8000), object(0x08002100, 0x20), function});
  EXPECT_EQ(objects.bytes_at(0x08001000), 0x90u);
  EXPECT_EQ(objects.bytes_at(0x0800108F), 0x90u);
  EXPECT_EQ(objects.bytes_at(0x08001090), 0u);  // just past it
  EXPECT_EQ(objects.bytes_at(0x08000FFF), 0u);  // just before it
  EXPECT_EQ(objects.bytes_at(0x08002110), 0x20u);  // nested: the inner object
  EXPECT_EQ(objects.bytes_at(0x08009000), 0x8000u);  // far into the large one
  EXPECT_EQ(objects.bytes_at(0x08000400), 0u);  // code is not a data object
}

TEST(DataObjects, APartOfAnObjectHasItsOwnSize) {
  // A TF-Lite model: one 64 KiB array whose tensor buffers are the parts.
  const DataObjects objects({object(0x08010000, 0x10000)}, {{0x08010400, 0x90}, {0x08012000, 0x1000}, {0x08013000, 0}});
  EXPECT_EQ(objects.bytes_at(0x08010400), 0x90u);
  EXPECT_EQ(objects.bytes_at(0x08012FFF), 0x1000u);
  EXPECT_EQ(objects.bytes_at(0x08010490), 0x10000u);  // between parts: the model
  EXPECT_EQ(objects.bytes_at(0x08013000), 0x10000u);  // an empty part is none
}

TEST(DataObjects, AGapReachesFromTheObjectsBeforeToTheNextOne) {
  // [0x1000, 0x1100) holds [0x1010, 0x1020); then [0x2000, 0x2010).
  const DataObjects objects({object(0x1000, 0x100), object(0x1010, 0x10), object(0x2000, 0x10)});
  EXPECT_EQ(objects.gap_at(0x1800).begin, 0x1100u) << "the end of the outer object, not of the inner one";
  EXPECT_EQ(objects.gap_at(0x1800).size, 0xF00u);
  EXPECT_EQ(objects.gap_at(0x1020).size, 0u) << "inside an object";
  EXPECT_EQ(objects.gap_at(0x100).begin, 0u);
  EXPECT_EQ(objects.gap_at(0x100).size, 0x1000u);
  EXPECT_EQ(objects.gap_at(0x3000).begin, 0x2010u);
  EXPECT_EQ(objects.gap_at(0x3000).size, 0xFFFFDFF0u) << "to the end of the address space";
  EXPECT_EQ(objects.extent_at(0x1015).begin, 0x1010u);
}

TEST(DataObjects, StrippedFirmwareKnowsNoFootprint) {
  EXPECT_EQ(DataObjects().bytes_at(0x08001000), 0u);
  EXPECT_EQ(DataObjects({object(0x08001000, 0)}).bytes_at(0x08001000), 0u);
}

}  // namespace
}  // namespace mcusim

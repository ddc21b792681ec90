// The optional board field core_revision: bundled boards carry their part's
// revision, a bad value is an input error naming the file and the field,
// and SCB CPUID reports it.
#include <gtest/gtest.h>

#include <string>

#include "sim/board.h"
#include "sim/errors.h"

namespace mcusim {
namespace {

std::string board_with_revision(const std::string& revision_json) {
  return R"({"name":"x","core":"cortex-m7","core_revision":)" + revision_json +
         R"(,"clock_hz":1000000,"boot_address":0,"memory":[{"name":"a","base":"0","size":"64K","kind":"flash"}]})";
}

TEST(CoreRevisionTest, BundledPartsCarryTheirCoreRevision) {
  EXPECT_EQ(core_revision_name(load_board("stm32f746g-disco").core_revision.value()), "r0p1");
  EXPECT_EQ(core_revision_name(load_board("stm32h743").core_revision.value()), "r1p1");
  EXPECT_EQ(core_revision_name(load_board("stm32f407").core_revision.value()), "r0p1");
  EXPECT_EQ(core_revision_name(load_board("stm32l4r5").core_revision.value()), "r0p1");
  EXPECT_FALSE(load_board("mps2-an500").core_revision.has_value());
}

TEST(CoreRevisionTest, ParsesVariantAndRevision) {
  CoreRevision r = parse_board(board_with_revision(R"("r12p15")"), "test.json").core_revision.value();
  EXPECT_EQ(r.variant, 12);
  EXPECT_EQ(r.revision, 15);
}

TEST(CoreRevisionTest, MalformedRevisionIsAnInputErrorNamingFileAndField) {
  for (const char* bad : {R"("r1")", R"("1p1")", R"("r16p0")", R"("r1p1x")", R"("R1P1")", R"("r-1p1")", R"("")", "11"}) {
    try {
      parse_board(board_with_revision(bad), "boards/x.json");
      ADD_FAILURE() << bad << " accepted";
    } catch (const InputError& e) {
      std::string message = e.what();
      EXPECT_EQ(message.rfind("boards/x.json: core_revision ", 0), 0u) << message;
      EXPECT_NE(message.find("r0p1"), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace mcusim

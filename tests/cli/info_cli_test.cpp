// mcusim info: what a user reads before running, on a vendor board.
#include <gtest/gtest.h>

#include "cli_runner.h"

namespace mcusim {
namespace {

using testing::firmware;
using testing::run_cli;

TEST(InfoCliTest, NamesTheBoardsCoreRevisionWhenTheBoardFileStatesIt) {
  testing::CliResult r = run_cli("info --board stm32f746g-disco " + firmware("bench_stores_stm32f746g-disco"));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("memory use on board stm32f746g-disco (cortex-m7 r0p1)"), std::string::npos) << r.out;
  testing::CliResult mps2 = run_cli("info --board mps2-an386 " + firmware("bench_stores_m4"));
  ASSERT_EQ(mps2.status, 0) << mps2.err;
  EXPECT_NE(mps2.out.find("memory use on board mps2-an386 (cortex-m4):"), std::string::npos) << mps2.out;
}

}  // namespace
}  // namespace mcusim

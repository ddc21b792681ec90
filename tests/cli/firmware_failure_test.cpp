// Firmware that misbehaves: a fault report or a limit message naming where,
// and the documented exit code; never a hang.
#include <gtest/gtest.h>

#include "cli_runner.h"
#include "sim/errors.h"

namespace mcusim {
namespace {

using testing::firmware;
using testing::run_cli;

TEST(FirmwareFailureTest, EndlessLoopWithNoInterruptStopsAtOnceNamingTheFunction) {
  testing::CliResult r = run_cli("run " + firmware("bad_endless_loop"));
  EXPECT_EQ(r.status, kExitRunLimit) << r.err;
  EXPECT_NE(r.err.find("endless loop"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("main"), std::string::npos) << r.err;
}

TEST(FirmwareFailureTest, PollingARegisterNothingSetsStopsNamingRegisterAndBit) {
  testing::CliResult r = run_cli("run --board stm32f407 " + firmware("bad_poll_forever"));
  EXPECT_EQ(r.status, kExitRunLimit) << r.err;
  EXPECT_NE(r.err.find("waits forever"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("RCC.CR"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("PLLRDY (bit 25)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("poll_forever.c:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("instructions"), std::string::npos) << r.err;
}

TEST(FirmwareFailureTest, IdleLoopWithOnlySysTickRunningStopsAsIdle) {
  testing::CliResult r = run_cli("run " + firmware("bad_idle_forever"));
  EXPECT_EQ(r.status, kExitRunLimit) << r.err;
  EXPECT_NE(r.err.find("the firmware idles"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--idle-limit"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("done, idling"), std::string::npos) << r.out;
}

TEST(FirmwareFailureTest, InstructionLimitEndsALongRun) {
  testing::CliResult r = run_cli("run --max-instructions 100000 " + firmware("t_integer_m4"));
  EXPECT_EQ(r.status, kExitRunLimit) << r.err;
  EXPECT_NE(r.err.find("instruction limit of 100000 (--max-instructions), not the firmware, ended the run at pc 0x"), std::string::npos) << r.err;
}

TEST(FirmwareFailureTest, WildPointerReadsZeroByDefaultAndIsReportedOnce) {
  testing::CliResult r = run_cli("run " + firmware("bad_wild_pointer"));
  EXPECT_NE(r.err.find("write of unmapped address 0x70000000"), std::string::npos) << r.err;
  EXPECT_NE(r.status, kExitFirmwareFault) << r.err;
}

TEST(FirmwareFailureTest, WildPointerIsABusFaultWhenStrict) {
  testing::CliResult r = run_cli("run --strict " + firmware("bad_wild_pointer"));
  EXPECT_EQ(r.status, kExitFirmwareFault) << r.err;
  EXPECT_NE(r.err.find("BusFault"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("address:     0x70000000"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("backtrace"), std::string::npos) << r.err;
}

TEST(FirmwareFailureTest, UndefinedInstructionReportsDisassemblyAndSourceLine) {
  testing::CliResult r = run_cli("run " + firmware("bad_undefined"));
  EXPECT_EQ(r.status, kExitFirmwareFault) << r.err;
  EXPECT_NE(r.err.find("UsageFault"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("undefined instruction"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("instruction: udf"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(".c:"), std::string::npos) << r.err;
}

TEST(FirmwareFailureTest, WriteToFlashIsABusFault) {
  testing::CliResult r = run_cli("run " + firmware("bad_write_flash"));
  EXPECT_EQ(r.status, kExitFirmwareFault) << r.err;
  EXPECT_NE(r.err.find("read-only"), std::string::npos) << r.err;
}

TEST(FirmwareFailureTest, DivisionByZeroTrapsWithDiv0Trp) {
  testing::CliResult r = run_cli("run " + firmware("bad_div_zero"));
  EXPECT_EQ(r.status, kExitFirmwareFault) << r.err;
  EXPECT_NE(r.err.find("DIVBYZERO"), std::string::npos) << r.err;
}

TEST(FirmwareFailureTest, UnalignedLdrdIsAUsageFaultNamingTheAddress) {
  testing::CliResult r = run_cli("run " + firmware("bad_unaligned_ldrd"));
  EXPECT_EQ(r.status, kExitFirmwareFault) << r.err;
  EXPECT_NE(r.err.find("UNALIGNED"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("is not a multiple of 4"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ldrd"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("read "), std::string::npos) << "the load must not complete";
}

TEST(FirmwareFailureTest, NoAlignmentChecksLetsTheUnalignedLdrdComplete) {
  testing::CliResult r = run_cli("run --no-alignment-checks " + firmware("bad_unaligned_ldrd"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("read "), std::string::npos) << r.out;
}

TEST(FirmwareFailureTest, StackOverflowBelowTheStackLimitIsReported) {
  testing::CliResult r = run_cli("run " + firmware("bad_stack_overflow"));
  EXPECT_EQ(r.status, kExitFirmwareFault) << r.err;
  EXPECT_NE(r.err.find("stack overflow"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("__StackLimit"), std::string::npos) << r.err;
}

TEST(FirmwareFailureTest, ExecutionFromSramRunsAsOnTheBoard) {
  // Armv7-M's SRAM range is executable and QEMU runs it: so does mcusim.
  testing::CliResult r = run_cli("run " + firmware("bad_exec_ram"));
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("returned from SRAM code"), std::string::npos) << r.out;
}

TEST(FirmwareFailureTest, ExecutionFromMemoryThePartCannotFetchFromIsAMemManageFault) {
  // The STM32F4's CCM RAM is on the D-bus only (RM0090).
  testing::CliResult r = run_cli("run --board stm32f407 " + firmware("bad_exec_ccm"));
  EXPECT_EQ(r.status, kExitFirmwareFault) << r.err;
  EXPECT_NE(r.err.find("region 'ccm', which is not executable"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("returned"), std::string::npos) << r.out;
}

TEST(FirmwareFailureTest, ExitCodePassesThrough) {
  testing::CliResult r = run_cli("run --quiet " + firmware("t_newlib_m4"));
  EXPECT_EQ(r.status, 7) << r.err;
}

TEST(FirmwareFailureTest, SameElfGivesIdenticalCountsTwice) {
  testing::CliResult a = run_cli("run " + firmware("t_integer_m4"));
  testing::CliResult b = run_cli("run " + firmware("t_integer_m4"));
  auto counts = [](const std::string& err) { return err.substr(0, err.find(" ms at")); };
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_EQ(counts(a.err), counts(b.err));
  EXPECT_EQ(a.out, b.out);
}

}  // namespace
}  // namespace mcusim

// Semihosting as newlib's rdimon drives it: parameter blocks in guest memory.
#include "peripherals/semihosting.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fake_system.h"

namespace mcusim {
namespace {

using testing::FakeSystem;
constexpr uint32_t kBlock = FakeSystem::kRamBase + 0x100, kText = FakeSystem::kRamBase + 0x200,
                   kBuffer = FakeSystem::kRamBase + 0x400;
constexpr uint32_t kOpen = 0x01, kClose = 0x02, kWrite0 = 0x04, kWrite = 0x05, kRead = 0x06, kClock = 0x10, kTime = 0x11,
                   kErrno = 0x13, kGetCmdline = 0x15, kHeapInfo = 0x16, kExit = 0x18, kExitExtended = 0x20;

class SemihostingTest : public ::testing::Test {
 protected:
  FakeSystem sys;
  SemihostingConfig config;
  std::unique_ptr<Semihosting> sh;
  void make() { sh = std::make_unique<Semihosting>(sys, sys, config, stderr); }
  uint32_t open(const std::string& name, uint32_t mode) {
    sys.put_string(kText, name);
    sys.put_word(kBlock, kText);
    sys.put_word(kBlock + 4, mode);
    sys.put_word(kBlock + 8, static_cast<uint32_t>(name.size()));
    return sh->call(kOpen, kBlock);
  }
  uint32_t write(uint32_t handle, const std::string& text) {
    sys.put_string(kText, text);
    sys.put_word(kBlock, handle);
    sys.put_word(kBlock + 4, kText);
    sys.put_word(kBlock + 8, static_cast<uint32_t>(text.size()));
    return sh->call(kWrite, kBlock);
  }
};

TEST_F(SemihostingTest, ConsoleWritesReachFirmwareOutput) {
  make();
  uint32_t out = open(":tt", 4);
  ASSERT_NE(out, 0xFFFFFFFFu);
  EXPECT_EQ(write(out, "hello\n"), 0u) << "returns the bytes NOT written";
  sys.put_string(kText, "zero-terminated");
  sh->call(kWrite0, kText);
  EXPECT_EQ(sys.output, "hello\nzero-terminated");
}

TEST_F(SemihostingTest, FeaturesFileAnnouncesExtendedExit) {
  make();
  uint32_t h = open(":semihosting-features", 0);
  ASSERT_NE(h, 0xFFFFFFFFu);
  sys.put_word(kBlock, h);
  sys.put_word(kBlock + 4, kBuffer);
  sys.put_word(kBlock + 8, 5);
  EXPECT_EQ(sh->call(kRead, kBlock), 0u);
  char magic[5];
  sys.read(kBuffer, magic, 5);
  EXPECT_EQ(std::string(magic, 4), "SHFB");
  EXPECT_EQ(magic[4] & 1, 1) << "SH_EXT_EXIT_EXTENDED";
}

TEST_F(SemihostingTest, HostFilesAreDeniedWithoutARoot) {
  make();
  EXPECT_EQ(open("/etc/passwd", 0), 0xFFFFFFFFu);
  EXPECT_EQ(sh->call(kErrno, 0), 13u) << "EACCES";
  ASSERT_EQ(sh->warnings().size(), 1u);
  EXPECT_NE(sh->warnings()[0].find("--semihosting-root"), std::string::npos);
}

TEST_F(SemihostingTest, HostFilesInsideTheRootOnly) {
  std::filesystem::path root = std::filesystem::path(::testing::TempDir()) / "sh_root";
  std::filesystem::create_directories(root);
  std::ofstream(root / "in.txt") << "data";
  config.root = root.string();
  make();
  uint32_t h = open("in.txt", 0);
  ASSERT_NE(h, 0xFFFFFFFFu);
  sys.put_word(kBlock, h);
  sys.put_word(kBlock + 4, kBuffer);
  sys.put_word(kBlock + 8, 10);
  EXPECT_EQ(sh->call(kRead, kBlock), 6u) << "4 of 10 bytes read";
  sys.put_word(kBlock, h);
  EXPECT_EQ(sh->call(kClose, kBlock), 0u);
  EXPECT_EQ(open("../escape.txt", 4), 0xFFFFFFFFu) << "outside the root";
  uint32_t w = open("out.txt", 4);
  ASSERT_NE(w, 0xFFFFFFFFu);
  EXPECT_EQ(write(w, "abc"), 0u);
  sys.put_word(kBlock, w);
  sh->call(kClose, kBlock);
  std::ifstream in(root / "out.txt");
  std::string got;
  in >> got;
  EXPECT_EQ(got, "abc");
}

TEST_F(SemihostingTest, ExitExtendedCarriesTheFullCode) {
  make();
  sys.put_word(kBlock, 0x20026);
  sys.put_word(kBlock + 4, 300);
  sh->call(kExitExtended, kBlock);
  EXPECT_EQ(sh->exit_code(), 300);
}

TEST_F(SemihostingTest, PlainExitGivesZeroOrOneAsQemuDoes) {
  make();
  sh->call(kExit, 0x20026);
  EXPECT_EQ(sh->exit_code(), 0);
  make();
  sh->call(kExit, 0x20023);
  EXPECT_EQ(sh->exit_code(), 1);
}

TEST_F(SemihostingTest, HeapInfoCmdlineAndClockComeFromTheRun) {
  config.heap_base = 0x20001000;
  config.heap_limit = 0x20003000;
  config.stack_base = 0x20004000;
  config.stack_limit = 0x20003000;
  config.command_line = "fw.elf 3";
  config.clock_hz = 1000;
  make();
  sys.put_word(kBlock, kBuffer);
  sh->call(kHeapInfo, kBlock);
  EXPECT_EQ(sys.word(kBuffer), 0x20001000u);
  EXPECT_EQ(sys.word(kBuffer + 12), 0x20003000u);
  sys.put_word(kBlock, kText);
  sys.put_word(kBlock + 4, 64);
  EXPECT_EQ(sh->call(kGetCmdline, kBlock), 0u);
  char text[16] = {};
  sys.read(kText, text, 9);
  EXPECT_STREQ(text, "fw.elf 3");
  EXPECT_EQ(sys.word(kBlock + 4), 8u);
  sys.clock_config.core_hz = 1000;
  sys.now = 2500;  // 2.5 s at 1 kHz
  EXPECT_EQ(sh->call(kClock, 0), 250u) << "centiseconds of simulated time";
}

TEST_F(SemihostingTest, ClockAndTimeFollowTheCoreClockTheFirmwareSet) {
  make();
  sys.clock_config.core_hz = 64'000'000;  // raised from the board's nominal clock by the firmware
  sys.now = 128'000'000;                  // 2 s at 64 MHz
  EXPECT_EQ(sh->call(kClock, 0), 200u) << "centiseconds at the clock in force, not at the nominal one";
  EXPECT_EQ(sh->call(kTime, 0), 1700000000u + 2u);
}

}  // namespace
}  // namespace mcusim

// Semihosting against hostile firmware: host allocations stay bounded
// whatever lengths the guest passes, and no name reaches outside the root
// (`..`, absolute names, symbolic links, embedded NULs).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "fake_system.h"
#include "peripherals/semihosting.h"

namespace mcusim {
namespace {

namespace fs = std::filesystem;
using testing::FakeSystem;
constexpr uint32_t kBlock = FakeSystem::kRamBase + 0x100, kText = FakeSystem::kRamBase + 0x200,
                   kBuffer = FakeSystem::kRamBase + 0x400;
constexpr uint32_t kOpen = 0x01, kWrite = 0x05, kRead = 0x06, kRemove = 0x0E, kErrno = 0x13;
constexpr uint32_t kFailed = 0xFFFFFFFFu;

class SemihostingLimitsTest : public ::testing::Test {
 protected:
  fs::path base = fs::path(::testing::TempDir()) / ("sh_limits_" + std::to_string(::getpid()));
  fs::path root = base / "root", outside = base / "outside";
  FakeSystem sys;
  SemihostingConfig config;
  std::unique_ptr<Semihosting> sh;

  void SetUp() override {
    fs::remove_all(base);
    fs::create_directories(root);
    fs::create_directories(outside);
    std::ofstream(outside / "secret.txt") << "secret";
    config.root = root.string();
    sh = std::make_unique<Semihosting>(sys, sys, config, stderr);
  }
  void TearDown() override { fs::remove_all(base); }
  uint32_t open(const std::string& name, uint32_t mode, uint32_t length) {
    sys.write(kText, name.data(), name.size());
    sys.put_word(kBlock, kText);
    sys.put_word(kBlock + 4, mode);
    sys.put_word(kBlock + 8, length);
    return sh->call(kOpen, kBlock);
  }
  uint32_t open(const std::string& name, uint32_t mode) { return open(name, mode, static_cast<uint32_t>(name.size())); }
  uint32_t transfer(uint32_t op, uint32_t handle, uint32_t buffer, uint32_t length) {
    sys.put_word(kBlock, handle);
    sys.put_word(kBlock + 4, buffer);
    sys.put_word(kBlock + 8, length);
    return sh->call(op, kBlock);
  }
};

TEST_F(SemihostingLimitsTest, A4GiBReadFillsGuestMemoryUpToItsEndOnly) {
  fs::resize_file((std::ofstream(root / "big.bin"), root / "big.bin"), 1 << 20);  // sparse, larger than the RAM
  uint32_t h = open("big.bin", 1);
  ASSERT_NE(h, kFailed);
  uint32_t not_read = transfer(kRead, h, kBuffer, kFailed);
  uint32_t room = static_cast<uint32_t>(sys.ram.size()) - (kBuffer - FakeSystem::kRamBase);
  EXPECT_GE(not_read, kFailed - room) << "at most the guest memory's room was filled";
  EXPECT_EQ(sh->call(kErrno, 0), static_cast<uint32_t>(EFAULT));
}

TEST_F(SemihostingLimitsTest, A4GiBWriteStopsAtTheEndOfGuestMemory) {
  uint32_t h = open("out.bin", 4);
  ASSERT_NE(h, kFailed);
  uint32_t not_written = transfer(kWrite, h, kBuffer, kFailed);
  EXPECT_GT(not_written, 0u);
  uint32_t stdout_handle = open(":tt", 4);
  transfer(kWrite, stdout_handle, kBuffer, kFailed);
  EXPECT_LE(sys.output.size(), sys.ram.size()) << "only what guest memory holds";
}

TEST_F(SemihostingLimitsTest, OverlongAndNulNamesAreRefused) {
  EXPECT_EQ(open("in.txt", 0, kFailed), kFailed);
  EXPECT_EQ(sh->call(kErrno, 0), static_cast<uint32_t>(ENAMETOOLONG));
  std::ofstream(root / "in.txt") << "x";
  EXPECT_EQ(open(std::string("in.txt\0/../../outside/secret.txt", 32), 0), kFailed);
}

TEST_F(SemihostingLimitsTest, DotDotAndAbsoluteNamesStayInsideTheRoot) {
  EXPECT_EQ(open("../outside/secret.txt", 0), kFailed);
  EXPECT_EQ(open("a/../../outside/secret.txt", 0), kFailed);
  EXPECT_EQ(open((outside / "secret.txt").string(), 0), kFailed) << "an absolute name is taken inside the root";
  EXPECT_EQ(open("../outside/new.txt", 4), kFailed);
  EXPECT_FALSE(fs::exists(outside / "new.txt"));
}

TEST_F(SemihostingLimitsTest, SymbolicLinksOutOfTheRootAreNotFollowed) {
  fs::create_directory_symlink(outside, root / "link_dir");
  fs::create_symlink(outside / "secret.txt", root / "link_file");
  fs::create_symlink(outside / "created.txt", root / "dangling");
  EXPECT_EQ(open("link_dir/secret.txt", 0), kFailed);
  EXPECT_EQ(open("link_file", 0), kFailed);
  EXPECT_EQ(open("link_file", 4), kFailed);
  EXPECT_EQ(open("dangling", 4), kFailed) << "would create a file outside";
  EXPECT_FALSE(fs::exists(outside / "created.txt"));
  std::string victim = "link_file";
  sys.put_string(kText, victim);
  sys.put_word(kBlock, kText);
  sys.put_word(kBlock + 4, static_cast<uint32_t>(victim.size()));
  EXPECT_EQ(sh->call(kRemove, kBlock), kFailed);
  EXPECT_TRUE(fs::exists(outside / "secret.txt"));
}

TEST_F(SemihostingLimitsTest, OpenHandlesAreCapped) {
  uint32_t opened = 0;
  for (int i = 0; i < 10000; ++i)
    if (open(":tt", 0) != kFailed) ++opened;
  EXPECT_EQ(opened, 256u);
  EXPECT_EQ(sh->call(kErrno, 0), static_cast<uint32_t>(EMFILE));
}

TEST_F(SemihostingLimitsTest, WarningsAboutEverNewNamesAreBounded) {
  SemihostingConfig no_root;
  sh = std::make_unique<Semihosting>(sys, sys, no_root, stderr);
  for (int i = 0; i < 1000; ++i) open("file" + std::to_string(i), 0);
  EXPECT_LE(sh->warnings().size(), 17u);
  EXPECT_NE(sh->warnings().back().find("more warnings"), std::string::npos);
}

}  // namespace
}  // namespace mcusim

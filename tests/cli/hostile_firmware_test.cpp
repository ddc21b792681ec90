// Firmware that attacks the simulator (tests/hostile): each run ends with a
// clear message and the documented exit code, quickly, and nothing outside
// --semihosting-root is read or written. docs/reliability.md has the table.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "cli_runner.h"
#include "sim/errors.h"

namespace mcusim {
namespace {

namespace fs = std::filesystem;
using testing::firmware;
using testing::run_cli;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(HostileFirmwareTest, GarbageVectorTableIsABadVectorFault) {
  testing::CliResult r = run_cli("run " + firmware("hostile_vectors_garbage"));
  EXPECT_EQ(r.status, kExitFirmwareFault) << r.err;
  EXPECT_TRUE(has(r.err, "fault: bad vector")) << r.err;
  EXPECT_TRUE(has(r.err, "holds 0xdeadbeee, which is not Thumb code in executable memory")) << r.err;
}

TEST(HostileFirmwareTest, VectorTableInUnmappedMemoryIsABadVectorFault) {
  testing::CliResult r = run_cli("run " + firmware("hostile_vtor_unmapped"));
  EXPECT_EQ(r.status, kExitFirmwareFault) << r.err;
  EXPECT_TRUE(has(r.err, "PendSV was taken, but its vector at 0x70000038 (VTOR 0x70000000) is in no memory")) << r.err;
  EXPECT_FALSE(has(r.out, "did not happen")) << r.out;
}

TEST(HostileFirmwareTest, JumpToUnmappedAddressIsAnInstructionBusFault) {
  testing::CliResult r = run_cli("run " + firmware("hostile_jump_unmapped"));
  EXPECT_EQ(r.status, kExitFirmwareFault) << r.err;
  EXPECT_TRUE(has(r.err, "instruction fetch from 0x70000000, which no memory covers")) << r.err;
  EXPECT_TRUE(has(r.err, "IBUSERR")) << r.err;
}

TEST(HostileFirmwareTest, JumpToEvenAddressIsAnInvalidStateFault) {
  testing::CliResult r = run_cli("run " + firmware("hostile_jump_arm"));
  EXPECT_EQ(r.status, kExitFirmwareFault) << r.err;
  EXPECT_TRUE(has(r.err, "INVSTATE")) << r.err;
  EXPECT_TRUE(has(r.err, "Thumb bit clear")) << r.err;
}

TEST(HostileFirmwareTest, UnboundedRecursionWithoutStackCheckEndsInAFault) {
  testing::CliResult r = run_cli("run --no-stack-check " + firmware("bad_stack_overflow"));
  EXPECT_EQ(r.status, kExitFirmwareFault) << r.err;
  EXPECT_TRUE(has(r.err, "mcusim: firmware fault")) << r.err;
}

TEST(HostileFirmwareTest, SvcInALoopWithAnEmptyHandlerIsStuckAtOnce) {
  auto start = std::chrono::steady_clock::now();
  testing::CliResult r = run_cli("run " + firmware("hostile_svc_loop"));
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.status, kExitRunLimit) << r.err;
  EXPECT_TRUE(has(r.err, "is stuck calling SVC in a loop at")) << r.err;
  EXPECT_TRUE(has(r.err, "(svc_loop.c:")) << r.err;
  EXPECT_FALSE(has(r.err, "instruction limit")) << r.err;
  EXPECT_LT(seconds, 20.0);  // measured 0.9 s under load; the instruction limit would take an hour
}

TEST(HostileFirmwareTest, SvcInALoopWhoseHandlerCountsEndsAtTheIdleLimit) {
  // RAM changes at every call, so the loop is not provably stuck; the thread
  // reaching the same SVC with the same registers is idle.
  testing::CliResult r = run_cli("run --idle-limit 0.05 " + firmware("hostile_svc_loop") + " -- count");
  EXPECT_EQ(r.status, kExitRunLimit) << r.err;
  EXPECT_TRUE(has(r.err, "the firmware idles: it calls SVC in a loop at")) << r.err;
  EXPECT_TRUE(has(r.err, "for 0.05 s of simulated time")) << r.err;
}

TEST(HostileFirmwareTest, ProgressThroughSvcCallsIsNotTakenForALoop) {
  // 100,000 calls take 0.18 s of simulated time, 18 times the idle limit,
  // but the thread's registers change with the count it reads.
  testing::CliResult r = run_cli("run --idle-limit 0.01 " + firmware("hostile_svc_loop") + " -- progress");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "hostile_svc_loop: 100000 calls")) << r.out;
}

TEST(HostileFirmwareTest, FaultInsideTheFaultHandlerIsALockup) {
  testing::CliResult r = run_cli("run " + firmware("hostile_fault_in_fault"));
  EXPECT_EQ(r.status, kExitFirmwareFault) << r.err;
  EXPECT_TRUE(has(r.err, "fault: lockup")) << r.err;
  EXPECT_TRUE(has(r.err, "HardFault_Handler")) << r.err;
}

TEST(HostileFirmwareTest, OutputFloodStopsAtTheOutputLimit) {
  testing::CliResult r = run_cli("run --max-output 100000 " + firmware("hostile_flood"));
  EXPECT_EQ(r.status, kExitRunLimit) << r.err;
  EXPECT_EQ(r.out.size(), 100000u) << "exactly the bytes up to the limit";
  EXPECT_TRUE(has(r.err, "output limit of 100000 bytes reached")) << r.err;
  EXPECT_TRUE(has(r.err, "--max-output")) << r.err;
}

TEST(HostileFirmwareTest, OutputFloodStopsAtTheDefaultLimit) {
  testing::CliResult r = run_cli("run " + firmware("hostile_flood"));
  EXPECT_EQ(r.status, kExitRunLimit) << r.err;
  EXPECT_EQ(r.out.size(), 64u << 20);
  EXPECT_TRUE(has(r.err, "output limit of 67108864 bytes reached")) << r.err;
}

class HostileFilesTest : public ::testing::Test {
 protected:
  fs::path base = fs::path(::testing::TempDir()) / ("hostile_" + std::to_string(::getpid()));
  fs::path root = base / "root", outside = base / "outside";
  void SetUp() override {
    fs::remove_all(base);
    fs::create_directories(root / "sub");
    fs::create_directories(outside);
  }
  void TearDown() override { fs::remove_all(base); }
};

TEST_F(HostileFilesTest, NothingOutsideTheSemihostingRootIsReadOrWritten) {
  std::ofstream(outside / "secret.txt") << "secret";
  std::ofstream(root / "inside.txt") << "inside";
  fs::create_directory_symlink(outside, root / "link_dir");
  fs::create_symlink(outside / "secret.txt", root / "link_file");
  fs::create_symlink(outside / "created.txt", root / "dangling");
  testing::CliResult r = run_cli("run --semihosting-root " + root.string() + " " + firmware("hostile_paths") + " -- " +
                                 outside.string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(has(r.out, "open inside.txt (mode 0): ok\n  read: inside")) << r.out;
  for (const char* line : {"open ../outside/secret.txt (mode 0): denied", "open sub/../../outside/secret.txt (mode 0): denied",
                           "open link_dir/secret.txt (mode 0): denied", "open link_file (mode 0): denied",
                           "open link_file (mode 4): denied", "open dangling (mode 4): denied",
                           "open ../outside/created.txt (mode 4): denied", "open sub/../../outside/secret.txt (mode 8): denied",
                           "open with NUL: denied", "rename inside.txt ../outside/moved.txt: denied",
                           "remove ../outside/secret.txt: denied", "remove link_file: denied"})
    EXPECT_TRUE(has(r.out, line)) << line << "\n" << r.out;
  EXPECT_TRUE(has(r.out, "/outside/secret.txt (mode 0): denied")) << "absolute names are taken inside the root";
  EXPECT_FALSE(has(r.out, "read: secret")) << r.out;
  EXPECT_EQ(testing::slurp((outside / "secret.txt").string()), "secret");
  EXPECT_FALSE(fs::exists(outside / "created.txt"));
  EXPECT_FALSE(fs::exists(outside / "moved.txt"));
  EXPECT_TRUE(fs::is_symlink(root / "link_file"));
  EXPECT_TRUE(has(r.err, "is outside --semihosting-root")) << r.err;
}

TEST_F(HostileFilesTest, HugeTransfersStopAtTheEndOfGuestMemory) {
  fs::resize_file((std::ofstream(root / "big.bin"), root / "big.bin"), 1ull << 30);  // sparse 1 GiB
  testing::CliResult r = run_cli("run --semihosting-root " + root.string() + " " + firmware("hostile_huge_io"));
  EXPECT_EQ(r.status, 0) << r.err;
  // PSRAM is 16 MiB: 2^32 - 1 - 2^24 bytes of each transfer are left over.
  EXPECT_TRUE(has(r.out, "read 4 GiB: 4278190079 bytes not read")) << r.out;
  EXPECT_TRUE(has(r.out, "write 4 GiB: 4278190079 bytes not written")) << r.out;
  EXPECT_EQ(fs::file_size(root / "out.bin"), 16u << 20);
  EXPECT_TRUE(has(r.out, "open with a 4 GiB name: failed")) << r.out;
  EXPECT_TRUE(has(r.out, "handles opened of 100000: 251")) << "256 handles, newlib holds 3 and the program 2";
}

}  // namespace
}  // namespace mcusim

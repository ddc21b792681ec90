#include <gtest/gtest.h>

#include <sstream>

#include "profiler/report/callgrind_writer.h"
#include "tests/report/sample_profile.h"

namespace mcusim {
namespace {

std::string callgrind_text() {
  std::ostringstream out;
  write_callgrind(testing::sample_profile(), out);
  return out.str();
}

TEST(CallgrindWriterTest, HeaderDeclaresEventsAndTotals) {
  std::string text = callgrind_text();
  EXPECT_EQ(text.rfind("# callgrind format\nversion: 1\n", 0), 0u);
  EXPECT_NE(text.find("\nevents: Cycles Instructions\n"), std::string::npos);
  EXPECT_NE(text.find("\nsummary: 1000000 800000\n"), std::string::npos);
  EXPECT_NE(text.find("\ntotals: 1000000 800000\n"), std::string::npos);
}

TEST(CallgrindWriterTest, SelfCostSitsAtTheFunctionLine) {
  std::string text = callgrind_text();
  // Names are compressed: main's call lines introduced conv2d as (2).
  EXPECT_NE(text.find("fl=(1) src/main.c\nfn=(1) main\n10 100000 80000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nfl=(2)\nfn=(2)\n42 600000 480000\n"), std::string::npos) << text;
  // Unknown file and line: "???" and 0.
  EXPECT_NE(text.find("\nfl=(4)\nfn=(4)\n0 100000 80000\n"), std::string::npos) << text;
}

TEST(CallgrindWriterTest, CallEdgesCarryCountsAndInclusiveCost) {
  std::string text = callgrind_text();
  // conv2d -> dot: 1000 calls, 100,000 inclusive cycles, from conv2d's line 42.
  EXPECT_NE(text.find("cfl=(4) ???\ncfn=(4) dot\ncalls=1000 0\n42 100000 80000\n"), std::string::npos) << text;
  // main -> conv2d: 2 calls to line 42, 700,000 inclusive cycles, from main's line 10.
  EXPECT_NE(text.find("cfl=(2) src/conv.c\ncfn=(2) conv2d\ncalls=2 42\n10 700000 560000\n"), std::string::npos) << text;
}

TEST(CallgrindWriterTest, CallgrindAnnotateReadsTheFile) {
  if (std::system("command -v callgrind_annotate >/dev/null 2>&1") != 0) {
    if (std::getenv("CI")) FAIL() << "callgrind_annotate (valgrind) is required in CI";
    GTEST_SKIP() << "callgrind_annotate not installed (Debian package valgrind)";
  }
  auto dir = testing::fresh_temp_dir("callgrind");
  auto file = dir / "callgrind.out.1";
  auto log = dir / "annotate.txt";
  write_callgrind(testing::sample_profile(), file.string());
  std::string cmd = "callgrind_annotate --inclusive=yes '" + file.string() + "' > '" + log.string() + "' 2>&1";
  int status = std::system(cmd.c_str());
  std::string output = testing::read_text(log);
  ASSERT_EQ(status, 0) << output;
  EXPECT_EQ(output.find("WARNING"), std::string::npos) << output;
  EXPECT_NE(output.find("conv2d"), std::string::npos) << output;
  EXPECT_NE(output.find("src/conv.c"), std::string::npos) << output;
  EXPECT_NE(output.find("1,000,000"), std::string::npos) << output;  // the program total
  EXPECT_NE(output.find("700,000"), std::string::npos) << output;    // conv2d inclusive
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mcusim

#include <gtest/gtest.h>

#include <sstream>

#include "profiler/report/folded_writer.h"
#include "sim/errors.h"
#include "tests/report/sample_profile.h"

namespace mcusim {
namespace {

TEST(FoldedWriterTest, OneStackPerLineWithSelfCycles) {
  std::ostringstream out;
  write_folded(testing::sample_profile(), out);
  EXPECT_EQ(out.str(), "main 100000\nmain;conv2d 600000\nmain;conv2d;dot 100000\nmain;dense 200000\n");
}

TEST(FoldedWriterTest, ZeroCostStacksAndLineBreaksAreDropped) {
  Profile p;
  p.folded_stacks = {{"main;idle", 0}, {"main;we\nird", 5}};
  std::ostringstream out;
  write_folded(p, out);
  EXPECT_EQ(out.str(), "main;we ird 5\n");
}

TEST(FoldedWriterTest, WritesAFile) {
  auto dir = testing::fresh_temp_dir("folded");
  write_folded(testing::sample_profile(), (dir / "stacks.folded").string());
  EXPECT_EQ(testing::read_text(dir / "stacks.folded").substr(0, 12), "main 100000\n");
  std::filesystem::remove_all(dir);
}

TEST(FoldedWriterTest, UnwritablePathIsAnInputError) {
  try {
    write_folded(testing::sample_profile(), std::string("/nonexistent-dir/stacks.folded"));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent-dir/stacks.folded: cannot open for writing");
  }
}

}  // namespace
}  // namespace mcusim

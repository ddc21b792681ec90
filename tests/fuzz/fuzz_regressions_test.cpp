// Every input that once made a fuzz target fail (crash, hang, sanitizer
// report) is checked in under tests/fuzz/regressions/<target>/ and replayed
// here, in the normal build and the sanitizer build.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "tests/fuzz/fuzz_inputs.h"

namespace mcusim {
namespace {

using Target = void (*)(const uint8_t*, size_t);

size_t replay(const std::string& target, Target run) {
  std::filesystem::path dir = std::filesystem::path(MCUSIM_SOURCE_DIR) / "tests/fuzz/regressions" / target;
  size_t count = 0;
  if (!std::filesystem::exists(dir)) return 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    SCOPED_TRACE(entry.path().string());
    run(bytes.data(), bytes.size());
    ++count;
  }
  return count;
}

TEST(FuzzRegressionsTest, ElfInputsThatOnceFailedAreRejectedCleanly) { replay("elf", fuzz::elf_input); }
TEST(FuzzRegressionsTest, BoardInputsThatOnceFailedAreRejectedCleanly) { replay("board", fuzz::board_input); }
TEST(FuzzRegressionsTest, ModelInputsThatOnceFailedAreRejectedCleanly) { replay("model", fuzz::model_input); }
TEST(FuzzRegressionsTest, ProfileInputsThatOnceFailedAreRejectedCleanly) { replay("profile", fuzz::profile_input); }
TEST(FuzzRegressionsTest, TfliteInputsThatOnceFailedAreRejectedCleanly) { replay("tflite", fuzz::tflite_input); }
TEST(FuzzRegressionsTest, SemihostingInputsThatOnceFailedAreHandled) { replay("semihosting", fuzz::semihosting_input); }

}  // namespace
}  // namespace mcusim

// The nas loop end to end through the command line, on a tiny space: two
// candidates, one board (each candidate build is a compile and a link; the
// kernels are compiled once per board into a build cache kept between runs,
// keyed by content, under the build tree).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sim/nas/nas_rows.h"
#include "tests/cli/cli_runner.h"

namespace mcusim::nas {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::run_cli;

const std::string kSpace = std::string(MCUSIM_SOURCE_DIR) + "/firmware_samples/spaces/tiny.json";
const std::string kCache = std::string(MCUSIM_FIRMWARE_DIR) + "/../nas-test-build";

fs::path temp_dir(const std::string& tag) {
  fs::path d = fs::temp_directory_path() / ("mcusim-nas-" + tag + "-" + std::to_string(getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

bool have_arm_gcc() { return std::system("command -v arm-none-eabi-gcc >/dev/null 2>&1") == 0; }

TEST(NasCliTest, SampleIsDeterministicFromTheSeed) {
  fs::path a = temp_dir("sample-a"), b = temp_dir("sample-b");
  auto r1 = run_cli("nas sample " + kSpace + " --count 3 --seed 11 --out " + a.string());
  auto r2 = run_cli("nas sample " + kSpace + " --count 3 --seed 11 --out " + b.string());
  ASSERT_EQ(r1.status, 0) << r1.err;
  ASSERT_EQ(r2.status, 0) << r2.err;
  EXPECT_NE(r1.out.find("3 candidates of 'tiny' (seed 11)"), std::string::npos) << r1.out;
  for (const char* f : {"tiny-s11-0000.json", "tiny-s11-0002.json", "candidates.csv"})
    EXPECT_EQ(testing::slurp((a / f).string()), testing::slurp((b / f).string())) << f;
  EXPECT_NE(testing::slurp((a / "candidates.csv").string()).find("candidate,file,resolution,width,depths,macs,params"),
            std::string::npos);
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(NasCliTest, BadSpaceIsAUsageError) {
  fs::path d = temp_dir("bad");
  std::ofstream(d / "space.json") << R"({"format": "mcusim-space/1", "name": "x", "resolutions": [], "widths": [1]})";
  auto r = run_cli("nas sample " + (d / "space.json").string() + " --count 1 --out " + d.string());
  EXPECT_EQ(r.status, 125);
  EXPECT_NE(r.err.find("space.json: resolutions: empty choice list"), std::string::npos) << r.err;
  r = run_cli("nas frobnicate");
  EXPECT_EQ(r.status, 125);
  EXPECT_NE(r.err.find("mcusim: nas: "), std::string::npos) << r.err;
  r = run_cli("nas evaluate --board nosuchboard " + kSpace);
  EXPECT_EQ(r.status, 125);
  EXPECT_NE(r.err.find("--board: 'nosuchboard'"), std::string::npos) << r.err;
  fs::remove_all(d);
}

// Two tiny candidates on one board: rows with every figure, verdicts equal
// to `mcusim check` on the same ELFs, the build cache and --resume.
TEST(NasCliTest, EvaluateMatchesCheckAndResumes) {
  if (!have_arm_gcc()) GTEST_SKIP() << "arm-none-eabi-gcc not installed";
  fs::path d = temp_dir("evaluate");
  ASSERT_EQ(run_cli("nas sample " + kSpace + " --count 2 --seed 5 --out " + (d / "cands").string()).status, 0);
  // A latency budget between the two candidates' latencies would be ideal but
  // depends on the cycle model; a tight SRAM budget fails both and a loose
  // one passes both, so each verdict is checked against `mcusim check`.
  std::string common = " --board stm32f407 --jobs 2 --build-dir " + kCache + " --max-latency 1s ";
  auto r = run_cli("nas evaluate" + common + "--max-sram 40K --csv " + (d / "rows.csv").string() + " --jsonl " +
                   (d / "rows.jsonl").string() + " --html " + (d / "nas.html").string() + " " + (d / "cands").string());
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::vector<json> rows = read_nas_rows((d / "rows.jsonl").string());
  ASSERT_EQ(rows.size(), 2u) << r.out;
  EXPECT_EQ(read_nas_rows((d / "rows.csv").string()).size(), 2u);
  EXPECT_NE(r.out.find("cost per candidate x board"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(d / "nas.html"));
  for (const json& row : rows) {
    SCOPED_TRACE(row.dump());
    EXPECT_EQ(row["board"], "stm32f407");
    EXPECT_GT(row["macs"].get<int64_t>(), 0);
    EXPECT_GT(row["cycles"].get<uint64_t>(), 0u);
    EXPECT_GT(row["flash"].get<uint64_t>(), row["arena"].get<uint64_t>());
    EXPECT_GT(row["arena"].get<uint64_t>(), 0u);
    EXPECT_GT(row["peak_sram"].get<uint64_t>(), row["arena"].get<uint64_t>());
    EXPECT_GT(row["layers"].size(), 5u);  // per-layer cycles from the layer markers
    EXPECT_EQ(row["latency_budget"], "pass");
    // The same verdict as mcusim check on the same ELF and budgets.
    auto check = run_cli("check --board stm32f407 --max-latency 1s --max-sram 40K " + row["elf"].get<std::string>());
    EXPECT_EQ(check.status == 0, row["ok"].get<bool>()) << check.out << check.err;
    EXPECT_EQ(row["sram_budget"], check.status == 0 ? "pass" : "fail");
  }
  // Again with --resume: nothing left to do.
  r = run_cli("nas evaluate" + common + "--max-sram 40K --resume --jsonl " + (d / "rows.jsonl").string() + " " +
              (d / "cands").string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("(2 already in the output, skipped)"), std::string::npos) << r.out;
  // Afresh with a loose budget: the builds come from the cache, verdicts follow check.
  r = run_cli("nas evaluate" + common + "--max-sram 1M --jsonl " + (d / "rows2.jsonl").string() + " " + (d / "cands").string());
  ASSERT_EQ(r.status, 0) << r.err;
  for (const json& row : read_nas_rows((d / "rows2.jsonl").string())) {
    EXPECT_TRUE(row["cached"].get<bool>());
    auto check = run_cli("check --board stm32f407 --max-latency 1s --max-sram 1M " + row["elf"].get<std::string>());
    EXPECT_EQ(check.status == 0, row["ok"].get<bool>()) << check.out;
  }
  fs::remove_all(d);
}

// mcunet-in4's 1.7 MB of weights cannot fit the STM32F407's 1 MiB of Flash:
// the link fails, and that is the verdict "too-large", not an error.
TEST(NasCliTest, CandidateTooLargeForTheBoardIsAVerdict) {
  if (!have_arm_gcc()) GTEST_SKIP() << "arm-none-eabi-gcc not installed";
  fs::path d = temp_dir("too-large");
  auto r = run_cli("nas evaluate --board stm32f407 --build-dir " + kCache + " --jsonl " + (d / "rows.jsonl").string() + " " +
                   std::string(MCUSIM_SOURCE_DIR) + "/firmware_samples/models/mcunet-in4.json");
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::vector<json> rows = read_nas_rows((d / "rows.jsonl").string());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]["status"], "too-large");
  EXPECT_EQ(rows[0]["ok"], false);
  EXPECT_EQ(rows[0]["flash_budget"], "fail");
  std::string reason = rows[0]["reason"].get<std::string>();
  EXPECT_EQ(reason.rfind("mcunet-in4 does not fit stm32f407's Flash", 0), 0u) << reason;
  EXPECT_NE(reason.find("region `FLASH' overflowed by"), std::string::npos) << reason;
  EXPECT_EQ(rows[0]["macs"], 125874400);  // the documented count
  fs::remove_all(d);
}

}  // namespace
}  // namespace mcusim::nas

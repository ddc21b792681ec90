#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "profiler/report/nas_html.h"
#include "tests/report/sample_profile.h"

namespace mcusim {
namespace {

using nlohmann::json;

json row(const std::string& name, const std::string& board, bool ok, double macs, double ms, double sram, double flash) {
  return {{"candidate", name}, {"board", board},   {"engine", "planned"}, {"ok", ok},       {"status", ok ? "pass" : "over-budget"},
          {"macs", macs},      {"params", 1000},   {"flash", flash},       {"peak_sram", sram}, {"arena", 100},
          {"cycles", ms * 1e5}, {"ms", ms}};
}

std::vector<json> sample_rows() {
  return {row("a", "stm32h743", true, 1e6, 2.0, 20e3, 100e3),    // beaten by b (more MACs, faster)
          row("b", "stm32h743", true, 2e6, 1.5, 30e3, 120e3),    // front
          row("c", "stm32h743", true, 4e6, 3.0, 40e3, 150e3),    // front
          row("d", "stm32h743", false, 8e6, 1.0, 900e3, 300e3),  // infeasible: never on the front
          row("e", "stm32f407", true, 1e6, 9.0, 20e3, 100e3)};   // alone on its board: front
}

TEST(NasHtmlTest, ParetoFrontIsPerBoardAmongFeasible) {
  EXPECT_EQ(nas_pareto_front(sample_rows()), (std::vector<size_t>{1, 2, 4}));
}

TEST(NasHtmlTest, PageIsSelfContainedWithASortableTable) {
  Budget b;
  b.max_sram = 512 * 1024;
  b.max_seconds = 0.0025;
  std::string html = format_nas_html(sample_rows(), b);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  EXPECT_NE(html.find("5 candidate x board rows, 4 feasible, 3 on the Pareto front"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"feasible front\"><td class=\"text\" data-v=\"b\">b</td>"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"infeasible\"><td class=\"text\" data-v=\"d\">d</td>"), std::string::npos);
}

TEST(NasHtmlTest, NamesAreEscaped) {
  std::vector<json> rows = sample_rows();
  rows[0]["candidate"] = "</script><script>alert(1)</script>";
  std::string html = format_nas_html(rows, {});
  EXPECT_EQ(html.find("alert(1)</script>"), std::string::npos);
}

std::string chromium_binary() {
  if (const char* env = std::getenv("MCUSIM_CHROMIUM")) return env;
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"})
    if (std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0) return name;
  return "";
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Headless Chromium runs the page's script: no error, the marker, per board
// two plots with their points, the budget lines and the Pareto polyline.
TEST(NasHtmlTest, RendersInHeadlessChromium) {
  std::string chromium = chromium_binary();
  if (chromium.empty()) {
    if (std::getenv("CI")) FAIL() << "chromium is required in CI (Debian package chromium)";
    GTEST_SKIP() << "chromium not installed (Debian package chromium)";
  }
  auto dir = testing::fresh_temp_dir("nas-html");
  auto page = dir / "nas.html";
  Budget b;
  b.max_sram = 512 * 1024;
  b.max_flash = 1024 * 1024;
  b.max_seconds = 0.0025;
  write_nas_html(page.string(), sample_rows(), b);
  auto profile_dir = dir / "chromium-profile";
  std::string cmd = "timeout 120 " + chromium +
                    " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
                    " --disable-component-update --disable-sync --user-data-dir='" + profile_dir.string() +
                    "' --window-size=1200,1600 --dump-dom 'file://" + page.string() + "' > '" + (dir / "dom.html").string() +
                    "' 2> '" + (dir / "chromium.log").string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << testing::read_text(dir / "chromium.log");
  std::string dom = testing::read_text(dir / "dom.html");
  EXPECT_EQ(dom.find("id=\"render-error\""), std::string::npos) << dom.substr(0, 3000);
  EXPECT_NE(dom.find("id=\"render-ok\""), std::string::npos) << testing::read_text(dir / "chromium.log");
  EXPECT_NE(dom.find("id=\"latency-stm32h743\""), std::string::npos);
  EXPECT_NE(dom.find("id=\"memory-stm32f407\""), std::string::npos);
  EXPECT_EQ(count(dom, "class=\"point feasible\""), 2u * 4);  // each feasible row in both plots
  EXPECT_EQ(count(dom, "class=\"point infeasible\""), 2u * 1);
  EXPECT_EQ(count(dom, "class=\"pareto\""), 1u);  // h743 has a 2-point front; f407's single point draws no line
  EXPECT_NE(dom.find("max latency 2.500 ms"), std::string::npos);
  EXPECT_NE(dom.find("max SRAM 512.0 KiB"), std::string::npos);
  EXPECT_NE(dom.find("max Flash 1.00 MiB"), std::string::npos);
  EXPECT_NE(dom.find("stm32h743: 3 of 4 feasible"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mcusim

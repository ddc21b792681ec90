#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "profiler/report/html_writer.h"
#include "tests/report/sample_profile.h"

namespace mcusim {
namespace {

std::string chromium_binary() {
  if (const char* env = std::getenv("MCUSIM_CHROMIUM")) return env;
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"})
    if (std::system((std::string("command -v ") + name + " >/dev/null 2>&1").c_str()) == 0) return name;
  return "";
}

// Runs headless Chromium on `page` with `mode` ("--dump-dom" or
// "--screenshot=..."), stdout to `out`; returns the exit status.
int run_chromium(const std::string& chromium, const std::filesystem::path& dir, const std::filesystem::path& page,
                 const std::string& mode, const std::filesystem::path& out) {
  auto profile_dir = testing::fresh_temp_dir("chromium-profile");
  std::string cmd = "timeout 120 " + chromium +
                    " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                    " --disable-background-networking --disable-component-update --disable-sync"
                    " --user-data-dir='" + profile_dir.string() + "' --window-size=1200,1600 " + mode +
                    " 'file://" + page.string() + "' > '" + out.string() + "' 2> '" + (dir / "chromium.log").string() + "'";
  int status = std::system(cmd.c_str());
  std::filesystem::remove_all(profile_dir);
  return status;
}

TEST(HtmlWriterTest, PageIsSelfContained) {
  std::string html = format_html(testing::sample_profile());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

TEST(HtmlWriterTest, PageHasTotalsLayersMemoryAndFunctions) {
  std::string html = format_html(testing::sample_profile());
  EXPECT_NE(html.find("<div class=\"value\">1,000,000</div>"), std::string::npos);  // cycles card
  EXPECT_NE(html.find("<div class=\"value\">10.000 ms</div>"), std::string::npos);
  EXPECT_NE(html.find("id=\"layer-chart\""), std::string::npos);
  EXPECT_NE(html.find("id=\"timeline-chart\""), std::string::npos);
  EXPECT_NE(html.find("id=\"capacity-chart\""), std::string::npos);
  EXPECT_NE(html.find("<td class=\"name\">conv2</td><td>300,000</td><td>30.0%</td><td>3.000</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"name\"><code>conv2d</code></td><td>600,000</td><td>60.0%</td>"), std::string::npos);
  EXPECT_NE(html.find("src/conv.c:42"), std::string::npos);
  EXPECT_NE(html.find("\"sram_size\":327680"), std::string::npos);  // chart data
}

TEST(HtmlWriterTest, ThreadStacksTableNamesTasksAndWhereTheirStacksAre) {
  std::string html = format_html(testing::sample_profile());
  EXPECT_NE(html.find("<h3>Thread stacks (RTOS tasks)</h3>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"name\">infer</td><td class=\"name\">ucHeap</td><td>0x20001008</td><td>2.0 KiB</td>"
                      "<td>512 B</td><td>25.0%</td><td>1.5 KiB</td><td>600,000</td><td>40</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"name\">process_stack</td><td class=\"name\">-</td>"), std::string::npos);
  Profile p = testing::sample_profile();
  p.memory.thread_stacks.clear();
  EXPECT_EQ(format_html(p).find("Thread stacks"), std::string::npos);
}

TEST(HtmlWriterTest, NamesAreEscapedInMarkupAndScriptData) {
  Profile p = testing::sample_profile();
  p.functions[0].name = "<b>main</b>";
  p.layers[0].name = "</script><script>alert(1)</script>";
  p.memory.thread_stacks[0].name = "<i>task</i>";
  std::string html = format_html(p);
  EXPECT_NE(html.find("&lt;i&gt;task&lt;/i&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;main&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>main"), std::string::npos);
  EXPECT_EQ(html.find("alert(1)</script>"), std::string::npos);
  EXPECT_NE(html.find("\\u003c/script>\\u003cscript>alert(1)"), std::string::npos);
}

// Opens the page in headless Chromium: the script must finish without an
// exception (it then adds <div id="render-ok">) and draw the three charts.
TEST(HtmlWriterTest, RendersInHeadlessChromiumWithoutScriptErrors) {
  std::string chromium = chromium_binary();
  if (chromium.empty()) {
    if (std::getenv("CI")) FAIL() << "chromium is required in CI (Debian package chromium)";
    GTEST_SKIP() << "chromium not installed (Debian package chromium)";
  }
  auto dir = testing::fresh_temp_dir("html");
  auto page = dir / "report.html";
  write_html(testing::sample_profile(), page.string());

  ASSERT_EQ(run_chromium(chromium, dir, page, "--dump-dom", dir / "dom.html"), 0)
      << testing::read_text(dir / "chromium.log");
  std::string dom = testing::read_text(dir / "dom.html");
  EXPECT_EQ(dom.find("id=\"render-error\""), std::string::npos) << dom.substr(0, 2000);
  EXPECT_NE(dom.find("id=\"render-ok\""), std::string::npos) << testing::read_text(dir / "chromium.log");
  // The charts were drawn: one bar per layer, the SRAM capacity line label.
  EXPECT_NE(dom.find("<svg"), std::string::npos);
  EXPECT_NE(dom.find("conv2: 300,000 cycles (30.0%), 150,000 MACs, 2.00 cycles/MAC"), std::string::npos);
  EXPECT_NE(dom.find("SRAM 320.0 KiB"), std::string::npos);            // capacity line on the timeline
  EXPECT_NE(dom.find("117.2 KiB of 1.00 MiB (11.4%)"), std::string::npos);  // flash against capacity

  auto png = dir / "report.png";
  ASSERT_EQ(run_chromium(chromium, dir, page, "--screenshot='" + png.string() + "'", dir / "stdout.txt"), 0)
      << testing::read_text(dir / "chromium.log");
  ASSERT_TRUE(std::filesystem::exists(png));
  EXPECT_GT(std::filesystem::file_size(png), 10'000u);
  if (!std::getenv("MCUSIM_KEEP_HTML_TEST")) std::filesystem::remove_all(dir);
  else std::cout << "kept " << dir << "\n";
}

// A script error must be detected: the marker is missing and the error shows.
TEST(HtmlWriterTest, ChromiumCheckDetectsAScriptError) {
  std::string chromium = chromium_binary();
  if (chromium.empty()) {
    if (std::getenv("CI")) FAIL() << "chromium is required in CI (Debian package chromium)";
    GTEST_SKIP() << "chromium not installed (Debian package chromium)";
  }
  auto dir = testing::fresh_temp_dir("html-broken");
  auto page = dir / "broken.html";
  std::string html = format_html(testing::sample_profile());
  // Break the chart data the script parses.
  std::string marker = "id=\"profile-data\">";
  html.insert(html.find(marker) + marker.size(), "{oops");
  std::ofstream(page) << html;
  ASSERT_EQ(run_chromium(chromium, dir, page, "--dump-dom", dir / "dom.html"), 0);
  std::string dom = testing::read_text(dir / "dom.html");
  EXPECT_EQ(dom.find("id=\"render-ok\""), std::string::npos);
  EXPECT_NE(dom.find("id=\"render-error\""), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace mcusim

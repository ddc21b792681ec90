// Function attribution in a SysTick-driven polling loop (issue 9): the
// interrupt lands at every point of `while (tick() - t0 < n)`, including
// between a call and its target and between a return and its caller. Every
// output must agree on self cycles and the folded stacks must never nest
// tick() inside itself.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli_runner.h"

namespace mcusim {
namespace {

using testing::firmware;
using testing::run_cli;
using testing::slurp;

const char* const kFunctions[] = {"tick", "wait_ticks", "SysTick_Handler"};

struct Outputs {
  std::map<std::string, uint64_t> json, folded, callgrind;
  std::string folded_text;
};

Outputs profile(const std::string& timing) {
  std::string base = ::testing::TempDir() + "systick_poll_" + timing;
  testing::CliResult r = run_cli("run --quiet --timing " + timing + " --json " + base + ".json --folded " + base +
                                 ".folded --callgrind " + base + ".cg " + firmware("systick_poll_mps2-an386"));
  EXPECT_EQ(r.status, 0) << r.err;
  Outputs o;
  nlohmann::json j = nlohmann::json::parse(slurp(base + ".json"));
  for (const auto& f : j["functions"])
    o.json[f["name"].get<std::string>()] = f["self_cycles"].get<uint64_t>();

  // Folded: "a;b;leaf cycles"; a leaf's self cycles are the sum over its stacks.
  o.folded_text = slurp(base + ".folded");
  std::istringstream folded(o.folded_text);
  for (std::string line; std::getline(folded, line);) {
    auto space = line.rfind(' ');
    auto semi = line.rfind(';', space);
    std::string leaf = line.substr(semi == std::string::npos ? 0 : semi + 1, space - (semi == std::string::npos ? 0 : semi + 1));
    o.folded[leaf] += std::stoull(line.substr(space + 1));
  }

  // Callgrind: cost lines under fn= are self cost, except the one after calls=.
  std::istringstream cg(slurp(base + ".cg"));
  std::map<std::string, std::string> names;  // "(17)" -> name
  std::string current;
  bool after_calls = false;
  std::regex fn_line(R"(^fn=(\(\d+\))\s*(.*)$)"), cost_line(R"(^\d+ (\d+) \d+$)");
  for (std::string line; std::getline(cg, line);) {
    std::smatch m;
    if (std::regex_match(line, m, fn_line)) {
      if (!m[2].str().empty()) names[m[1]] = m[2];
      current = names[m[1]];
      after_calls = false;
    } else if (line.starts_with("calls=")) {
      after_calls = true;
    } else if (std::regex_match(line, m, cost_line)) {
      if (!after_calls) o.callgrind[current] += std::stoull(m[1]);
      after_calls = false;
    }
  }
  return o;
}

uint64_t annotate_cycles(const std::string& timing, const std::string& function) {
  testing::CliResult r = run_cli("annotate --timing " + timing + " " + firmware("systick_poll_mps2-an386") + " --function " + function);
  EXPECT_EQ(r.status, 0) << r.err;
  std::smatch m;
  if (!std::regex_search(r.out, m, std::regex(function + R"( \(([\d,]+) cycles of)"))) {
    ADD_FAILURE() << "no cycle total for " << function << " in: " << r.out;
    return 0;
  }
  std::string digits = m[1];
  std::erase(digits, ',');
  return std::stoull(digits);
}

void expect_agreement(const std::string& timing) {
  Outputs o = profile(timing);
  EXPECT_EQ(o.folded_text.find("tick;tick"), std::string::npos) << "tick nested inside itself:\n" << o.folded_text;
  EXPECT_EQ(o.folded_text.find("SysTick_Handler;SysTick_Handler"), std::string::npos) << o.folded_text;
  for (const char* f : kFunctions) {
    uint64_t self = o.json[f];
    EXPECT_GT(self, 0u) << f;
    EXPECT_EQ(o.folded[f], self) << timing << ": folded stacks vs --json for " << f;
    EXPECT_EQ(o.callgrind[f], self) << timing << ": callgrind vs --json for " << f;
    EXPECT_EQ(annotate_cycles(timing, f), self) << timing << ": annotate vs --json for " << f;
  }
}

TEST(InterruptAttributionTest, PollingLoopSelfCyclesAgreeAcrossOutputsWithFastTiming) { expect_agreement("fast"); }

TEST(InterruptAttributionTest, PollingLoopSelfCyclesAgreeAcrossOutputsWithAccurateTiming) { expect_agreement("accurate"); }

}  // namespace
}  // namespace mcusim

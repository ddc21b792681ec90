// The profile JSON of one `mcusim run` of a test firmware, for the profiler
// tests that check what a run reports.
#pragma once

#include <unistd.h>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "../cli/cli_runner.h"

namespace mcusim::testing {

// Runs `mcusim run --quiet OPTIONS --json <temp> <firmware ELF>` and parses the JSON.
inline nlohmann::json profile_of(const std::string& elf, const std::string& options = "") {
  static int n = 0;
  std::string path = ::testing::TempDir() + "profile_of_" + std::to_string(::getpid()) + "_" + std::to_string(n++) + ".json";
  CliResult r = run_cli("run --quiet " + options + " --json " + path + " " + firmware(elf));
  EXPECT_EQ(r.status, 0) << r.err;
  return nlohmann::json::parse(slurp(path));
}

}  // namespace mcusim::testing

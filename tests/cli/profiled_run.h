// A profiled `mcusim run` of test firmware, as the RTOS-shaped CLI tests
// read it: the JSON profile, the folded stacks and the firmware's stdout.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.h"

namespace mcusim::testing {

struct ProfiledRun {
  nlohmann::json json;
  std::string folded, out;
};

// `prefix` keeps two test files' temporary outputs for the same ELF apart.
inline ProfiledRun profiled_run(const std::string& prefix, const std::string& elf, const std::string& options = "") {
  std::string base = ::testing::TempDir() + prefix + "_" + std::to_string(::getpid()) + "_" + elf;
  CliResult r = run_cli("run --quiet " + options + " --json " + base + ".json --folded " + base + ".folded " + firmware(elf));
  EXPECT_EQ(r.status, 0) << r.err;
  return {nlohmann::json::parse(slurp(base + ".json")), slurp(base + ".folded"), r.out};
}

// The profile's row for the function `name` (a test failure if none).
inline const nlohmann::json& function_named(const nlohmann::json& profile, const std::string& name) {
  for (const auto& f : profile["functions"])
    if (f["name"] == name) return f;
  static const nlohmann::json none;
  ADD_FAILURE() << "no function " << name;
  return none;
}

}  // namespace mcusim::testing

// Runs the mcusim command line as a user would, capturing stdout, stderr and the exit status.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace mcusim::testing {

struct CliResult {
  int status = -1;
  std::string out, err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline CliResult run_cli(const std::string& arguments) {
  static int counter = 0;
  std::string base = ::testing::TempDir() + "mcusim_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  std::string command = std::string(MCUSIM_CLI) + " " + arguments + " >" + base + ".out 2>" + base + ".err </dev/null";
  int raw = std::system(command.c_str());
  CliResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(base + ".out");
  r.err = slurp(base + ".err");
  return r;
}

// "name value" lines, as the benchmark firmware prints its timings.
inline std::map<std::string, long> name_values(const std::string& text) {
  std::map<std::string, long> out;
  std::istringstream lines(text);
  std::string name;
  long value = 0;
  while (lines >> name >> value) out[name] = value;
  return out;
}

inline std::string firmware(const std::string& name) { return std::string(MCUSIM_FIRMWARE_DIR) + "/" + name + ".elf"; }

inline std::vector<char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string write_temp(const std::string& name, const std::vector<char>& bytes) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

}  // namespace mcusim::testing

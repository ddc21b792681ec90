#include "sim/nas/toolchain.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/board.h"
#include "sim/errors.h"
#include "sim/nas/content_hash.h"

extern char** environ;

namespace mcusim::nas {

namespace fs = std::filesystem;

namespace {

// Per core, as firmware.cmake's MCUSIM_CPU_FLAGS_<core>.
const std::map<CoreKind, std::vector<std::string>> kCoreFlags = {
    {CoreKind::CortexM4, {"-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"}},
    {CoreKind::CortexM7, {"-mcpu=cortex-m7", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv5-d16"}},
};
// Per board, as firmware.cmake's MCUSIM_BOARD_LD_<board>.
const std::map<std::string, std::string> kLinkerScripts = {
    {"mps2-an386", "mps2.ld"},         {"mps2-an500", "mps2.ld"}, {"stm32f746g-disco", "stm32f746g-disco.ld"},
    {"stm32h743", "stm32h743.ld"},     {"stm32f407", "stm32f407.ld"}, {"nrf52840", "nrf52840.ld"},
    {"stm32l4r5", "stm32l4r5.ld"},
};
// The model-independent sources, relative to firmware_samples/.
const char* const kCommonSources[] = {"common/startup.c",      "common/clock_setup.c",   "runtime/sample_main.c",
                                      "runtime/interpreter.c", "runtime/greedy_planner.c", "runtime/patch.c"};
const char* const kSourceDirs[] = {"nn", "runtime", "common", "include/mcusim", "common/ld"};

bool executable_on_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return access(name.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':'))
    if (!dir.empty() && access((dir + "/" + name).c_str(), X_OK) == 0) return true;
  return false;
}

std::string board_macro(const std::string& board) {
  std::string m = "-DMCUSIM_BOARD_";
  for (char c : board) m += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(c)) : '_';
  return m;
}

// Every file the common objects and the link depend on, for the cache key.
std::string sources_digest(const std::string& root) {
  std::vector<fs::path> files;
  for (const char* d : kSourceDirs)
    for (const auto& e : fs::directory_iterator(fs::path(root) / d))
      if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ContentHash h;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    h.add(f.lexically_relative(root).string()).add(text.str());
  }
  return h.hex();
}

}  // namespace

Toolchain resolve_toolchain(Toolchain t) {
  if (const char* gcc = std::getenv("MCUSIM_ARM_GCC"); gcc && t.gcc == "arm-none-eabi-gcc") t.gcc = gcc;
  if (t.sources.empty()) {
    const char* env = std::getenv("MCUSIM_FIRMWARE_SOURCES");
#ifdef MCUSIM_DEFAULT_FIRMWARE_SOURCES
    t.sources = env ? env : MCUSIM_DEFAULT_FIRMWARE_SOURCES;
#else
    t.sources = env ? env : "";
#endif
  }
  if (t.sources.empty() || !fs::is_directory(fs::path(t.sources) / "nn") || !fs::is_directory(fs::path(t.sources) / "runtime"))
    throw InputError(fmt::format("--firmware-sources: '{}' is not mcusim's firmware_samples directory (with nn/ and runtime/)",
                                 t.sources));
  if (!executable_on_path(t.gcc))
    throw InputError(fmt::format("cannot find the compiler '{}' (apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi, "
                                 "or set MCUSIM_ARM_GCC)", t.gcc));
  if (t.cache.empty()) throw InputError("--build-dir: no directory given");
  fs::create_directories(t.cache);
  return t;
}

std::vector<std::string> board_flags(const std::string& board) {
  if (!kLinkerScripts.count(board)) {
    // Not std::views::keys: clang 14 (the fuzz build) cannot use libstdc++ 12's ranges.
    std::vector<std::string> bundled;
    for (const auto& [name, script] : kLinkerScripts) bundled.push_back(name);
    throw InputError(fmt::format("--board: '{}' has no bundled linker script for candidate firmware (bundled: {})", board,
                                 fmt::join(bundled, ", ")));
  }
  std::vector<std::string> flags = kCoreFlags.at(load_board(board).core);
  for (const char* f : {"-O3", "-g", "-std=gnu11", "-Wall", "-Wextra", "-ffunction-sections", "-fdata-sections"})
    flags.push_back(f);
  flags.push_back(board_macro(board));
  return flags;
}

std::string board_linker_script(const std::string& board) {
  board_flags(board);  // the error for an unknown board
  return kLinkerScripts.at(board);
}

int run_tool(const std::vector<std::string>& argv, const std::string& log, double* cpu_seconds) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return -1;
  int status = 0;
  struct rusage usage {};
  while (wait4(pid, &status, 0, &usage) < 0)
    if (errno != EINTR) return -1;
  // Linux reports the child's own time plus that of the children it reaped
  // (gcc's driver reaps cc1, as and ld), so this is the whole compile.
  if (cpu_seconds)
    *cpu_seconds += static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                    static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<std::string> CommonObjects::for_board(const std::string& board) {
  std::lock_guard lock(mutex_);  // one board's objects at a time; later calls are a map lookup
  if (auto it = built_.find(board); it != built_.end()) return it->second;
  std::vector<std::string> flags = board_flags(board);
  ContentHash key;
  key.add(t_.gcc).add(sources_digest(t_.sources));
  for (const std::string& f : flags) key.add(f);
  const fs::path dir = fs::path(t_.cache) / fmt::format("common-{}-{}", board, key.hex());

  std::vector<fs::path> sources;
  for (const char* s : kCommonSources) sources.push_back(fs::path(t_.sources) / s);
  for (const auto& e : fs::directory_iterator(fs::path(t_.sources) / "nn"))
    if (e.path().extension() == ".c") sources.push_back(e.path());
  std::sort(sources.begin(), sources.end());
  std::vector<std::string> objects;
  for (const fs::path& s : sources) objects.push_back((dir / (s.stem().string() + ".o")).string());

  if (!fs::exists(dir)) {
    auto started = std::chrono::steady_clock::now();
    const fs::path tmp = fs::path(t_.cache) / fmt::format("{}.tmp{}", dir.filename().string(), getpid());
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    for (const fs::path& s : sources) {
      std::vector<std::string> argv = {t_.gcc};
      argv.insert(argv.end(), flags.begin(), flags.end());
      for (const char* inc : {"include", "common", "nn", "runtime"}) argv.push_back("-I" + (fs::path(t_.sources) / inc).string());
      argv.insert(argv.end(), {"-c", s.string(), "-o", (tmp / (s.stem().string() + ".o")).string()});
      if (run_tool(argv, (tmp / "compile.log").string(), &build_cpu_seconds_) != 0)
        throw InputError(fmt::format("compiling {} for {} failed (log: {})", s.string(), board, (tmp / "compile.log").string()));
    }
    std::error_code ec;
    fs::rename(tmp, dir, ec);  // another process may have won the race: its objects are the same
    if (ec) fs::remove_all(tmp);
    build_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  }
  return built_[board] = objects;
}

}  // namespace mcusim::nas

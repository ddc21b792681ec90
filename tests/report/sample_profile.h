// A small synthetic profile with round numbers for the report tests.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "profiler/profile.h"

namespace mcusim::testing {

// 100 MHz clock: 1,000,000 cycles = 10 ms; one cycle = 0.01 us.
// Self cycles: main 100k, conv2d 600k, dot 100k, dense 200k (sum = total).
// Layers: conv1 400k cycles / 100k MACs, conv2 300k / 150k, fc 200k / 50k.
// Memory: static 150,000 + stack 8 KiB + heap 4 KiB = 162,288 B peak SRAM of
// 320 KiB; flash 120,000 B of 1 MiB. Thread stacks: infer (TCB found,
// 512 B of 2 KiB in ucHeap), process_stack (an object: 1 KiB of 1 KiB).
inline Profile sample_profile() {
  Profile p;
  p.firmware = "build/firmware/person_detect.elf";
  p.board = "test-board";
  p.core = "cortex-m7";
  p.clock_hz = 100'000'000;
  p.timing = "fast";
  p.exit_code = 0;
  p.stop_reason = "exit";
  p.cycles = 1'000'000;
  p.instructions = 800'000;

  auto fn = [](std::string name, uint32_t addr, std::string file, uint32_t line, uint64_t calls, uint64_t self,
               uint64_t total) {
    FunctionProfile f;
    f.name = std::move(name);
    f.address = addr;
    f.file = std::move(file);
    f.line = line;
    f.calls = calls;
    f.self_cycles = self;
    f.total_cycles = total;
    f.self_instructions = self * 8 / 10;
    f.total_instructions = total * 8 / 10;
    return f;
  };
  p.functions = {fn("main", 0x100, "src/main.c", 10, 1, 100'000, 1'000'000),
                 fn("conv2d", 0x200, "src/conv.c", 42, 2, 600'000, 700'000),
                 fn("dot", 0x300, "", 0, 1000, 100'000, 100'000),
                 fn("dense", 0x400, "src/dense.c", 7, 1, 200'000, 200'000)};
  p.calls = {{0, 1, 2, 700'000, 560'000}, {1, 2, 1000, 100'000, 80'000}, {0, 3, 1, 200'000, 160'000}};
  p.folded_stacks = {{"main", 100'000}, {"main;conv2d", 600'000}, {"main;conv2d;dot", 100'000}, {"main;dense", 200'000}};

  auto layer = [](std::string name, uint64_t start, uint64_t end, uint64_t macs, uint32_t stack, uint64_t written) {
    LayerProfile l;
    l.name = std::move(name);
    l.start_cycle = start;
    l.end_cycle = end;
    l.cycles = end - start;
    l.instructions = l.cycles * 8 / 10;
    l.macs = macs;
    l.stack_peak_bytes = stack;
    l.sram_bytes_written = written;
    return l;
  };
  p.layers = {layer("conv1", 0, 400'000, 100'000, 2048, 32768), layer("conv2", 400'000, 700'000, 150'000, 8192, 16384),
              layer("fc", 700'000, 900'000, 50'000, 1024, 1000)};

  MemoryProfile& m = p.memory;
  m.flash_used = 120'000;
  m.flash_size = 1024 * 1024;
  m.static_sram = 150'000;
  m.stack_peak = 8192;
  m.stack_peak_function = "conv2d";
  m.heap_peak = 4096;
  m.sram_size = 320 * 1024;
  m.regions = {{"flash", "flash", 0x08000000, 1024 * 1024, 120'000, 0},
               {"sram", "sram", 0x20000000, 320 * 1024, 150'000, 60'000}};
  m.largest_symbols = {{"tensor_arena", "sram", 0x20000000, 100'000, false},
                       {"conv2d", "flash", 0x08000200, 4096, true}};
  // An RTOS task found from its TCB (its stack a heap block in ucHeap) and
  // a stack known only as a data object.
  m.thread_stacks = {{"infer", "ucHeap", 0x20001808, 0x20001008, 2048, 512, 0xa5a5a5a5u, 600'000, 40},
                     {"process_stack", "process_stack", 0, 0x20003000, 1024, 1024, 0, 1'000, 2}};
  m.timeline = {{0, "conv1", 1024, 0}, {400'000, "conv2", 8192, 4096}, {700'000, "fc", 1024, 4096}, {900'000, "", 512, 4096}};

  constexpr auto kLayer = SpanCategory::Layer, kFunction = SpanCategory::Function;
  p.add_span("conv1", kLayer, 0, 400'000, 0);
  p.add_span("main", kFunction, 0, 1'000'000, 0);
  p.add_span("conv2d", kFunction, 0, 350'000, 1);
  p.add_span("conv2", kLayer, 400'000, 700'000, 0);
  p.add_span("conv2d", kFunction, 400'000, 750'000, 1);
  p.add_span("fc", kLayer, 700'000, 900'000, 0);
  p.add_span("dense", kFunction, 750'000, 950'000, 1);
  p.caches = {{"icache", 900, 100}};
  return p;
}

// A fresh, empty directory under the system temp directory.
inline std::filesystem::path fresh_temp_dir(const std::string& tag) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("mcusim-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace mcusim::testing

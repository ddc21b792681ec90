// Google Benchmark harness (docs/speed.md): whole workloads in every timing
// mode, with and without profiling and alignment checks, beside the bare
// engine (Unicorn alone), plus microbenchmarks of the hot pieces. Counters:
// MIPS (simulated instructions per process CPU second of the run), cycles,
// and for Unicorn alone the fraction of its speed mcusim reaches is
// computed by scripts/compare_benchmarks.py --limit.
//   build/mcusim_benchmarks --benchmark_repetitions=3 --benchmark_out=now.json
//   scripts/compare_benchmarks.py before.json now.json   (exit 1 on a regression)
#include <benchmark/benchmark.h>

#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "profiler/call_attribution.h"
#include "scripts/bench/unicorn_alone.h"
#include "sim/alignment.h"
#include "sim/board.h"
#include "sim/disassembler.h"
#include "sim/elf_image.h"
#include "sim/simulator.h"
#include "sim/timing/cache_model.h"

namespace mcusim {
namespace {

struct Workload {
  const char* name;   // the workload class
  const char* elf;    // under MCUSIM_BENCH_FIRMWARE_DIR
  const char* board;
  const char* rounds;
};

// One of each class; rounds sized for 10-50 M instructions, and for at least
// 80 ms per run in every mode on the project's machine (a shorter run's CPU
// time is mostly noise: control at 40 rounds took 17 ms on the bare engine).
const Workload kWorkloads[] = {
    {"int8_mixed", "bench_realistic_m4.elf", "mps2-an386", "8"},   // int8 conv + requantise, CRC32, qsort
    {"fp32_conv", "bench_fp32conv_m4.elf", "mps2-an386", "20"},    // VLDR/VFMA loops, computed addresses
    {"stores_calls", "bench_stores_m4.elf", "mps2-an386", "300"},  // store loops, call/push/pop
    {"control", "bench_control_m4.elf", "mps2-an386", "300"},      // list find/reverse/sort, state machine
    {"int8_mixed_m7", "bench_realistic_m7.elf", "mps2-an500", "8"},
    {"fp32_conv_m7", "bench_fp32conv_m7.elf", "mps2-an500", "20"},
};

struct Mode {
  const char* name;
  const char* timing;
  bool profile;
  bool alignment_checks;
};
const Mode kModes[] = {
    {"count", "instructions", false, true},
    {"fast", "fast", false, true},
    {"fast_no_alignment_checks", "fast", false, false},
    {"profile", "fast", true, true},
    {"accurate", "accurate", false, true},
};

// Process CPU time: the machine may be shared, wall time would count waits.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::string firmware(const char* elf) { return std::string(MCUSIM_BENCH_FIRMWARE_DIR) + "/" + elf; }

void run_mcusim(benchmark::State& state, const Workload& w, const Mode& m) {
  RunOptions options;
  options.timing = m.timing;
  options.profile = m.profile;
  options.alignment_checks = m.alignment_checks;
  options.firmware_args = {w.rounds};
  std::FILE* devnull = std::fopen("/dev/null", "w");
  options.firmware_out = devnull;
  options.messages = devnull;
  uint64_t instructions = 0, cycles = 0;
  double seconds = 0;
  for (auto _ : state) {
    Simulator sim(load_board(w.board), ElfImage::load(firmware(w.elf)), options);
    double start = cpu_seconds();
    RunResult r = sim.run();
    r.host_seconds = cpu_seconds() - start;
    if (r.reason != StopReason::Exited || r.firmware_exit_code != 0) {
      state.SkipWithError(("the workload did not exit cleanly: " + r.message).c_str());
      break;
    }
    state.SetIterationTime(r.host_seconds);
    instructions += r.instructions, cycles = r.cycles, seconds += r.host_seconds;
  }
  std::fclose(devnull);
  state.counters["MIPS"] = seconds > 0 ? static_cast<double>(instructions) / seconds / 1e6 : 0;
  state.counters["cycles"] = static_cast<double>(cycles);
  state.counters["instructions"] = static_cast<double>(instructions) / static_cast<double>(std::max<int64_t>(1, state.iterations()));
}

// Instructions of a workload (deterministic), for Unicorn alone's MIPS.
uint64_t count_instructions(const Workload& w) {
  RunOptions options;
  options.timing = "instructions";
  options.firmware_args = {w.rounds};
  std::FILE* devnull = std::fopen("/dev/null", "w");
  options.firmware_out = devnull;
  Simulator sim(load_board(w.board), ElfImage::load(firmware(w.elf)), options);
  uint64_t n = sim.run().instructions;
  std::fclose(devnull);
  return n;
}

void run_alone(benchmark::State& state, const Workload& w, bool empty_block_hook) {
  uint64_t instructions = count_instructions(w);
  Board board = load_board(w.board);
  double seconds = 0;
  for (auto _ : state) {
    UnicornAloneResult r = run_unicorn_alone(board, firmware(w.elf), {w.rounds}, empty_block_hook);
    if (empty_block_hook) state.counters["blocks"] = static_cast<double>(r.blocks);
    if (!r.exited || r.exit_code != 0) {
      state.SkipWithError("the workload did not exit cleanly on the bare engine");
      break;
    }
    state.SetIterationTime(r.host_seconds);
    seconds += r.host_seconds;
  }
  state.counters["MIPS"] = seconds > 0 ? static_cast<double>(instructions) * static_cast<double>(state.iterations()) / seconds / 1e6 : 0;
}

// ---------------------------------------------------------------- hot pieces

// First sight of a block: decode and alignment planning over real code.
void BM_FirstSightDecodeAndPlan(benchmark::State& state) {
  ElfImage image = ElfImage::load(firmware("bench_fp32conv_m4.elf"));
  std::vector<uint8_t> code(4096);
  image.read_loaded(0x200, code.data(), code.size());
  Disassembler d;
  auto no_literal = [](uint32_t) { return std::optional<uint32_t>(0x20000000u); };
  size_t blocks = 0;
  for (auto _ : state) {
    for (uint32_t at = 0; at + 32 <= code.size(); at += 32) {
      auto insns = d.decode(0x200 + at, code.data() + at, 32);
      benchmark::DoNotOptimize(plan_alignment_checks(insns, false, no_literal));
      ++blocks;
    }
  }
  state.counters["blocks_per_s"] = benchmark::Counter(static_cast<double>(blocks), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FirstSightDecodeAndPlan);

// The data cache model: one lookup per access (M7 16 KiB 4-way, 32-byte lines).
void BM_CacheModelLookup(benchmark::State& state) {
  SetAssociativeCache cache(16 * 1024, 4, 32);
  uint32_t address = 0x20000000;
  for (auto _ : state) {
    benchmark::DoNotOptimize(cache.access(address));
    address = 0x20000000 + ((address * 2654435761u + 4) & 0x7FFC);  // 32 KiB working set: hits and misses
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CacheModelLookup);

// The shadow call stack: a call block, the callee's block, its return.
void BM_ShadowCallStack(benchmark::State& state) {
  CallAttribution calls({"[unknown]", "caller", "callee"}, {0, 0x100, 0x200});
  uint64_t now = 0;
  for (auto _ : state) {
    calls.on_block(0x100, 1, false, BlockExit::Call, 0x108, now, 4, 4, 0x20001000, [] { return 0x20001000u; });
    calls.on_block(0x200, 2, true, BlockExit::Return, 0x210, now + 4, 6, 6, 0x20000ff8, [] { return 0x20000ff8u; });
    now += 10;
  }
  state.SetItemsProcessed(state.iterations() * 2);
}
BENCHMARK(BM_ShadowCallStack);

// The per-block hook's cost: counting mode against the bare engine on short
// blocks, per block (blocks counted by a profiling run).
void BM_BlockHookPerBlock(benchmark::State& state) {
  const Workload& w = kWorkloads[3];
  RunOptions options;
  options.timing = "fast";
  options.profile = true;
  options.firmware_args = {w.rounds};
  std::FILE* devnull = std::fopen("/dev/null", "w");
  options.firmware_out = devnull;
  uint64_t blocks = 0;
  {
    Simulator sim(load_board(w.board), ElfImage::load(firmware(w.elf)), options);
    sim.run();
    for (const BlockInfo& b : sim.blocks()) blocks += b.executions;
  }
  options.profile = false;
  options.timing = "instructions";
  Board board = load_board(w.board);
  double extra = 0;
  for (auto _ : state) {
    Simulator sim(load_board(w.board), ElfImage::load(firmware(w.elf)), options);
    double start = cpu_seconds();
    sim.run();
    double with_hook = cpu_seconds() - start;
    double bare = run_unicorn_alone(board, firmware(w.elf), {w.rounds}).host_seconds;
    state.SetIterationTime(with_hook);
    extra += with_hook - bare;
  }
  std::fclose(devnull);
  state.counters["blocks"] = static_cast<double>(blocks);
  state.counters["hook_ns_per_block"] = extra * 1e9 / static_cast<double>(blocks) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_BlockHookPerBlock)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(1);

void register_workloads() {
  for (const Workload& w : kWorkloads) {
    for (const Mode& m : kModes)
      benchmark::RegisterBenchmark((std::string("workload/") + w.name + "/" + m.name).c_str(),
                                   [&w, &m](benchmark::State& s) { run_mcusim(s, w, m); })
          ->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(1);
    benchmark::RegisterBenchmark((std::string("workload/") + w.name + "/unicorn_alone").c_str(),
                                 [&w](benchmark::State& s) { run_alone(s, w, false); })
        ->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(1);
    // The ceiling of a block-hook design: Unicorn alone plus a hook that does nothing.
    benchmark::RegisterBenchmark((std::string("workload/") + w.name + "/unicorn_empty_block_hook").c_str(),
                                 [&w](benchmark::State& s) { run_alone(s, w, true); })
        ->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(1);
  }
}

}  // namespace
}  // namespace mcusim

int main(int argc, char** argv) {
  mcusim::register_workloads();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// What the simulator and the profiler exchange: the run's profiling options
// and the per-block facts the profiler computes once, at a block's first
// sight, for the hot path to hand back on every execution.
//
// Plain data with no sim/ includes, so the simulator's header can hold these
// by value without pulling in the profiler (and the profiler's view of the
// board, ELF and memory) — the profiler stays an observer the simulator owns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace mcusim {

struct ProfileOptions {
  std::string layers = "auto";  // auto, markers, none, or a preset name (layer_presets.h)
  std::string layer_functions;  // regex: each call of a matching function is a layer
  std::string layer_map;        // file: "NAME SYMBOL" or "NAME 0xSTART-0xEND" per line
  std::string layer_caller;     // function: each call it makes (at its own depth) is a layer
  std::string arena;            // SYMBOL or ADDR:SIZE; "": a tensor_arena-like symbol if there is one
  size_t max_function_spans = 200000;
  uint32_t max_span_depth = 12;
};

// How a block ends, as far as the shadow call stack cares.
enum class BlockExit : uint8_t { Other, Call, Return };

// Per block, what profiling needs; computed once at first sight.
struct BlockProfileInfo {
  uint32_t function = 0;
  bool function_entry = false;
  BlockExit exit = BlockExit::Other;
  int32_t layer_range = -1;  // index into the layer map's address ranges
  uint8_t layer_role = 0;    // RunProfiler::kLayer* bits of the block's function
};

}  // namespace mcusim

// Everything a profiled run measures, behind concrete (non-virtual) calls
// from the simulator's profiling block hook: function attribution, layers
// (ITM markers, --layer-functions, a layer map) and memory.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "profiler/call_attribution.h"
#include "profiler/memory_tracker.h"
#include "profiler/profile.h"
#include "sim/board.h"
#include "sim/elf_image.h"
#include "sim/memory_map.h"
#include "sim/symbolizer.h"

namespace mcusim {

struct ProfileOptions {
  std::string layer_functions;  // regex: each call of a matching function is a layer
  std::string layer_map;        // file: "NAME SYMBOL" or "NAME 0xSTART-0xEND" per line
  size_t max_function_spans = 200000;
  uint32_t max_span_depth = 12;
};

// Per block, what profiling needs; computed once at first sight.
struct BlockProfileInfo {
  uint32_t function = 0;
  bool function_entry = false;
  BlockExit exit = BlockExit::Other;
  int32_t layer_range = -1;  // index into the layer map's address ranges
  bool layer_function = false;
};

class RunProfiler {
 public:
  RunProfiler(const Board& board, const ElfImage& image, const Symbolizer& symbols, MemoryMap& memory,
              ProfileOptions options, const MemoryLayout& layout);

  BlockProfileInfo describe_block(uint32_t address, bool ends_in_call, bool ends_in_return) const;
  void before_run();

  template <typename ReadSp>
  void on_block(const BlockProfileInfo& b, uint32_t address, uint32_t fallthrough, uint64_t now, uint64_t cycles,
                uint64_t instructions, uint32_t sp_hint, ReadSp&& read_sp) {
    size_t depth_before = depth();
    attribution_.on_block(address, b.function, b.function_entry, b.exit, fallthrough, now, cycles, instructions, sp_hint,
                          read_sp);
    if (b.layer_range != current_range_) [[unlikely]] switch_range_layer(b.layer_range, now);
    if (function_layer_depth_ && depth() < function_layer_depth_) [[unlikely]] end_layer(now, read_sp());
    if (b.layer_function && b.function_entry && depth() > depth_before && !function_layer_depth_) [[unlikely]] {
      begin_layer(attribution_.names()[b.function], 0, now, read_sp());
      function_layer_depth_ = depth();
    }
    instructions_ += instructions;
  }
  // Memory stall cycles of the block that just ran (accurate timing): they
  // become known after on_block and belong to the same function.
  void add_stall(uint64_t cycles) {
    attribution_.add_self_cycles(cycles);
  }
  void on_exception_entry(uint32_t handler_address, uint32_t return_address, uint64_t now);
  void on_exception_return(uint64_t now) { attribution_.on_exception_return(now); }
  void on_itm(uint32_t port, uint32_t value, uint64_t now, uint32_t sp);
  void note_sp(uint32_t sp);  // from the simulator's SP checks: deepest point and its function

  Profile finish(uint64_t cycles, uint64_t instructions, uint32_t sp);

 private:
  size_t depth() const { return attribution_.depth(); }
  void begin_layer(const std::string& name, uint64_t macs, uint64_t now, uint32_t sp);
  void end_layer(uint64_t now, uint32_t sp);
  void switch_range_layer(int32_t range, uint64_t now);
  void sample_memory(uint64_t now, const std::string& label, uint32_t sp);
  void load_layer_map(const std::string& path);

  const Board& board_;
  const ElfImage& image_;
  const Symbolizer& symbols_;
  MemoryMap& memory_;
  ProfileOptions options_;
  MemoryLayout layout_;
  uint32_t stack_top_;
  MemoryTracker memory_tracker_;
  CallAttribution attribution_;
  std::vector<uint32_t> function_ids_;  // per symbolizer function index: attribution id
  std::optional<std::regex> layer_regex_;
  std::vector<bool> layer_function_;    // per attribution id
  struct Range { std::string name; uint32_t begin, end; };
  std::vector<Range> ranges_;
  std::vector<std::pair<std::string, std::string>> symbol_layers_;  // layer name, symbol
  int32_t current_range_ = -1;
  size_t function_layer_depth_ = 0;

  struct OpenLayer {
    LayerProfile layer;
    uint64_t start_instructions;
  };
  std::optional<OpenLayer> open_;
  uint64_t pending_macs_ = 0;
  std::vector<LayerProfile> layers_;
  static constexpr size_t kMaxLayers = 100'000;  // recorded layers (each also a span and two memory samples)
  std::vector<MemorySample> timeline_;
  uint64_t stack_peak_ = 0;
  uint64_t heap_peak_ = 0;
  uint32_t lowest_sp_ = 0xFFFFFFFFu;
  uint32_t layer_lowest_sp_ = 0xFFFFFFFFu;  // since the open layer began
  uint32_t lowest_sp_function_ = 0;
  uint64_t instructions_ = 0;
  std::vector<Span> spans_;
};

}  // namespace mcusim

// Everything a profiled run measures, behind concrete (non-virtual) calls
// from the simulator's profiling block hook: function attribution, layers
// (ITM markers, framework presets, --layer-caller, --layer-functions, a
// layer map) and memory.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "profiler/arena_access_watch.h"
#include "profiler/arena_tracker.h"
#include "profiler/thread_stacks.h"
#include "profiler/call_attribution.h"
#include "profiler/layer_presets.h"
#include "profiler/memory_tracker.h"
#include "profiler/observer_types.h"
#include "profiler/profile.h"
#include "sim/board.h"
#include "sim/cpu.h"
#include "sim/elf_image.h"
#include "sim/memory_map.h"
#include "sim/symbolizer.h"

namespace mcusim {

class RunProfiler {
 public:
  RunProfiler(const Board& board, const ElfImage& image, const Symbolizer& symbols, MemoryMap& memory,
              ProfileOptions options, const MemoryLayout& layout);

  BlockProfileInfo describe_block(uint32_t address, bool ends_in_call, bool ends_in_return) const;
  // With an arena and layers to measure: memory hooks on the arena's range,
  // for the bytes each layer reads and writes (arena_access_watch.h). Before
  // the run (hooks added later miss translated code).
  void watch_memory(Cpu& cpu);
  void before_run();

  // Inlined into the simulator's full hook (out of line, it cost a call and
  // saved registers on every call and return of the firmware).
  template <typename ReadSp>
  [[gnu::always_inline]] void on_block(const BlockProfileInfo& b, uint32_t address, uint32_t fallthrough, uint64_t now, uint64_t cycles,
                uint64_t instructions, uint32_t sp_hint, ReadSp&& read_sp) {
    size_t depth_before = depth();
    attribution_.on_block(address, b.function, b.function_entry, b.exit, fallthrough, now, cycles, instructions, sp_hint,
                          read_sp);
    if (b.layer_range != current_range_) [[unlikely]] switch_range_layer(b.layer_range, now);
    if (function_layer_depth_ && depth() < function_layer_depth_) [[unlikely]] end_layer(now, read_sp());
    if (b.layer_role && b.function_entry && depth() > depth_before && !function_layer_depth_) [[unlikely]]
      on_function_entered(b.function, b.layer_role, now, read_sp());
    instructions_ += instructions;
  }
  // A block for which on_block would only add its cost and note how it
  // ends: nothing to settle on the call stack, no layer begins or ends
  // (the simulator's lean hook takes these without the full path).
  bool quiet(const BlockProfileInfo& b) const {
    return attribution_.quiet(b.function, b.function_entry) && b.layer_range == current_range_ &&
           !(function_layer_depth_ && depth() < function_layer_depth_);
  }
  // on_block for a quiet block (the layer tests of on_block cannot fire).
  void on_quiet_block(const BlockProfileInfo& b, uint32_t fallthrough, uint64_t cycles, uint64_t instructions) {
    attribution_.on_settled_block(b.exit, fallthrough, cycles, instructions);
    instructions_ += instructions;
  }

  // Roles of a function in finding layers (bits of BlockProfileInfo::layer_role).
  static constexpr uint8_t kLayerFunction = 1;  // each outermost call of it is a layer
  static constexpr uint8_t kLayerCallee = 2;    // a call of it from a dispatcher is a layer
  static constexpr uint8_t kLayerCaller = 4;    // a dispatcher: its calls are layers
  static constexpr uint8_t kPaintArena = 8;     // main: start-up code is done, paint the arena
  // Memory stall cycles of the block that just ran (accurate timing): they
  // become known after on_block and belong to the same function.
  void add_stall(uint64_t cycles) {
    attribution_.add_self_cycles(cycles);
  }
  // `thread_sp`: the thread's stack pointer when the exception interrupts
  // thread mode, or when its return resumes it; else CallAttribution::kNoThread.
  void on_exception_entry(uint32_t handler_address, uint32_t return_address, uint64_t now, uint32_t thread_sp);
  void on_exception_return(uint64_t now, uint32_t thread_sp) {
    attribution_.on_exception_return(now, thread_sp);
    if (thread_sp != CallAttribution::kNoThread) thread_stacks_.on_thread_sp(thread_sp, now);
  }
  // Thread mode wrote PSP or CONTROL (MSR) and now runs on `sp`, the PSP
  // when `on_psp`, else the MSP (`msp`): the start of a thread entered by a
  // jump, or code moving between stacks (docs/profiling.md, "RTOS firmware").
  void on_thread_stack_selected(bool on_psp, uint32_t sp, uint32_t msp, uint64_t now) {
    attribution_.thread_stack_selected(on_psp, msp);
    thread_stacks_.on_stack_selected(sp, on_psp, now);
  }
  void on_itm(uint32_t port, uint32_t value, uint64_t now, uint32_t sp);
  // From the simulator's SP checks (after every SP-writing block of a
  // profiled run, so inline): the deepest point and its function. The main
  // stack only: an RTOS thread's stack pointer (the PSP, in a task stack
  // array below the stack limit) is measured by thread_stacks_.
  void note_sp(uint32_t sp) {
    if (sp - stack_limit_ > stack_top_ - stack_limit_) return;
    layer_lowest_sp_ = std::min(layer_lowest_sp_, sp);
    if (sp < lowest_sp_) [[unlikely]] {
      lowest_sp_ = sp;
      lowest_sp_function_ = attribution_.current_function();
    }
  }

  Profile finish(uint64_t cycles, uint64_t instructions, uint32_t sp);

 private:
  size_t depth() const { return attribution_.depth(); }
  void choose_layer_rules();
  void apply_preset(const LayerPreset& preset);
  void on_function_entered(uint32_t function, uint8_t role, uint64_t now, uint32_t sp);
  bool called_through_pointer(uint32_t return_address) const;
  LayerProfile function_layer(uint32_t function, int32_t index) const;
  void drop_function_layers(const std::string& reason);
  void warn(std::string message) { warnings_.push_back(std::move(message)); }
  void begin_layer(LayerProfile layer, uint64_t now, uint32_t sp);
  void end_layer(uint64_t now, uint32_t sp);
  void add_layer_spans(Profile& p) const;
  void switch_range_layer(int32_t range, uint64_t now);
  void sample_memory(uint64_t now, const std::string& label, uint32_t sp);
  void load_layer_map(const std::string& path);
  static void on_arena_read(uc_struct*, int, uint64_t address, int size, int64_t, void* self);
  static void on_arena_write(uc_struct*, int, uint64_t address, int size, int64_t, void* self);

  const Board& board_;
  const ElfImage& image_;
  const Symbolizer& symbols_;
  MemoryMap& memory_;
  ProfileOptions options_;
  MemoryLayout layout_;
  uint32_t stack_top_;
  uint32_t stack_limit_;  // the main stack is [stack_limit_, stack_top_]
  MemoryTracker memory_tracker_;
  ThreadStacks thread_stacks_;
  std::optional<ArenaTracker> arena_;
  std::optional<ArenaAccessWatch> arena_watch_;
  uint64_t arena_high_water_ = 0;  // by the end of the last layer (it never goes down)
  CallAttribution attribution_;
  std::vector<uint32_t> function_ids_;  // per symbolizer function index: attribution id
  std::vector<std::string> short_names_;  // per attribution id: demangled, without parameters
  std::vector<std::string> mangled_;      // per attribution id: the ELF symbol
  std::vector<bool> ambiguous_;           // per attribution id: another function has the same short name
  std::vector<uint8_t> layer_role_;       // per attribution id: kLayer* bits
  bool indirect_calls_only_ = false;
  bool function_layers_on_ = true;        // off once ITM markers take over from a recognised preset
  bool markers_on_ = true;                // --layers none ignores markers too
  bool auto_preset_ = false;              // the preset was recognised, not asked for
  const LayerPreset* preset_ = nullptr;   // the preset in use, if any
  int32_t call_index_ = 0;                // layer calls since the dispatcher was entered
  std::string layer_source_, layer_source_reason_;
  std::vector<std::string> warnings_;
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
};

}  // namespace mcusim

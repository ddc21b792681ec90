// What a profiled run measured: the data every report writer reads.
//
// Filled by the simulator's profiling observers (attribution, layers, memory)
// and by `mcusim check`/`diff` from JSON; writers never see the simulator.
// Cycles are modelled cycles (instruction counts while no cycle model is on,
// see `cycle_model`).
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace mcusim {

struct FunctionProfile {
  std::string name;         // symbol (C++ demangled), or "0x0000abcd" for code without one
  std::string mangled;      // the symbol as in the ELF when it differs from `name`
  uint32_t address = 0;
  std::string file;         // source file of the function's first line, "" if unknown
  uint32_t line = 0;
  uint64_t calls = 0;
  uint64_t self_cycles = 0, total_cycles = 0;  // total: including callees, once per recursion
  uint64_t self_instructions = 0, total_instructions = 0;
};

// caller -> callee, for callgrind's calls= lines and call graphs.
struct CallEdge {
  uint32_t caller = 0, callee = 0;  // indexes into Profile::functions
  uint64_t calls = 0;
  uint64_t inclusive_cycles = 0, inclusive_instructions = 0;
};

struct LayerProfile {
  std::string name;
  // For layers that are function calls (presets, --layer-caller,
  // --layer-functions): the function called, demangled without parameters,
  // its ELF symbol when that differs, its address and source file, and the
  // call's position among the dispatcher's layer calls (-1: not from a dispatcher).
  std::string function, mangled, file;
  uint32_t address = 0;
  int32_t index = -1;
  uint64_t start_cycle = 0, end_cycle = 0;
  uint64_t cycles = 0, instructions = 0;
  uint64_t macs = 0;                    // 0: unknown
  uint32_t stack_peak_bytes = 0;        // deepest stack use during the layer (bytes below the initial SP)
  uint64_t sram_bytes_written = 0;      // distinct SRAM bytes changed during the layer (snapshot diff)
  // The activation arena during this layer (0 without an arena): distinct
  // bytes it read, wrote, and either (its working set: input and output
  // tensors, scratch), the offsets from the arena's base of the lowest
  // touched byte and the highest + 1 (0, 0: none). Then, cumulative (the
  // arena the network needed up to and including this layer): bytes that
  // had lost the paint by the layer's end, and the high-water mark.
  uint64_t arena_read_bytes = 0, arena_written_bytes = 0, arena_touched_bytes = 0;
  uint32_t arena_touched_low = 0, arena_touched_high = 0;
  uint64_t arena_used_bytes = 0, arena_high_water_bytes = 0;
  // From the model (tflm preset with a TF-Lite model in the ELF): the
  // operator's type ("CONV_2D") and its first output's shape; "" / empty: unknown.
  std::string operator_type;
  std::vector<int32_t> output_shape;
  double cycles_per_mac() const { return macs ? static_cast<double>(cycles) / static_cast<double>(macs) : 0.0; }
};

struct RegionUsage {
  std::string name;
  std::string kind;   // flash, sram, tcm
  uint32_t base = 0, size = 0;
  uint64_t static_bytes = 0;   // from the ELF: code, rodata, data initialisers (Flash); data+bss (RAM)
  uint64_t written_bytes = 0;  // bytes ever changed during the run (RAM regions)
};

struct SymbolSize {
  std::string name;
  std::string region;
  uint32_t address = 0, size = 0;
  bool is_function = false;
};

// Live memory at a point in the run (layer boundaries), for the timeline.
struct MemorySample {
  uint64_t cycle = 0;
  std::string label;          // layer name at that point, "" outside layers
  uint64_t stack_bytes = 0;   // current stack depth
  uint64_t heap_bytes = 0;    // program break - heap base
};

// The activation arena (profiler/arena_tracker.h); size 0: none found.
struct ArenaUsage {
  std::string name;
  uint32_t base = 0, size = 0;
  uint64_t used_bytes = 0;        // bytes that lost the paint during the run
  uint64_t high_water_bytes = 0;  // highest used offset + 1
};

// One RTOS thread's stack (profiler/thread_stacks.h): a FreeRTOS task's
// stack found from its TCB, else the data object its stack pointer pointed
// into; and how much of it the thread used.
struct ThreadStackUse {
  std::string name;        // the task's name (pcTaskName) when its TCB was found, else the object's
  std::string object;      // the ELF data object holding the stack (ucHeap for a heap block)
  uint32_t tcb = 0;        // the task's TCB address; 0: no TCB found (the row is the whole object)
  uint32_t base = 0, size = 0;
  uint64_t peak_bytes = 0;  // from the stack's end down to the lowest word that lost the fill
  uint32_t fill = 0;        // the value unused words held (the object's lowest word at the end)
  uint64_t cycles = 0;      // cycles from each switch to the thread until the next switch away
  uint64_t runs = 0;        // times the thread was switched to
};

struct MemoryProfile {
  uint64_t flash_used = 0;     // text + rodata + data initialisers
  uint64_t static_sram = 0;    // data + bss in RAM regions
  uint64_t stack_peak = 0;     // bytes, deepest point (stack painting)
  std::string stack_peak_function;
  uint64_t heap_peak = 0;      // bytes above the heap base at most
  // How each peak was found; starts with "estimate:" when it may be off
  // (docs/report-format.md).
  std::string stack_peak_method, heap_peak_method;
  uint64_t peak_sram() const { return static_sram + stack_peak + heap_peak; }
  uint64_t flash_size = 0, sram_size = 0;  // board capacity for flash and RAM
  std::vector<RegionUsage> regions;
  std::vector<SymbolSize> largest_symbols;  // descending size
  std::vector<MemorySample> timeline;
  ArenaUsage arena;
  std::vector<ThreadStackUse> thread_stacks;  // RTOS threads' stacks, in the order they first ran
};

// A span for trace viewers: a layer or a function call, in cycles.
// Fixed size, the name by id (Profile::span_names): a call-heavy run records
// 200,000 spans, and a string per span cost more to build at the end of the
// run than the profiling hook over the whole run (docs/speed.md).
enum class SpanCategory : uint8_t { Layer, Function };
// "layer", "function": the category's name in reports.
inline std::string_view span_category_name(SpanCategory c) { return c == SpanCategory::Layer ? "layer" : "function"; }

struct Span {
  uint64_t start_cycle = 0, end_cycle = 0;
  uint32_t name = 0;  // index into Profile::span_names
  uint32_t depth = 0;
  SpanCategory category = SpanCategory::Function;
};

// Ids into a profile's span_names for adding many spans: each distinct name
// is stored once, found by a hash lookup (names already in the table before
// the index was made are not looked up).
class SpanNameIndex {
 public:
  explicit SpanNameIndex(std::vector<std::string>& names) : names_(names) {}
  uint32_t id(const std::string& name) {
    auto [it, added] = ids_.try_emplace(name, static_cast<uint32_t>(names_.size()));
    if (added) names_.push_back(name);
    return it->second;
  }

 private:
  std::vector<std::string>& names_;
  std::unordered_map<std::string, uint32_t> ids_;
};

struct CacheStats {
  std::string name;  // "icache", "dcache", "art"
  uint64_t hits = 0, misses = 0;
};

struct Profile {
  static constexpr int kSchemaVersion = 1;
  std::string firmware;     // ELF path
  std::string board;
  std::string core;         // cortex-m4 / cortex-m7
  uint64_t clock_hz = 0;
  std::string timing;       // "instructions" (1 cycle each), "fast", "accurate"
  int exit_code = 0;
  std::string stop_reason;  // "exit", "fault", "limit", ...
  uint64_t cycles = 0, instructions = 0;
  // Cycles at the clocks in force when they ran (the firmware may switch the
  // clock after reset); 0 when not known: then cycles at clock_hz.
  double simulated_seconds = 0;
  double seconds() const {
    if (simulated_seconds > 0) return simulated_seconds;
    return clock_hz ? static_cast<double>(cycles) / static_cast<double>(clock_hz) : 0.0;
  }
  std::vector<FunctionProfile> functions;
  std::vector<CallEdge> calls;
  std::map<std::string, uint64_t> folded_stacks;  // "main;conv;dot" -> self cycles
  std::vector<LayerProfile> layers;
  // How the layers were found: "markers", "none", "options" or a preset
  // name (layer_presets.h), and why that one.
  std::string layer_source, layer_source_reason;
  // The TF-Lite model the layers' operator facts come from; "" when none.
  std::string model_symbol;
  std::vector<std::string> warnings;  // for the user: e.g. a layer option that matched nothing
  MemoryProfile memory;
  // Layers and (when recorded) function calls, in start order; their names
  // are span_names[span.name] (names may be there that no span uses).
  std::vector<Span> spans;
  std::vector<std::string> span_names;
  const std::string& span_name(const Span& s) const { return span_names[s.name]; }
  // Appends a span, its name looked up in span_names by a linear search:
  // for few distinct names (tests, hand-built profiles), not for a run's calls.
  void add_span(std::string_view name, SpanCategory category, uint64_t start_cycle, uint64_t end_cycle, uint32_t depth) {
    auto it = std::find(span_names.begin(), span_names.end(), name);
    uint32_t id = static_cast<uint32_t>(it - span_names.begin());
    if (it == span_names.end()) span_names.emplace_back(name);
    spans.push_back(Span{start_cycle, end_cycle, id, depth, category});
  }
  std::vector<CacheStats> caches;
};

}  // namespace mcusim

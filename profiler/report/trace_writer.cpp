#include "profiler/report/trace_writer.h"

#include <algorithm>
#include <map>
#include <vector>

#include "profiler/report/output_file.h"

namespace mcusim {

using nlohmann::json;

namespace {

constexpr int kPid = 1;
constexpr int kLayerTid = 1;
constexpr int kFunctionTid = 2;

json metadata(const char* what, int tid, json args) {
  json e = {{"name", what}, {"ph", "M"}, {"pid", kPid}, {"args", std::move(args)}};
  if (tid) e["tid"] = tid;
  return e;
}

}  // namespace

json to_trace_json(const Profile& p) {
  // Microseconds of simulated time per cycle.
  const double us_per_cycle = p.clock_hz ? 1e6 / static_cast<double>(p.clock_hz) : 1.0;
  auto us = [&](uint64_t cycle) { return static_cast<double>(cycle) * us_per_cycle; };

  json events = json::array();
  std::string process = "mcusim";
  if (!p.board.empty()) process += ": " + p.board;
  if (!p.firmware.empty()) process += " " + p.firmware;
  events.push_back(metadata("process_name", 0, {{"name", process}}));
  events.push_back(metadata("thread_name", kLayerTid, {{"name", "layers"}}));
  events.push_back(metadata("thread_sort_index", kLayerTid, {{"sort_index", 0}}));
  events.push_back(metadata("thread_name", kFunctionTid, {{"name", "functions"}}));
  events.push_back(metadata("thread_sort_index", kFunctionTid, {{"sort_index", 1}}));

  // Layer spans get their profile figures as args (matched by name and start).
  std::map<std::pair<std::string, uint64_t>, const LayerProfile*> layers;
  for (const auto& l : p.layers) layers[{l.name, l.start_cycle}] = &l;

  // Parents before children: by start, then longest first (trace viewers
  // nest complete events in the order they appear).
  std::vector<const Span*> spans;
  for (const auto& s : p.spans) spans.push_back(&s);
  std::stable_sort(spans.begin(), spans.end(), [](const Span* a, const Span* b) {
    if (a->start_cycle != b->start_cycle) return a->start_cycle < b->start_cycle;
    return a->end_cycle > b->end_cycle;
  });
  for (const Span* span : spans) {
    const Span& s = *span;
    bool is_layer = s.category == SpanCategory::Layer;
    uint64_t end = std::max(s.end_cycle, s.start_cycle);
    json args = {{"start_cycle", s.start_cycle}, {"cycles", end - s.start_cycle}, {"depth", s.depth}};
    if (is_layer) {
      if (auto it = layers.find({p.span_name(s), s.start_cycle}); it != layers.end()) {
        const LayerProfile& l = *it->second;
        args["instructions"] = l.instructions;
        if (l.macs) {
          args["macs"] = l.macs;
          args["cycles_per_mac"] = l.cycles_per_mac();
        }
        args["stack_peak_bytes"] = l.stack_peak_bytes;
        args["sram_bytes_written"] = l.sram_bytes_written;
        if (p.memory.arena.size) {
          args["arena_touched_bytes"] = l.arena_touched_bytes;
          args["arena_read_bytes"] = l.arena_read_bytes;
          args["arena_written_bytes"] = l.arena_written_bytes;
          args["arena_used_bytes"] = l.arena_used_bytes;
          args["arena_high_water_bytes"] = l.arena_high_water_bytes;
        }
      }
    }
    events.push_back({{"name", p.span_name(s)},
                      {"cat", is_layer ? "layer" : "function"},
                      {"ph", "X"},
                      {"ts", us(s.start_cycle)},
                      {"dur", us(end) - us(s.start_cycle)},
                      {"pid", kPid},
                      {"tid", is_layer ? kLayerTid : kFunctionTid},
                      {"args", std::move(args)}});
  }

  for (const auto& m : p.memory.timeline)
    events.push_back({{"name", "memory"},
                      {"cat", "memory"},
                      {"ph", "C"},
                      {"ts", us(m.cycle)},
                      {"pid", kPid},
                      {"args", {{"stack_bytes", m.stack_bytes}, {"heap_bytes", m.heap_bytes}}}});

  json other = {{"generator", "mcusim"},
                {"board", p.board},
                {"core", p.core},
                {"firmware", p.firmware},
                {"clock_hz", p.clock_hz},
                {"timing", p.timing},
                {"cycles", p.cycles},
                {"instructions", p.instructions},
                {"time_base", p.clock_hz ? "simulated microseconds at clock_hz" : "1 cycle = 1 us (no clock)"}};
  return {{"traceEvents", std::move(events)}, {"displayTimeUnit", "ns"}, {"otherData", std::move(other)}};
}

void write_trace(const Profile& profile, std::ostream& out) {
  out << to_trace_json(profile).dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
}

void write_trace(const Profile& profile, const std::string& path) {
  write_output_file(path, [&](std::ostream& out) { write_trace(profile, out); });
}

}  // namespace mcusim

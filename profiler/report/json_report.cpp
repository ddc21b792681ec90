#include "profiler/report/json_report.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "profiler/layer_summary.h"
#include "profiler/report/format.h"
#include "profiler/report/output_file.h"
#include "sim/errors.h"

namespace mcusim {

using nlohmann::json;

namespace {


json function_json(const FunctionProfile& f) {
  json j = {{"name", f.name},
          {"address", f.address},
          {"file", f.file},
          {"line", f.line},
          {"calls", f.calls},
          {"self_cycles", f.self_cycles},
          {"total_cycles", f.total_cycles},
          {"self_instructions", f.self_instructions},
          {"total_instructions", f.total_instructions}};
  if (!f.mangled.empty()) j["mangled"] = f.mangled;
  return j;
}

json layer_json(const LayerProfile& l, uint64_t clock_hz) {
  json j = {{"name", l.name},
          {"start_cycle", l.start_cycle},
          {"end_cycle", l.end_cycle},
          {"cycles", l.cycles},
          {"instructions", l.instructions},
          {"ms", clock_hz ? static_cast<double>(l.cycles) * 1e3 / static_cast<double>(clock_hz) : 0.0},
          {"macs", l.macs},
          {"cycles_per_mac", l.cycles_per_mac()},
          {"stack_peak_bytes", l.stack_peak_bytes},
          {"sram_bytes_written", l.sram_bytes_written},
          {"arena_read_bytes", l.arena_read_bytes},
          {"arena_written_bytes", l.arena_written_bytes},
          {"arena_touched_bytes", l.arena_touched_bytes},
          {"arena_touched_low", l.arena_touched_low},
          {"arena_touched_high", l.arena_touched_high},
          {"arena_used_bytes", l.arena_used_bytes},
          {"arena_high_water_bytes", l.arena_high_water_bytes}};
  if (!l.operator_type.empty()) j["operator"] = l.operator_type;
  if (!l.output_shape.empty()) j["output_shape"] = l.output_shape;
  if (!l.function.empty()) {
    j["function"] = l.function;
    j["address"] = l.address;
    j["file"] = l.file;
    if (!l.mangled.empty()) j["mangled"] = l.mangled;
    if (l.index >= 0) j["index"] = l.index;
  }
  return j;
}

json memory_json(const MemoryProfile& m) {
  json regions = json::array();
  for (const auto& r : m.regions)
    regions.push_back({{"name", r.name},
                       {"kind", r.kind},
                       {"base", r.base},
                       {"size", r.size},
                       {"static_bytes", r.static_bytes},
                       {"written_bytes", r.written_bytes}});
  json symbols = json::array();
  for (const auto& s : m.largest_symbols)
    symbols.push_back({{"name", s.name},
                       {"region", s.region},
                       {"address", s.address},
                       {"size", s.size},
                       {"is_function", s.is_function}});
  json timeline = json::array();
  for (const auto& t : m.timeline)
    timeline.push_back(
        {{"cycle", t.cycle}, {"label", t.label}, {"stack_bytes", t.stack_bytes}, {"heap_bytes", t.heap_bytes}});
  json threads = json::array();
  for (const auto& t : m.thread_stacks)
    threads.push_back({{"name", t.name},
                       {"object", t.object},
                       {"tcb", t.tcb},
                       {"base", t.base},
                       {"size", t.size},
                       {"peak_bytes", t.peak_bytes},
                       {"fill", t.fill},
                       {"cycles", t.cycles},
                       {"runs", t.runs}});
  return {{"flash_used", m.flash_used},
          {"flash_size", m.flash_size},
          {"static_sram", m.static_sram},
          {"stack_peak", m.stack_peak},
          {"stack_peak_function", m.stack_peak_function},
          {"heap_peak", m.heap_peak},
          {"stack_peak_method", m.stack_peak_method},
          {"heap_peak_method", m.heap_peak_method},
          {"peak_sram", m.peak_sram()},
          {"sram_size", m.sram_size},
          {"regions", std::move(regions)},
          {"largest_symbols", std::move(symbols)},
          {"timeline", std::move(timeline)},
          {"thread_stacks", std::move(threads)},
          {"arena", {{"name", m.arena.name},
                     {"base", m.arena.base},
                     {"size", m.arena.size},
                     {"used_bytes", m.arena.used_bytes},
                     {"high_water_bytes", m.arena.high_water_bytes}}}};
}

// Reading: every accessor names the file and the JSON path of the field.
class Reader {
 public:
  explicit Reader(std::string origin) : origin_(std::move(origin)) {}

  [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
    throw InputError(fmt::format("{}: \"{}\": {}", origin_, path, problem));
  }

  const json* find(const json& obj, const char* key, const std::string& path, bool required) const {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) fail(join(path, key), "missing");
      return nullptr;
    }
    return &*it;
  }

  static std::string join(const std::string& path, const char* key) { return path.empty() ? key : path + "." + key; }

  const json& object(const json& obj, const char* key, const std::string& path, bool required) const {
    static const json empty = json::object();
    const json* v = find(obj, key, path, required);
    if (!v) return empty;
    if (!v->is_object()) fail(join(path, key), "expected an object");
    return *v;
  }

  const json& array(const json& obj, const char* key, const std::string& path, bool required = false) const {
    static const json empty = json::array();
    const json* v = find(obj, key, path, required);
    if (!v) return empty;
    if (!v->is_array()) fail(join(path, key), "expected an array");
    return *v;
  }

  uint64_t u64(const json& obj, const char* key, const std::string& path, bool required = false) const {
    const json* v = find(obj, key, path, required);
    if (!v) return 0;
    if (!v->is_number_unsigned()) {
      if (v->is_number_integer() && v->get<int64_t>() >= 0) return v->get<uint64_t>();
      fail(join(path, key), "expected a non-negative integer");
    }
    return v->get<uint64_t>();
  }

  uint32_t u32(const json& obj, const char* key, const std::string& path, bool required = false) const {
    uint64_t v = u64(obj, key, path, required);
    if (v > 0xFFFFFFFFull) fail(join(path, key), fmt::format("{} does not fit in 32 bits", v));
    return static_cast<uint32_t>(v);
  }

  int64_t i64(const json& obj, const char* key, const std::string& path, bool required = false) const {
    const json* v = find(obj, key, path, required);
    if (!v) return 0;
    if (!v->is_number_integer()) fail(join(path, key), "expected an integer");
    if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
      fail(join(path, key), "integer out of range");
    return v->get<int64_t>();
  }

  std::string str(const json& obj, const char* key, const std::string& path, bool required = false) const {
    const json* v = find(obj, key, path, required);
    if (!v) return "";
    if (!v->is_string()) fail(join(path, key), "expected a string");
    return v->get<std::string>();
  }

  bool boolean(const json& obj, const char* key, const std::string& path) const {
    const json* v = find(obj, key, path, false);
    if (!v) return false;
    if (!v->is_boolean()) fail(join(path, key), "expected true or false");
    return v->get<bool>();
  }

  // Element i of an array of objects.
  const json& element(const json& arr, size_t i, const std::string& path) const {
    const json& e = arr[i];
    if (!e.is_object()) fail(item(path, i), "expected an object");
    return e;
  }
  static std::string item(const std::string& path, size_t i) { return fmt::format("{}[{}]", path, i); }
  // Reads every element of the array `key` of `obj` (named `where` in
  // messages) with `read(element, path)` and collects the results.
  template <typename Read>
  auto items(const json& obj, const char* key, const std::string& where, Read read) const {
    const json& arr = array(obj, key, where);
    std::string list = where.empty() ? std::string(key) : where + "." + key;
    std::vector<decltype(read(arr, list))> out;
    out.reserve(arr.size());
    for (size_t i = 0; i < arr.size(); ++i) out.push_back(read(element(arr, i, list), item(list, i)));
    return out;
  }

 private:
  std::string origin_;
};

}  // namespace

json to_json(const Profile& p, const JsonDetail& detail) {
  json doc;
  doc["schema"] = kProfileSchemaName;
  doc["version"] = Profile::kSchemaVersion;
  doc["firmware"] = p.firmware;
  doc["board"] = p.board;
  doc["core"] = p.core;
  doc["clock_hz"] = p.clock_hz;
  doc["timing"] = p.timing;
  doc["exit_code"] = p.exit_code;
  doc["stop_reason"] = p.stop_reason;
  doc["totals"] = {{"cycles", p.cycles},
                   {"instructions", p.instructions},
                   {"cpi", ratio(p.cycles, p.instructions)},
                   {"seconds", p.seconds()},
                   {"ms", p.seconds() * 1e3}};

  json functions = json::array();
  for (const auto& f : p.functions) functions.push_back(function_json(f));
  doc["functions"] = std::move(functions);

  json calls = json::array();
  for (const auto& c : p.calls)
    calls.push_back({{"caller", c.caller},
                     {"callee", c.callee},
                     {"calls", c.calls},
                     {"inclusive_cycles", c.inclusive_cycles},
                     {"inclusive_instructions", c.inclusive_instructions}});
  doc["calls"] = std::move(calls);

  json folded = json::object();
  for (const auto& [stack, cycles] : p.folded_stacks) folded[stack] = cycles;
  doc["folded_stacks"] = std::move(folded);

  json layers = json::array();
  for (const auto& l : p.layers) layers.push_back(layer_json(l, p.clock_hz));
  doc["layers"] = std::move(layers);
  json summary = json::array();
  for (const LayerSummary& l : summarise_layers(p.layers)) {
    json row = {{"name", l.name},
                {"count", l.count},
                {"total_cycles", l.total_cycles},
                {"mean_cycles", l.mean_cycles()},
                {"min_cycles", l.min_cycles},
                {"max_cycles", l.max_cycles}};
    if (!l.operator_type.empty()) row["operator"] = l.operator_type;
    if (l.macs) row["macs"] = l.macs;
    if (p.memory.arena.size) {
      row["max_arena_touched_bytes"] = l.max_arena_touched_bytes;
      row["arena_used_bytes"] = l.arena_used_bytes;
      row["arena_high_water_bytes"] = l.arena_high_water_bytes;
    }
    summary.push_back(std::move(row));
  }
  doc["layer_summary"] = std::move(summary);
  doc["layer_source"] = {{"name", p.layer_source}, {"reason", p.layer_source_reason}};
  if (!p.model_symbol.empty()) doc["layer_source"]["model"] = p.model_symbol;

  doc["memory"] = memory_json(p.memory);

  json spans = json::array();
  for (const auto& s : p.spans) {
    if (!detail.function_spans && s.category == SpanCategory::Function) continue;
    spans.push_back({{"name", p.span_name(s)},
                     {"category", span_category_name(s.category)},
                     {"start_cycle", s.start_cycle},
                     {"end_cycle", s.end_cycle},
                     {"depth", s.depth}});
  }
  doc["spans"] = std::move(spans);

  json caches = json::array();
  for (const auto& c : p.caches)
    caches.push_back(
        {{"name", c.name}, {"hits", c.hits}, {"misses", c.misses}, {"hit_rate", ratio(c.hits, c.hits + c.misses)}});
  doc["caches"] = std::move(caches);
  return doc;
}

Profile profile_from_json(const json& doc, const std::string& origin) {
  Reader r(origin);
  if (!doc.is_object()) throw InputError(fmt::format("{}: not an mcusim profile (expected a JSON object)", origin));
  auto schema = doc.find("schema");
  if (schema == doc.end() || !schema->is_string() || schema->get<std::string>() != kProfileSchemaName)
    throw InputError(fmt::format("{}: not an mcusim profile (\"schema\" must be \"{}\"; write one with mcusim run --json)",
                                 origin, kProfileSchemaName));
  auto version = doc.find("version");
  if (version == doc.end() || !version->is_number_integer())
    throw InputError(fmt::format("{}: \"version\": missing or not an integer", origin));
  if (version->get<int64_t>() != Profile::kSchemaVersion)
    throw InputError(fmt::format("{}: profile schema version {} is not supported (this mcusim reads version {})",
                                 origin, version->dump(), Profile::kSchemaVersion));

  Profile p;
  p.firmware = r.str(doc, "firmware", "");
  p.board = r.str(doc, "board", "");
  p.core = r.str(doc, "core", "");
  p.clock_hz = r.u64(doc, "clock_hz", "", true);
  p.timing = r.str(doc, "timing", "");
  int64_t exit_code = r.i64(doc, "exit_code", "");
  if (exit_code < INT32_MIN || exit_code > INT32_MAX) r.fail("exit_code", "out of range");
  p.exit_code = static_cast<int>(exit_code);
  p.stop_reason = r.str(doc, "stop_reason", "");

  const json& totals = r.object(doc, "totals", "", true);
  p.cycles = r.u64(totals, "cycles", "totals", true);
  p.instructions = r.u64(totals, "instructions", "totals", true);
  if (auto it = totals.find("seconds"); it != totals.end() && it->is_number()) p.simulated_seconds = it->get<double>();

  p.functions = r.items(doc, "functions", "", [&](const json& e, const std::string& path) {
    FunctionProfile f;
    f.name = r.str(e, "name", path, true);
    f.mangled = r.str(e, "mangled", path);
    f.address = r.u32(e, "address", path);
    f.file = r.str(e, "file", path);
    f.line = r.u32(e, "line", path);
    f.calls = r.u64(e, "calls", path);
    f.self_cycles = r.u64(e, "self_cycles", path, true);
    f.total_cycles = r.u64(e, "total_cycles", path, true);
    f.self_instructions = r.u64(e, "self_instructions", path);
    f.total_instructions = r.u64(e, "total_instructions", path);
    return f;
  });

  p.calls = r.items(doc, "calls", "", [&](const json& e, const std::string& path) {
    CallEdge c;
    c.caller = r.u32(e, "caller", path, true);
    c.callee = r.u32(e, "callee", path, true);
    if (c.caller >= p.functions.size()) r.fail(path + ".caller", fmt::format("{} is not an index into \"functions\"", c.caller));
    if (c.callee >= p.functions.size()) r.fail(path + ".callee", fmt::format("{} is not an index into \"functions\"", c.callee));
    c.calls = r.u64(e, "calls", path);
    c.inclusive_cycles = r.u64(e, "inclusive_cycles", path);
    c.inclusive_instructions = r.u64(e, "inclusive_instructions", path);
    return c;
  });

  const json& folded = r.object(doc, "folded_stacks", "", false);
  for (auto it = folded.begin(); it != folded.end(); ++it) {
    if (!it->is_number_unsigned()) r.fail("folded_stacks." + it.key(), "expected a non-negative integer");
    p.folded_stacks[it.key()] = it->get<uint64_t>();
  }

  p.layers = r.items(doc, "layers", "", [&](const json& e, const std::string& path) {
    LayerProfile l;
    l.name = r.str(e, "name", path, true);
    l.start_cycle = r.u64(e, "start_cycle", path);
    l.end_cycle = r.u64(e, "end_cycle", path);
    l.cycles = r.u64(e, "cycles", path, true);
    l.instructions = r.u64(e, "instructions", path);
    l.macs = r.u64(e, "macs", path);
    l.stack_peak_bytes = r.u32(e, "stack_peak_bytes", path);
    l.sram_bytes_written = r.u64(e, "sram_bytes_written", path);
    l.arena_read_bytes = r.u64(e, "arena_read_bytes", path);
    l.arena_written_bytes = r.u64(e, "arena_written_bytes", path);
    l.arena_touched_bytes = r.u64(e, "arena_touched_bytes", path);
    l.arena_touched_low = r.u32(e, "arena_touched_low", path);
    l.arena_touched_high = r.u32(e, "arena_touched_high", path);
    l.arena_used_bytes = r.u64(e, "arena_used_bytes", path);
    l.arena_high_water_bytes = r.u64(e, "arena_high_water_bytes", path);
    l.operator_type = r.str(e, "operator", path);
    for (const json& d : r.array(e, "output_shape", path)) {
      if (!d.is_number_integer() || d.get<int64_t>() < INT32_MIN || d.get<int64_t>() > INT32_MAX)
        r.fail(path + ".output_shape", "expected an array of 32-bit integers");
      l.output_shape.push_back(d.get<int32_t>());
    }
    l.function = r.str(e, "function", path);
    l.mangled = r.str(e, "mangled", path);
    l.file = r.str(e, "file", path);
    l.address = r.u32(e, "address", path);
    l.index = e.contains("index") ? static_cast<int32_t>(r.i64(e, "index", path)) : -1;
    return l;
  });

  const json& source = r.object(doc, "layer_source", "", false);
  p.layer_source = r.str(source, "name", "layer_source");
  p.layer_source_reason = r.str(source, "reason", "layer_source");
  p.model_symbol = r.str(source, "model", "layer_source");

  const json& mem = r.object(doc, "memory", "", true);
  MemoryProfile& m = p.memory;
  m.flash_used = r.u64(mem, "flash_used", "memory", true);
  m.flash_size = r.u64(mem, "flash_size", "memory");
  m.static_sram = r.u64(mem, "static_sram", "memory", true);
  m.stack_peak = r.u64(mem, "stack_peak", "memory", true);
  m.stack_peak_function = r.str(mem, "stack_peak_function", "memory");
  m.heap_peak = r.u64(mem, "heap_peak", "memory", true);
  m.stack_peak_method = r.str(mem, "stack_peak_method", "memory");
  m.heap_peak_method = r.str(mem, "heap_peak_method", "memory");
  m.sram_size = r.u64(mem, "sram_size", "memory");
  m.regions = r.items(mem, "regions", "memory", [&](const json& e, const std::string& path) {
    RegionUsage u;
    u.name = r.str(e, "name", path, true);
    u.kind = r.str(e, "kind", path);
    u.base = r.u32(e, "base", path);
    u.size = r.u32(e, "size", path);
    u.static_bytes = r.u64(e, "static_bytes", path);
    u.written_bytes = r.u64(e, "written_bytes", path);
    return u;
  });
  m.largest_symbols = r.items(mem, "largest_symbols", "memory", [&](const json& e, const std::string& path) {
    SymbolSize s;
    s.name = r.str(e, "name", path, true);
    s.region = r.str(e, "region", path);
    s.address = r.u32(e, "address", path);
    s.size = r.u32(e, "size", path);
    s.is_function = r.boolean(e, "is_function", path);
    return s;
  });
  m.timeline = r.items(mem, "timeline", "memory", [&](const json& e, const std::string& path) {
    MemorySample s;
    s.cycle = r.u64(e, "cycle", path, true);
    s.label = r.str(e, "label", path);
    s.stack_bytes = r.u64(e, "stack_bytes", path);
    s.heap_bytes = r.u64(e, "heap_bytes", path);
    return s;
  });
  m.thread_stacks = r.items(mem, "thread_stacks", "memory", [&](const json& e, const std::string& path) {
    ThreadStackUse t;
    t.name = r.str(e, "name", path, true);
    t.object = r.str(e, "object", path);
    t.tcb = r.u32(e, "tcb", path);
    t.base = r.u32(e, "base", path);
    t.size = r.u32(e, "size", path);
    t.peak_bytes = r.u64(e, "peak_bytes", path);
    t.fill = r.u32(e, "fill", path);
    t.cycles = r.u64(e, "cycles", path);
    t.runs = r.u64(e, "runs", path);
    return t;
  });
  const json& arena = r.object(mem, "arena", "memory", false);
  m.arena.name = r.str(arena, "name", "memory.arena");
  m.arena.base = r.u32(arena, "base", "memory.arena");
  m.arena.size = r.u32(arena, "size", "memory.arena");
  m.arena.used_bytes = r.u64(arena, "used_bytes", "memory.arena");
  m.arena.high_water_bytes = r.u64(arena, "high_water_bytes", "memory.arena");

  SpanNameIndex span_names(p.span_names);
  p.spans = r.items(doc, "spans", "", [&](const json& e, const std::string& path) {
    Span s;
    s.name = span_names.id(r.str(e, "name", path, true));
    // Reports write only these two; a missing category is a function call's (as the trace writer treats it).
    std::string category = r.str(e, "category", path);
    if (category == "layer") s.category = SpanCategory::Layer;
    else if (category.empty() || category == "function") s.category = SpanCategory::Function;
    else r.fail(path + ".category", fmt::format("\"{}\" is not a span category (expected \"layer\" or \"function\")", category));
    s.start_cycle = r.u64(e, "start_cycle", path, true);
    s.end_cycle = r.u64(e, "end_cycle", path, true);
    s.depth = r.u32(e, "depth", path);
    return s;
  });

  p.caches = r.items(doc, "caches", "", [&](const json& e, const std::string& path) {
    CacheStats c;
    c.name = r.str(e, "name", path, true);
    c.hits = r.u64(e, "hits", path);
    c.misses = r.u64(e, "misses", path);
    return c;
  });
  return p;
}

void write_json(const Profile& profile, const std::string& path, const JsonDetail& detail) {
  std::string text = to_json(profile, detail).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  write_output_file(path, [&](std::ostream& out) { out << text; });
}

Profile parse_profile_json(std::string_view text, const std::string& origin) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number too large for any type
    throw InputError(fmt::format("{}: not valid JSON ({})", origin, e.what()));
  }
  return profile_from_json(doc, origin);
}

Profile read_profile_json(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot open profile", path));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return parse_profile_json(text, path);
}

}  // namespace mcusim

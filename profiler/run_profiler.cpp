#include "profiler/run_profiler.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>

#include "profiler/span_order.h"
#include "profiler/tflite_model.h"
#include "sim/errors.h"

namespace mcusim {

namespace {
constexpr uint32_t kPortBegin = 24, kPortMacsLo = 25, kPortMacsHi = 26, kPortEnd = 27;
constexpr size_t kLargestSymbols = 20;

std::vector<std::string> function_names(const Symbolizer& s) {
  std::vector<std::string> names{"[unknown]"};
  for (size_t i = 0; i < s.functions().size(); ++i) names.push_back(s.display_name(i));
  return names;
}
std::vector<uint32_t> function_addresses(const Symbolizer& s) {
  std::vector<uint32_t> a{0};
  for (const ElfSymbol* f : s.functions()) a.push_back(f->address);
  return a;
}
std::regex whole_regex(const std::string& pattern, const char* option) {
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw InputError(fmt::format("{}: '{}' is not a valid regular expression: {}", option, pattern, e.what()));
  }
}
}  // namespace

RunProfiler::RunProfiler(const Board& board, const ElfImage& image, const Symbolizer& symbols, MemoryMap& memory,
                         ProfileOptions options, const MemoryLayout& layout)
    : board_(board), image_(image), symbols_(symbols), memory_(memory), options_(std::move(options)),
      layout_(layout), stack_top_(layout.stack_top),
      stack_limit_(std::min(layout.stack_limit.address, layout.stack_top)), memory_tracker_(memory, board, layout),
      thread_stacks_(image, memory, layout),
      attribution_(function_names(symbols), function_addresses(symbols)) {
  const auto& names = attribution_.names();
  short_names_.push_back(names[0]);
  mangled_.push_back(names[0]);
  for (size_t i = 0; i < symbols.functions().size(); ++i) {
    short_names_.push_back(without_parameters(names[i + 1]));
    mangled_.push_back(symbols.functions()[i]->name);
  }
  std::map<std::string, int> uses;
  for (const std::string& n : short_names_) ++uses[n];
  for (const std::string& n : short_names_) ambiguous_.push_back(uses[n] > 1);
  layer_role_.assign(names.size(), 0);
  choose_layer_rules();
  if (auto spec = find_arena(image, options_.arena, preset_ ? preset_->arena : std::string_view{})) {
    arena_.emplace(memory, *spec);
    for (size_t i = 1; i < names.size(); ++i)
      if (mangled_[i] == "main") layer_role_[i] |= kPaintArena;
  }
  attribution_.record_spans(options_.max_function_spans, options_.max_span_depth);
}

// Which rule finds the layers: explicit options, a preset asked for or
// recognised from the symbols, or the firmware's own ITM markers.
void RunProfiler::choose_layer_rules() {
  const std::string& asked = options_.layers;
  const LayerPreset* preset = nullptr;
  if (asked != "auto" && asked != "markers" && asked != "none") {
    preset = find_layer_preset(asked);
    if (!preset) {
      std::string known = "auto, markers, none";
      for (const LayerPreset& p : layer_presets()) known += fmt::format(", {}", p.name);
      throw InputError(fmt::format("--layers: unknown value '{}' (one of: {})", asked, known));
    }
  }
  bool explicit_rules = !options_.layer_functions.empty() || !options_.layer_map.empty() || !options_.layer_caller.empty();
  if (asked == "none") {
    markers_on_ = false;
    layer_source_ = "none";
    layer_source_reason_ = "--layers none";
    return;
  }
  if (asked == "markers") {
    layer_source_ = "markers";
    layer_source_reason_ = "--layers markers";
  } else if (preset) {
    layer_source_ = std::string(preset->name);
    layer_source_reason_ = fmt::format("--layers {}", preset->name);
  } else if (explicit_rules) {
    layer_source_ = "options";
    layer_source_reason_ = "layer options given";
  } else if (auto found = recognise_framework(short_names_)) {
    preset = found->preset;
    auto_preset_ = true;
    layer_source_ = std::string(preset->name);
    layer_source_reason_ = fmt::format("{} recognised from its symbols ({})", preset->framework, found->evidence);
  } else {
    layer_source_ = "markers";
    layer_source_reason_ = "no framework recognised from the symbols; layers come from the firmware's ITM markers, if any";
  }
  if (preset) apply_preset(*preset);
  preset_ = preset;

  if (!options_.layer_caller.empty()) {
    const std::string& f = options_.layer_caller;
    for (uint8_t& r : layer_role_) r &= static_cast<uint8_t>(~kLayerCaller);
    bool found = false;
    for (size_t i = 1; i < layer_role_.size(); ++i) {
      if (attribution_.names()[i] == f || short_names_[i] == f || mangled_[i] == f) {
        layer_role_[i] |= kLayerCaller;
        found = true;
      }
    }
    if (!found) throw InputError(fmt::format("--layer-caller: no function named '{}' in the firmware", f));
    // A preset without a dispatcher (CMSIS-NN) keeps its callee pattern and
    // takes the dispatcher from the user; otherwise every call is a layer.
    for (size_t i = 0; i < layer_role_.size(); ++i) {
      bool callee = !preset || (layer_role_[i] & (kLayerFunction | kLayerCallee));
      layer_role_[i] = static_cast<uint8_t>((layer_role_[i] & kLayerCaller) | (callee ? kLayerCallee : 0));
    }
    if (!preset) layer_source_reason_ = fmt::format("--layer-caller {}", f);
    else layer_source_reason_ += fmt::format(", calls from {}", f);
  }
  if (!options_.layer_functions.empty()) {
    std::regex re = whole_regex(options_.layer_functions, "--layer-functions");
    size_t matched = 0;
    for (size_t i = 1; i < layer_role_.size(); ++i) {
      if (std::regex_search(attribution_.names()[i], re) || std::regex_search(mangled_[i], re)) {
        layer_role_[i] |= kLayerFunction;
        ++matched;
      }
    }
    if (!matched) warn(fmt::format("--layer-functions '{}' matches no function in the firmware", options_.layer_functions));
  }
  if (!options_.layer_map.empty()) load_layer_map(options_.layer_map);
}

void RunProfiler::apply_preset(const LayerPreset& preset) {
  indirect_calls_only_ = preset.indirect_calls_only;
  std::regex callee{std::string(preset.callee.empty() ? ".*" : preset.callee), std::regex::ECMAScript};
  std::regex caller{std::string(preset.caller.empty() ? "$^" : preset.caller), std::regex::ECMAScript};
  size_t callers = 0;
  for (size_t i = 0; i < layer_role_.size(); ++i) {
    bool is_callee = i == 0 ? preset.callee.empty() : std::regex_match(short_names_[i], callee);
    if (preset.caller.empty()) {
      if (is_callee && i) layer_role_[i] |= kLayerFunction;
      continue;
    }
    if (is_callee) layer_role_[i] |= kLayerCallee;
    if (i && std::regex_match(short_names_[i], caller)) {
      layer_role_[i] |= kLayerCaller;
      ++callers;
    }
  }
  if (!preset.caller.empty() && !callers && options_.layer_caller.empty())
    warn(fmt::format("--layers {}: no function matches the {} dispatcher '{}'; no layers", preset.name, preset.framework,
                     preset.caller));
}

void RunProfiler::load_layer_map(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{}: cannot open layer map", path));
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    auto hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    std::string name, what;
    if (!(words >> name)) continue;
    if (!(words >> what)) throw InputError(fmt::format("{}:{}: expected 'NAME SYMBOL' or 'NAME 0xSTART-0xEND'", path, number));
    auto dash = what.find('-');
    if (what.starts_with("0x") && dash != std::string::npos) {
      uint32_t begin = static_cast<uint32_t>(parse_size(what.substr(0, dash), fmt::format("{}:{}", path, number)));
      uint32_t end = static_cast<uint32_t>(parse_size(what.substr(dash + 1), fmt::format("{}:{}", path, number)));
      if (end <= begin) throw InputError(fmt::format("{}:{}: empty address range {}", path, number, what));
      ranges_.push_back({name, begin, end});
      continue;
    }
    bool found = false;
    for (size_t i = 1; i < attribution_.names().size(); ++i) {
      if (attribution_.names()[i] == what || short_names_[i] == what || mangled_[i] == what) {
        layer_role_[i] |= kLayerFunction;
        found = true;
      }
    }
    if (!found) throw InputError(fmt::format("{}:{}: no function named '{}' in the firmware", path, number, what));
  }
}

BlockProfileInfo RunProfiler::describe_block(uint32_t address, bool ends_in_call, bool ends_in_return) const {
  BlockProfileInfo b;
  if (auto hit = symbols_.function_at(address)) {
    const auto& fs = symbols_.functions();
    auto it = std::find(fs.begin(), fs.end(), hit->symbol);
    b.function = static_cast<uint32_t>(it - fs.begin()) + 1;
    b.function_entry = hit->offset == 0;
  }
  b.exit = ends_in_call ? BlockExit::Call : ends_in_return ? BlockExit::Return : BlockExit::Other;
  for (size_t i = 0; i < ranges_.size(); ++i)
    if (address >= ranges_[i].begin && address < ranges_[i].end) b.layer_range = static_cast<int32_t>(i);
  b.layer_role = layer_role_[b.function];
  return b;
}

void RunProfiler::watch_memory(Cpu& cpu) {
  if (!arena_ || !markers_on_) return;  // no arena, or --layers none: no layer to measure
  const ArenaSpec& a = arena_->spec();
  arena_watch_.emplace(a.base, a.size);
  // The engine reports an access at its first byte: start early enough to
  // see one that begins below the arena and reaches into it.
  constexpr uint32_t kWidestAccess = 8;
  uint32_t begin = a.base >= kWidestAccess - 1 ? a.base - (kWidestAccess - 1) : 0;
  uint32_t end = a.base + (a.size - 1);
  cpu.add_memory_read_hook(&RunProfiler::on_arena_read, this, begin, end);
  cpu.add_memory_write_hook(&RunProfiler::on_arena_write, this, begin, end);
}

void RunProfiler::on_arena_read(uc_struct*, int, uint64_t address, int size, int64_t, void* self) {
  static_cast<RunProfiler*>(self)->arena_watch_->on_access(address, size, false);
}

void RunProfiler::on_arena_write(uc_struct*, int, uint64_t address, int size, int64_t, void* self) {
  static_cast<RunProfiler*>(self)->arena_watch_->on_access(address, size, true);
}

void RunProfiler::before_run() {
  std::vector<std::pair<uint32_t, uint32_t>> loaded;
  for (const ElfSegment& s : image_.segments())
    if (s.file_size) loaded.push_back({s.physical_address, s.physical_address + s.file_size});
  memory_tracker_.paint_before_run(loaded);
  bool has_main = std::find(mangled_.begin(), mangled_.end(), "main") != mangled_.end();
  if (arena_ && !has_main) arena_->paint();  // no main to wait for: start-up code may clear the paint
  sample_memory(0, "", stack_top_);
}

void RunProfiler::on_exception_entry(uint32_t handler_address, uint32_t return_address, uint64_t now,
                                     uint32_t thread_sp) {
  BlockProfileInfo b = describe_block(handler_address & ~1u, false, false);
  attribution_.on_exception_entry(b.function, return_address, now, thread_sp);
  if (thread_sp != CallAttribution::kNoThread) thread_stacks_.on_thread_sp(thread_sp, now);
}

void RunProfiler::sample_memory(uint64_t now, const std::string& label, uint32_t sp) {
  MemorySample m;
  m.cycle = now;
  m.label = label;
  m.stack_bytes = sp <= stack_top_ ? stack_top_ - sp : 0;
  m.heap_bytes = memory_tracker_.heap_high_water(lowest_sp_);
  heap_peak_ = std::max(heap_peak_, m.heap_bytes);
  timeline_.push_back(m);
}

bool RunProfiler::called_through_pointer(uint32_t return_address) const {
  // The call is the instruction before the return address; BLX Rm is the
  // 16-bit 0100 0111 1mmm m000, BL is 32-bit.
  uint16_t insn = 0;
  if (return_address < 2 || !memory_.read((return_address & ~1u) - 2, &insn, 2)) return false;
  return (insn & 0xFF87u) == 0x4780u;
}

LayerProfile RunProfiler::function_layer(uint32_t function, int32_t index) const {
  LayerProfile l;
  l.function = short_names_[function];
  if (mangled_[function] != attribution_.names()[function]) l.mangled = mangled_[function];
  l.address = function ? symbols_.functions()[function - 1]->address : 0;
  if (const std::string* unit = symbols_.compile_unit_at(l.address)) l.file = base_name(*unit);
  else if (auto line = symbols_.line_at(l.address)) l.file = base_name(*line->file);
  l.index = index;
  l.name = index >= 0 ? fmt::format("{} {}", index, l.function) : l.function;
  // Same name in several files (TF-Lite Micro's Eval in conv.cc and depthwise_conv.cc): the file tells them apart.
  if (ambiguous_[function]) l.name = name_with_place(l.name, l.file, l.address);
  return l;
}

void RunProfiler::on_function_entered(uint32_t function, uint8_t role, uint64_t now, uint32_t sp) {
  if ((role & kPaintArena) && !arena_->painted()) arena_->paint();
  if (!function_layers_on_) return;
  CallAttribution::FrameInfo top = attribution_.frame_below_top(0);
  if (top.exception) return;  // an interrupt between layers is not a layer
  if (role & kLayerCaller) call_index_ = 0;
  if (role & kLayerFunction) {
    begin_layer(function_layer(function, -1), now, sp);
    function_layer_depth_ = depth();
    return;
  }
  if (!(role & kLayerCallee) || depth() < 2) return;
  CallAttribution::FrameInfo caller = attribution_.frame_below_top(1);
  if (!(layer_role_[caller.function] & kLayerCaller)) return;
  if (indirect_calls_only_ && !called_through_pointer(top.return_address)) return;
  begin_layer(function_layer(function, call_index_++), now, sp);
  function_layer_depth_ = depth();
}

// The firmware's own markers win over a preset that was only recognised.
void RunProfiler::drop_function_layers(const std::string& reason) {
  function_layers_on_ = false;
  function_layer_depth_ = 0;
  open_.reset();
  layers_.clear();
  layer_source_reason_ = reason;
}

void RunProfiler::begin_layer(LayerProfile layer, uint64_t now, uint32_t sp) {
  if (open_) end_layer(now, sp);
  // Layer markers in an endless loop must not grow the profile without end
  // (docs/reliability.md): later layers are not recorded.
  if (layers_.size() >= kMaxLayers) return;
  stack_peak_ = std::max<uint64_t>(stack_peak_, memory_tracker_.stack_depth_since_paint(layer_lowest_sp_));
  memory_tracker_.repaint_stack_below(sp);
  layer_lowest_sp_ = sp;
  memory_tracker_.snapshot();
  if (arena_watch_) arena_watch_->begin_layer();
  OpenLayer l;
  l.layer = std::move(layer);
  l.layer.start_cycle = now;
  l.start_instructions = instructions_;
  sample_memory(now, l.layer.name, sp);
  open_ = std::move(l);
}

void RunProfiler::end_layer(uint64_t now, uint32_t sp) {
  function_layer_depth_ = 0;
  if (!open_) return;
  LayerProfile l = open_->layer;
  l.end_cycle = now;
  l.cycles = now - l.start_cycle;
  l.instructions = instructions_ - open_->start_instructions;
  l.stack_peak_bytes = memory_tracker_.stack_depth_since_paint(layer_lowest_sp_);
  l.sram_bytes_written = memory_tracker_.bytes_changed_since_snapshot();
  if (arena_watch_) {
    ArenaLayerUse use = arena_watch_->end_layer();
    l.arena_read_bytes = use.read_bytes;
    l.arena_written_bytes = use.written_bytes;
    l.arena_touched_bytes = use.touched_bytes;
    l.arena_touched_low = use.touched_low;
    l.arena_touched_high = use.touched_high;
    l.arena_used_bytes = arena_->used_bytes();
    arena_high_water_ = arena_->high_water_bytes(arena_high_water_);
    l.arena_high_water_bytes = arena_high_water_;
  }
  stack_peak_ = std::max<uint64_t>(stack_peak_, l.stack_peak_bytes);
  layers_.push_back(l);
  open_.reset();
  sample_memory(now, "", sp);
}

void RunProfiler::switch_range_layer(int32_t range, uint64_t now) {
  if (current_range_ >= 0) end_layer(now, stack_top_);
  current_range_ = range;
  if (range < 0) return;
  LayerProfile l;
  l.name = ranges_[static_cast<size_t>(range)].name;
  begin_layer(std::move(l), now, stack_top_);
}

void RunProfiler::on_itm(uint32_t port, uint32_t value, uint64_t now, uint32_t sp) {
  if (!markers_on_ || port < kPortBegin || port > kPortEnd) return;
  if (auto_preset_) {
    auto_preset_ = false;
    layer_source_ = "markers";
    drop_function_layers(fmt::format("the firmware writes ITM layer markers (they take precedence over {})", layer_source_reason_));
  }
  switch (port) {
    case kPortMacsLo: pending_macs_ = (pending_macs_ & ~0xFFFFFFFFull) | value; return;
    case kPortMacsHi: pending_macs_ = (pending_macs_ & 0xFFFFFFFFull) | (uint64_t{value} << 32); return;
    case kPortBegin: {
      std::string name;
      char c = 0;
      for (uint32_t a = value; name.size() < 128 && memory_.read(a, &c, 1) && c; ++a) name += c;
      if (name.empty()) name = fmt::format("layer{}", layers_.size());
      LayerProfile l;
      l.name = std::move(name);
      l.macs = pending_macs_;
      begin_layer(std::move(l), now, sp);
      pending_macs_ = 0;
      return;
    }
    case kPortEnd: end_layer(now, sp); return;
    default: return;
  }
}

// One span per recorded layer, its name once in the profile's name table.
void RunProfiler::add_layer_spans(Profile& p) const {
  SpanNameIndex names(p.span_names);
  p.spans.reserve(p.spans.size() + layers_.size());
  for (const LayerProfile& l : layers_) p.spans.push_back(Span{l.start_cycle, l.end_cycle, names.id(l.name), 0, SpanCategory::Layer});
}

Profile RunProfiler::finish(uint64_t cycles, uint64_t instructions, uint32_t sp) {
  (void)instructions;
  if (open_) end_layer(cycles, sp);
  attribution_.finish(cycles);
  Profile p;
  p.board = board_.name;
  p.core = std::string(core_name(board_.core));
  p.clock_hz = board_.clock_hz;
  p.firmware = image_.path();
  attribution_.fill(p);  // functions, calls, folded stacks, function spans (span name i: function id i)
  for (FunctionProfile& f : p.functions) {
    if (auto hit = symbols_.function_at(f.address); hit && hit->symbol->name != f.name) f.mangled = hit->symbol->name;
    if (auto line = symbols_.line_at(f.address)) {
      f.file = *line->file;
      f.line = line->line;
    }
  }
  p.layers = layers_;
  p.layer_source = layer_source_;
  p.layer_source_reason = layer_source_reason_;
  if (layer_source_ == "tflm") {
    if (auto model = find_tflite_model(image_, warnings_)) {
      p.model_symbol = model->symbol;
      attach_operator_facts(*model, p.layers, warnings_);
    }
  }
  p.warnings = warnings_;
  bool asked_for_layers = !options_.layer_functions.empty() || !options_.layer_map.empty() ||
                          !options_.layer_caller.empty() || (options_.layers != "auto" && options_.layers != "none");
  if (layers_.empty() && asked_for_layers && warnings_.empty())
    p.warnings.push_back(fmt::format("no layer was recorded (layers from: {})", layer_source_reason_));
  add_layer_spans(p);
  // Start order; at equal starts the longer (outer) span first. Without
  // layer spans, the function spans are in the order their calls ended; the
  // linear sort moves each past its callees, one per level: only for a
  // bounded number of levels.
  constexpr uint32_t kLinearSortMaxDepth = 64;
  sort_spans(p.spans, layers_.empty() && options_.max_span_depth <= kLinearSortMaxDepth);

  MemoryProfile& m = p.memory;
  m.stack_peak = std::max<uint64_t>(stack_peak_, memory_tracker_.stack_depth_since_paint(layer_lowest_sp_));
  m.stack_peak_function = lowest_sp_ != 0xFFFFFFFFu ? attribution_.names()[lowest_sp_function_] : "";
  m.heap_peak = std::max(heap_peak_, memory_tracker_.heap_high_water(lowest_sp_));
  m.stack_peak_method = memory_tracker_.stack_method();
  m.heap_peak_method = memory_tracker_.heap_method();
  for (const MemoryRegion* r : board_.storage_regions()) {
    RegionUsage u;
    u.name = r->name;
    u.kind = std::string(region_kind_name(r->kind));
    u.base = r->base;
    u.size = r->size;
    // Sections that only reserve heap or stack room are counted as heap and stack, not static data.
    u.static_bytes = image_bytes_in(image_, *r) - std::min(image_bytes_in(image_, *r), layout_.reserved_bytes_in(*r));
    if (r->kind == RegionKind::Flash) {
      m.flash_used += u.static_bytes;
      m.flash_size += r->size;
    } else {
      m.static_sram += u.static_bytes;
      m.sram_size += r->size;
    }
    m.regions.push_back(u);
  }
  memory_tracker_.fill_regions(m);
  m.thread_stacks = thread_stacks_.finish(cycles);
  std::vector<SymbolSize> symbols;
  for (const ElfSymbol& s : image_.symbols()) {
    if (s.size == 0 || (!s.is_function && !s.is_object)) continue;
    const MemoryRegion* r = board_.region_at(s.address);
    symbols.push_back({s.name, r ? r->name : "", s.address, s.size, s.is_function});
  }
  std::sort(symbols.begin(), symbols.end(), [](const SymbolSize& a, const SymbolSize& b) { return a.size > b.size || (a.size == b.size && a.name < b.name); });
  if (symbols.size() > kLargestSymbols) symbols.resize(kLargestSymbols);
  for (SymbolSize& s : symbols) s.name = demangle(s.name);  // C++ objects as the source names them
  m.largest_symbols = symbols;
  m.timeline = timeline_;
  if (arena_) {
    m.arena.name = arena_->spec().name;
    m.arena.base = arena_->spec().base;
    m.arena.size = arena_->spec().size;
    m.arena.used_bytes = arena_->used_bytes();
    m.arena.high_water_bytes = arena_->high_water_bytes(arena_high_water_);
  }
  return p;
}

}  // namespace mcusim

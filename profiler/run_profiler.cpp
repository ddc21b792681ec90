#include "profiler/run_profiler.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "sim/errors.h"

namespace mcusim {

namespace {
constexpr uint32_t kPortBegin = 24, kPortMacsLo = 25, kPortMacsHi = 26, kPortEnd = 27;
constexpr size_t kLargestSymbols = 20;

std::vector<std::string> function_names(const Symbolizer& s) {
  std::vector<std::string> names{"[unknown]"};
  for (const ElfSymbol* f : s.functions()) names.push_back(f->name);
  return names;
}
std::vector<uint32_t> function_addresses(const Symbolizer& s) {
  std::vector<uint32_t> a{0};
  for (const ElfSymbol* f : s.functions()) a.push_back(f->address);
  return a;
}
}  // namespace

RunProfiler::RunProfiler(const Board& board, const ElfImage& image, const Symbolizer& symbols, MemoryMap& memory,
                         ProfileOptions options, const MemoryLayout& layout)
    : board_(board), image_(image), symbols_(symbols), memory_(memory), options_(std::move(options)),
      layout_(layout), stack_top_(layout.stack_top), memory_tracker_(memory, board, layout),
      attribution_(function_names(symbols), function_addresses(symbols)) {
  layer_function_.assign(attribution_.names().size(), false);
  if (!options_.layer_functions.empty()) {
    try {
      layer_regex_.emplace(options_.layer_functions, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      throw InputError(fmt::format("--layer-functions: '{}' is not a valid regular expression: {}", options_.layer_functions, e.what()));
    }
    for (size_t i = 1; i < layer_function_.size(); ++i)
      layer_function_[i] = std::regex_search(attribution_.names()[i], *layer_regex_);
  }
  if (!options_.layer_map.empty()) load_layer_map(options_.layer_map);
  attribution_.record_spans(options_.max_function_spans, options_.max_span_depth);
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
    for (size_t i = 1; i < attribution_.names().size(); ++i)
      if (attribution_.names()[i] == what) layer_function_[i] = found = true;
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
  b.layer_function = layer_function_[b.function];
  return b;
}

void RunProfiler::before_run() {
  std::vector<std::pair<uint32_t, uint32_t>> loaded;
  for (const ElfSegment& s : image_.segments())
    if (s.file_size) loaded.push_back({s.physical_address, s.physical_address + s.file_size});
  memory_tracker_.paint_before_run(loaded);
  sample_memory(0, "", stack_top_);
}

void RunProfiler::on_exception_entry(uint32_t handler_address, uint32_t return_address, uint64_t now) {
  BlockProfileInfo b = describe_block(handler_address & ~1u, false, false);
  attribution_.on_exception_entry(b.function, return_address, now);
}

void RunProfiler::note_sp(uint32_t sp) {
  if (sp > stack_top_) return;
  layer_lowest_sp_ = std::min(layer_lowest_sp_, sp);
  if (sp < lowest_sp_) {
    lowest_sp_ = sp;
    lowest_sp_function_ = attribution_.current_function();
  }
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

void RunProfiler::begin_layer(const std::string& name, uint64_t macs, uint64_t now, uint32_t sp) {
  if (open_) end_layer(now, sp);
  // Layer markers in an endless loop must not grow the profile without end
  // (docs/reliability.md): later layers are not recorded.
  if (layers_.size() >= kMaxLayers) return;
  stack_peak_ = std::max<uint64_t>(stack_peak_, memory_tracker_.stack_depth_since_paint(layer_lowest_sp_));
  memory_tracker_.repaint_stack_below(sp);
  layer_lowest_sp_ = sp;
  memory_tracker_.snapshot();
  OpenLayer l;
  l.layer.name = name;
  l.layer.macs = macs;
  l.layer.start_cycle = now;
  l.start_instructions = instructions_;
  open_ = l;
  sample_memory(now, name, sp);
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
  stack_peak_ = std::max<uint64_t>(stack_peak_, l.stack_peak_bytes);
  spans_.push_back(Span{l.name, "layer", l.start_cycle, l.end_cycle, 0});
  layers_.push_back(l);
  open_.reset();
  sample_memory(now, "", sp);
}

void RunProfiler::switch_range_layer(int32_t range, uint64_t now) {
  if (current_range_ >= 0) end_layer(now, stack_top_);
  current_range_ = range;
  if (range >= 0) begin_layer(ranges_[static_cast<size_t>(range)].name, 0, now, stack_top_);
}

void RunProfiler::on_itm(uint32_t port, uint32_t value, uint64_t now, uint32_t sp) {
  switch (port) {
    case kPortMacsLo: pending_macs_ = (pending_macs_ & ~0xFFFFFFFFull) | value; return;
    case kPortMacsHi: pending_macs_ = (pending_macs_ & 0xFFFFFFFFull) | (uint64_t{value} << 32); return;
    case kPortBegin: {
      std::string name;
      char c = 0;
      for (uint32_t a = value; name.size() < 128 && memory_.read(a, &c, 1) && c; ++a) name += c;
      if (name.empty()) name = fmt::format("layer{}", layers_.size());
      begin_layer(name, pending_macs_, now, sp);
      pending_macs_ = 0;
      return;
    }
    case kPortEnd: end_layer(now, sp); return;
    default: return;
  }
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
  attribution_.fill(p);  // functions, calls, folded stacks, function spans
  for (FunctionProfile& f : p.functions) {
    if (auto line = symbols_.line_at(f.address)) {
      f.file = *line->file;
      f.line = line->line;
    }
  }
  p.layers = layers_;
  p.spans.insert(p.spans.end(), spans_.begin(), spans_.end());  // layers
  // Start order; at equal starts the longer (outer) span first.
  std::sort(p.spans.begin(), p.spans.end(), [](const Span& a, const Span& b) {
    return a.start_cycle != b.start_cycle ? a.start_cycle < b.start_cycle : a.end_cycle > b.end_cycle;
  });

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
  std::vector<SymbolSize> symbols;
  for (const ElfSymbol& s : image_.symbols()) {
    if (s.size == 0 || (!s.is_function && !s.is_object)) continue;
    const MemoryRegion* r = board_.region_at(s.address);
    symbols.push_back({s.name, r ? r->name : "", s.address, s.size, s.is_function});
  }
  std::sort(symbols.begin(), symbols.end(), [](const SymbolSize& a, const SymbolSize& b) { return a.size > b.size || (a.size == b.size && a.name < b.name); });
  if (symbols.size() > kLargestSymbols) symbols.resize(kLargestSymbols);
  m.largest_symbols = symbols;
  m.timeline = timeline_;
  return p;
}

}  // namespace mcusim

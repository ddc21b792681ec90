#include "sim/board.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "peripherals/clock_tree.h"
#include "peripherals/register_model.h"
#include "sim/bundled_boards.h"
#include "sim/errors.h"

namespace mcusim {

using nlohmann::json;

std::string_view core_name(CoreKind core) {
  return core == CoreKind::CortexM4 ? "cortex-m4" : "cortex-m7";
}

std::string_view region_kind_name(RegionKind kind) {
  switch (kind) {
    case RegionKind::Flash: return "flash";
    case RegionKind::Sram: return "sram";
    case RegionKind::Tcm: return "tcm";
    case RegionKind::Peripheral: return "peripheral";
  }
  return "?";
}

uint64_t parse_size(std::string_view text, const std::string& what) {
  std::string s(text);
  s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); }), s.end());
  if (s.empty()) throw InputError(fmt::format("{}: empty size", what));
  size_t pos = 0;
  uint64_t value = 0;
  try {
    value = std::stoull(s, &pos, 0);
  } catch (const std::exception&) {
    throw InputError(fmt::format("{}: '{}' is not a size (examples: 4096, 0x1000, 64K, 64KiB, 1M, 320kB)", what, text));
  }
  std::string unit = s.substr(pos);
  std::string lower;
  for (char c : unit) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  uint64_t scale = 0;
  if (lower.empty() || lower == "b") scale = 1;
  else if (unit == "K" || unit == "k" || lower == "kib") scale = 1024;
  else if (unit == "M" || unit == "m" || lower == "mib") scale = 1024 * 1024;
  else if (unit == "kB" || unit == "KB") scale = 1000;
  else if (unit == "MB") scale = 1000 * 1000;
  if (scale == 0) throw InputError(fmt::format("{}: unknown size unit '{}' in '{}' (use K/KiB, M/MiB, kB, MB)", what, unit, text));
  return value * scale;
}

namespace {

uint32_t parse_address(const json& value, const std::string& what) {
  uint64_t v = 0;
  if (value.is_number_unsigned()) v = value.get<uint64_t>();
  else if (value.is_string()) v = parse_size(value.get<std::string>(), what);
  else throw InputError(fmt::format("{}: expected a number or a string like \"0x20000000\"", what));
  if (v > 0xFFFFFFFFull) throw InputError(fmt::format("{}: 0x{:x} does not fit the 32-bit address space", what, v));
  return static_cast<uint32_t>(v);
}

const json& require(const json& object, const char* key, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end()) throw InputError(fmt::format("{}: missing \"{}\"", where, key));
  return *it;
}

// Every number in a board file is a whole number (addresses, sizes, clocks,
// counts). Checked once over the document before anything is read, because
// converting a fraction or a float beyond the target type's range to an
// integer (what get<uint32_t>() does) is undefined behaviour.
void require_whole_numbers(const json& value, const std::string& where, int depth = 0) {
  if (depth > 16)  // board files nest four deep; the limit keeps the walk's stack small on hostile input
    throw InputError(fmt::format("{}: nested too deeply for a board file", where));
  if (value.is_number_float())
    throw InputError(fmt::format("{}: {} is not a whole number (board files hold integers and strings)", where,
                                 value.dump()));
  if (value.is_object())
    for (const auto& [key, item] : value.items()) require_whole_numbers(item, where + "." + key, depth + 1);
  else if (value.is_array())
    for (size_t i = 0; i < value.size(); ++i)
      require_whole_numbers(value[i], fmt::format("{}[{}]", where, i), depth + 1);
}

RegionKind parse_kind(const std::string& text, const std::string& where) {
  if (text == "flash") return RegionKind::Flash;
  if (text == "sram") return RegionKind::Sram;
  if (text == "tcm") return RegionKind::Tcm;
  if (text == "peripheral") return RegionKind::Peripheral;
  throw InputError(fmt::format("{}: kind \"{}\" is not one of flash, sram, tcm, peripheral", where, text));
}

// Wait states in cycles of the region's bus: given outright, or derived from
// the bus clock as on STM32 parts ("one wait state per N MHz": 0 WS up to N
// MHz, +1 for each N more).
uint64_t bus_wait_states(const json& region, uint64_t bus_hz, const std::string& where) {
  if (auto it = region.find("wait_states"); it != region.end()) return it->get<uint32_t>();
  if (auto it = region.find("mhz_per_wait_state"); it != region.end()) {
    uint64_t step = it->get<uint64_t>() * 1000000ull;
    if (step == 0) throw InputError(fmt::format("{}: mhz_per_wait_state must be > 0", where));
    return bus_hz ? (bus_hz + step - 1) / step - 1 : 0;
  }
  return 0;
}

// The largest bus clock divider a board may give (the STM32H7's is 2).
constexpr uint32_t kMaxBusClockDivider = 16;

uint32_t bus_clock_divider(const json& region, const std::string& where) {
  uint32_t divider = region.value("bus_clock_divider", 1u);
  if (divider == 0 || divider > kMaxBusClockDivider)
    throw InputError(fmt::format("{}: bus_clock_divider {} is not between 1 and {}", where, divider,
                                 kMaxBusClockDivider));
  return divider;
}

CacheSpec parse_cache(const json& board, const char* key, const std::string& origin) {
  CacheSpec spec;
  auto caches = board.find("caches");
  if (caches == board.end() || !caches->contains(key)) return spec;
  const json& c = (*caches)[key];
  std::string where = fmt::format("{}: caches.{}", origin, key);
  spec.size = static_cast<uint32_t>(parse_size(require(c, "size", where).get<std::string>(), where + ".size"));
  spec.ways = require(c, "ways", where).get<uint32_t>();
  spec.line = require(c, "line", where).get<uint32_t>();
  if (spec.ways == 0 || spec.line == 0 || spec.size % (spec.ways * spec.line) != 0)
    throw InputError(fmt::format("{}: size must be a multiple of ways x line", where));
  return spec;
}

// "flash_accelerator": "art" (the STM32F4 ART of RM0090, the defaults of
// FlashAcceleratorSpec) or an object giving the geometry (docs/boards.md).
FlashAcceleratorSpec parse_flash_accelerator(const json& value, const Board& board, const std::string& origin) {
  const std::string where = origin + ": flash_accelerator";
  FlashAcceleratorSpec spec;
  if (value.is_string()) {
    spec.type = value.get<std::string>();
    if (spec.type != "art") throw InputError(fmt::format("{}: \"{}\" is not a known accelerator (art)", where, spec.type));
    return spec;
  }
  if (!value.is_object())
    throw InputError(fmt::format("{}: expected \"art\" or an object with type, line_bytes, instruction_lines, "
                                 "data_lines, ways, read_bytes, prefetch, path", where));
  static constexpr std::string_view kKeys[] = {"type", "line_bytes", "instruction_lines", "data_lines",
                                               "ways", "read_bytes", "prefetch", "path"};
  for (const auto& [key, unused] : value.items())
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys))
      throw InputError(fmt::format("{}: unknown field \"{}\" (known: type, line_bytes, instruction_lines, data_lines, "
                                   "ways, read_bytes, prefetch, path)", where, key));
  spec.type = require(value, "type", where).get<std::string>();
  if (spec.type != "art" && spec.type != "nvmc-icache")
    throw InputError(fmt::format("{}.type: \"{}\" is not a known accelerator (art, nvmc-icache)", where, spec.type));
  // The nRF52's NVMC instruction cache: Nordic publishes no geometry, so
  // the board file must state the one it assumes (no ART defaults), and it
  // caches instruction fetches only, with no prefetch buffer.
  const bool icache = spec.type == "nvmc-icache";
  if (icache) {
    for (const char* key : {"line_bytes", "instruction_lines"})
      if (!value.contains(key))
        throw InputError(fmt::format("{}.{}: required for an nvmc-icache (Nordic publishes no cache geometry: "
                                     "give the one you assume)", where, key));
    spec.data_lines = 0;
    spec.prefetch = false;
  }
  auto count = [&](const char* key, uint32_t fallback, uint32_t lo, uint32_t hi) {
    auto it = value.find(key);
    if (it == value.end()) return fallback;
    if (!it->is_number_unsigned() || it->get<uint64_t>() < lo || it->get<uint64_t>() > hi)
      throw InputError(fmt::format("{}.{}: expected a whole number from {} to {}", where, key, lo, hi));
    return it->get<uint32_t>();
  };
  spec.line_bytes = count("line_bytes", spec.line_bytes, 4, 256);
  spec.instruction_lines = count("instruction_lines", spec.instruction_lines, 1, 4096);
  spec.data_lines = count("data_lines", spec.data_lines, 0, 4096);
  spec.ways = count("ways", spec.ways, 0, 4096);
  spec.read_bytes = count("read_bytes", spec.line_bytes, 4, 256);
  if (auto it = value.find("prefetch"); it != value.end()) {
    if (!it->is_boolean()) throw InputError(fmt::format("{}.prefetch: expected true or false", where));
    spec.prefetch = it->get<bool>();
  }
  if (icache && (spec.data_lines || spec.prefetch))
    throw InputError(fmt::format("{}: an nvmc-icache caches instruction fetches only (data_lines 0, prefetch false)",
                                 where));
  auto power_of_two = [](uint32_t v) { return v != 0 && (v & (v - 1)) == 0; };
  if (!power_of_two(spec.line_bytes))
    throw InputError(fmt::format("{}.line_bytes: {} is not a power of two", where, spec.line_bytes));
  if (!power_of_two(spec.read_bytes) || spec.read_bytes > spec.line_bytes)
    throw InputError(fmt::format("{}.read_bytes: {} must be a power of two no larger than line_bytes ({})", where,
                                 spec.read_bytes, spec.line_bytes));
  for (uint32_t lines : {spec.instruction_lines, spec.data_lines}) {
    if (spec.ways == 0 || lines == 0) continue;
    if (lines % spec.ways != 0 || !power_of_two(lines / spec.ways))
      throw InputError(fmt::format("{}.ways: {} lines do not divide into {} ways of a power-of-two number of sets",
                                   where, lines, spec.ways));
  }
  if (auto it = value.find("path"); it != value.end()) {
    spec.path = it->get<std::string>();
    const MemoryRegion* r = board.region_named(spec.path);
    if (!r || r->kind != RegionKind::Flash)
      throw InputError(fmt::format("{}.path: \"{}\" is not a Flash region (or alias) of this board", where, spec.path));
  }
  return spec;
}

// "flash_accelerator": {"register": "ACR", "instructions": "ICEN", "data":
// "DCEN", "prefetch": "PRFTEN"} on a register-model peripheral: the fields of
// that register whose bits switch the board's Flash accelerator. Sides not
// named are never switched on.
AcceleratorSwitch parse_accelerator_switch(const json& value, const RegisterModel* model, const std::string& where) {
  const std::string what = where + ".flash_accelerator";
  if (!model) throw InputError(fmt::format("{}: only a register-model peripheral can switch the accelerator", what));
  if (!value.is_object())
    throw InputError(fmt::format("{}: expected an object with register, instructions, data, prefetch", what));
  for (const auto& [key, unused] : value.items())
    if (key != "register" && key != "instructions" && key != "data" && key != "prefetch")
      throw InputError(fmt::format("{}: unknown field \"{}\" (known: register, instructions, data, prefetch)", what, key));
  AcceleratorSwitch s;
  s.register_name = require(value, "register", what).get<std::string>();
  int reg = model->index_of(s.register_name);
  if (reg < 0) throw InputError(fmt::format("{}.register: the model has no register \"{}\"", what, s.register_name));
  const RegisterSpec& r = model->registers[static_cast<size_t>(reg)];
  auto mask = [&](const char* side) -> uint32_t {
    auto it = value.find(side);
    if (it == value.end()) return 0;
    auto f = r.fields.find(it->get<std::string>());
    if (f == r.fields.end())
      throw InputError(fmt::format("{}.{}: register {} has no field \"{}\"", what, side, r.name, it->get<std::string>()));
    auto [lsb, width] = f->second;
    return FieldRef{reg, lsb, width}.mask();
  };
  s.instructions = mask("instructions");
  s.data = mask("data");
  s.prefetch = mask("prefetch");
  return s;
}

PeripheralSpec parse_peripheral(const json& entry, const std::string& origin,
                                const std::map<std::string, std::shared_ptr<const RegisterModel>>& models) {
  PeripheralSpec spec;
  spec.name = entry.value("name", entry.value("type", entry.value("model", std::string("?"))));
  std::string where = origin + ": peripheral " + spec.name;
  if (auto m = entry.find("model"); m != entry.end()) {
    auto it = models.find(m->get<std::string>());
    if (it == models.end()) throw InputError(fmt::format("{}: unknown register model \"{}\"", where, m->get<std::string>()));
    // A device with code of its own may take its registers from a model too ("type" and "model").
    spec.type = entry.value("type", "registers");
    spec.model = it->second;
  } else {
    spec.type = require(entry, "type", where).get<std::string>();
  }
  spec.base = parse_address(require(entry, "base", where), where + ".base");
  spec.irq = entry.value("irq", -1);
  spec.bus = entry.value("bus", "apb1");
  spec.counter_bits = entry.value("counter_bits", 16u);
  spec.clock_tree = entry.value("clock_tree", false);
  if (auto a = entry.find("flash_accelerator"); a != entry.end())
    spec.flash_accelerator = parse_accelerator_switch(*a, spec.model.get(), where);
  if (auto p = entry.find("parameters"); p != entry.end()) {
    if (!p->is_object()) throw InputError(fmt::format("{}.parameters: expected an object of numbers", where));
    for (const auto& [key, value] : p->items())
      spec.parameters[key] = value.is_boolean() ? value.get<bool>() : parse_address(value, where + ".parameters." + key);
  }
  if (auto r = entry.find("reset"); r != entry.end())
    for (const auto& [reg, value] : r->items()) spec.resets.push_back({reg, parse_address(value, where + ".reset." + reg)});
  return spec;
}

// A series file (peripherals/series/*.json): register models, the clock
// tree and the system peripherals every part of the series has.
void add_series(Board& board, const std::string& series, const std::string& origin) {
  const BundledBoard* file = nullptr;
  std::string known;
  for (const BundledBoard& s : bundled_series()) {
    if (s.name == series) file = &s;
    known += (known.empty() ? "" : ", ") + std::string(s.name);
  }
  if (!file) throw InputError(fmt::format("{}: unknown series \"{}\" (known: {})", origin, series, known));
  std::string where = fmt::format("series {}", series);
  json doc = json::parse(file->json);
  std::map<std::string, std::shared_ptr<const RegisterModel>> models;
  for (const auto& [name, model] : doc.at("models").items())
    models[name] = std::make_shared<const RegisterModel>(parse_register_model(model, name, where + ": model " + name));
  board.clock_tree = doc.value("clock_tree", "fixed");
  if (!is_known_clock_tree(board.clock_tree)) throw InputError(fmt::format("{}: unknown clock tree \"{}\"", where, board.clock_tree));
  for (const json& entry : doc.at("peripherals")) {
    PeripheralSpec spec = parse_peripheral(entry, where, models);
    // The board's own peripherals win over the series' at the same address.
    bool taken = false;
    for (const PeripheralSpec& p : board.peripherals) taken |= p.base == spec.base;
    if (!taken) board.peripherals.push_back(std::move(spec));
  }
}

// "rNpM" with N and M from 0 to 15: the CPUID variant and revision fields.
CoreRevision parse_core_revision(const json& value, const std::string& origin) {
  // Reads a decimal 0..15 at `at`, advancing it; -1 when there is none.
  auto number = [](const std::string& t, size_t& at) {
    size_t begin = at;
    while (at < t.size() && at - begin < 2 && std::isdigit(static_cast<unsigned char>(t[at]))) ++at;
    return at == begin ? -1 : std::stoi(t.substr(begin, at - begin));
  };
  std::string text = value.is_string() ? value.get<std::string>() : "";
  size_t at = 1;
  int variant = !text.empty() && text[0] == 'r' ? number(text, at) : -1;
  int revision = -1;
  if (variant >= 0 && at < text.size() && text[at] == 'p') revision = number(text, ++at);
  if (variant < 0 || variant > 15 || revision < 0 || revision > 15 || at != text.size())
    throw InputError(fmt::format("{}: core_revision {} is not a core revision like \"r0p1\" (rN pM, N and M 0 to 15)",
                                 origin, value.dump()));
  return {static_cast<uint8_t>(variant), static_cast<uint8_t>(revision)};
}

}  // namespace

std::string core_revision_name(CoreRevision r) { return fmt::format("r{}p{}", r.variant, r.revision); }

Board parse_board(std::string_view json_text, const std::string& origin) {
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::exception& e) {  // parse_error, and out_of_range for a number too large for any type
    throw InputError(fmt::format("{}: not valid JSON: {}", origin, e.what()));
  }
  require_whole_numbers(doc, origin);
  Board board;
  try {
    board.name = require(doc, "name", origin).get<std::string>();
    board.description = doc.value("description", "");
    std::string core = require(doc, "core", origin).get<std::string>();
    if (core == "cortex-m4") board.core = CoreKind::CortexM4;
    else if (core == "cortex-m7") board.core = CoreKind::CortexM7;
    else throw InputError(fmt::format("{}: core \"{}\" is not cortex-m4 or cortex-m7", origin, core));
    board.has_fpu = doc.value("fpu", true);
    if (auto r = doc.find("core_revision"); r != doc.end()) board.core_revision = parse_core_revision(*r, origin);
    board.clock_hz = require(doc, "clock_hz", origin).get<uint64_t>();
    if (board.clock_hz == 0) throw InputError(fmt::format("{}: clock_hz must be > 0", origin));
    board.boot_address = parse_address(require(doc, "boot_address", origin), origin + ": boot_address");
    board.irq_count = doc.value("irq_count", 96u);
    if (board.irq_count > 240) throw InputError(fmt::format("{}: irq_count {} exceeds the Armv7-M maximum of 240", origin, board.irq_count));

    for (const json& r : require(doc, "memory", origin)) {
      MemoryRegion region;
      region.name = require(r, "name", origin + ": memory entry").get<std::string>();
      std::string where = fmt::format("{}: memory region \"{}\"", origin, region.name);
      region.base = parse_address(require(r, "base", where), where + ".base");
      if (auto alias = r.find("alias_of"); alias != r.end()) {
        region.alias_of = alias->get<std::string>();
      } else {
        uint64_t size = parse_size(require(r, "size", where).get<std::string>(), where + ".size");
        if (size == 0 || size > 0x100000000ull - region.base)
          throw InputError(fmt::format("{}: size 0x{:x} at base 0x{:08x} leaves the address space", where, size, region.base));
        region.size = static_cast<uint32_t>(size);
        region.kind = parse_kind(require(r, "kind", where).get<std::string>(), where);
        // Defaults by kind; "access" overrides. Flash is not writable by plain
        // stores on any supported part; RAM is not executable unless the board
        // says so, which keeps Unicorn's fast store path (docs/boards.md).
        region.writable = region.kind != RegionKind::Flash;
        region.executable = region.kind == RegionKind::Flash;
      }
      std::string access = r.value("access", "");
      if (!access.empty()) {
        region.readable = access.find('r') != std::string::npos;
        region.writable = access.find('w') != std::string::npos;
        region.executable = access.find('x') != std::string::npos;
      }
      region.bus_clock_divider = bus_clock_divider(r, where);
      region.mhz_per_wait_state = r.value("mhz_per_wait_state", 0u);
      uint64_t bus_ws = bus_wait_states(r, board.clock_hz / region.bus_clock_divider, where);
      uint64_t core_ws = (bus_ws + 1) * region.bus_clock_divider - 1;
      if (core_ws > kMaxWaitStates)
        throw InputError(fmt::format("{}: {} wait states (in core cycles) is more than the {} mcusim supports; check "
                                     "the clock, wait_states / mhz_per_wait_state and bus_clock_divider",
                                     where, core_ws, kMaxWaitStates));
      region.wait_states = static_cast<uint32_t>(core_ws);
      board.regions.push_back(region);
    }
    // Resolve aliases now that every region is known.
    for (MemoryRegion& region : board.regions) {
      if (region.alias_of.empty()) continue;
      const MemoryRegion* target = board.region_named(region.alias_of);
      if (!target || !target->alias_of.empty())
        throw InputError(fmt::format("{}: region \"{}\" aliases \"{}\", which is not a memory region of this board",
                                     origin, region.name, region.alias_of));
      MemoryRegion copy = *target;
      copy.name = region.name;
      copy.base = region.base;
      copy.alias_of = target->name;
      region = copy;
    }
    for (size_t i = 0; i < board.regions.size(); ++i) {
      const MemoryRegion& a = board.regions[i];
      if (a.base % 1024 != 0 || a.size % 1024 != 0)
        throw InputError(fmt::format("{}: region \"{}\" must start and end on a 1 KiB boundary", origin, a.name));
      for (size_t j = i + 1; j < board.regions.size(); ++j) {
        const MemoryRegion& b = board.regions[j];
        if (a.base < b.end() && b.base < a.end())
          throw InputError(fmt::format("{}: regions \"{}\" and \"{}\" overlap", origin, a.name, b.name));
      }
    }
    if (auto p = doc.find("peripherals"); p != doc.end()) {
      for (const json& entry : *p) board.peripherals.push_back(parse_peripheral(entry, origin, {}));
    }
    board.hse_hz = doc.value("hse_hz", uint64_t{0});
    board.series = doc.value("series", "");
    if (!board.series.empty()) add_series(board, board.series, origin);
    board.icache = parse_cache(doc, "icache", origin);
    board.dcache = parse_cache(doc, "dcache", origin);
    if (auto a = doc.find("flash_accelerator"); a != doc.end())
      board.flash_accelerator = parse_flash_accelerator(*a, board, origin);
  } catch (const json::exception& e) {
    throw InputError(fmt::format("{}: {}", origin, e.what()));
  }
  if (!board.region_at(board.boot_address))
    throw InputError(fmt::format("{}: boot_address 0x{:08x} is not inside any memory region", origin, board.boot_address));
  return board;
}

uint32_t core_wait_states(uint32_t bus_wait_states, uint32_t divider) {
  uint64_t core = (uint64_t{bus_wait_states} + 1) * std::max(divider, 1u) - 1;
  return static_cast<uint32_t>(std::min<uint64_t>(core, kMaxWaitStates));
}

uint32_t wait_states_at(const MemoryRegion& region, uint64_t core_hz) {
  if (!region.mhz_per_wait_state) return region.wait_states;
  uint64_t step = uint64_t{region.mhz_per_wait_state} * 1000000ull;
  uint64_t bus_hz = core_hz / std::max(region.bus_clock_divider, 1u);
  uint64_t ws = bus_hz ? (bus_hz + step - 1) / step - 1 : 0;
  return core_wait_states(static_cast<uint32_t>(std::min<uint64_t>(ws, kMaxWaitStates)), region.bus_clock_divider);
}

const MemoryRegion* Board::region_at(uint32_t address) const {
  for (const MemoryRegion& r : regions)
    if (r.contains(address)) return &r;
  return nullptr;
}

const MemoryRegion* Board::region_named(std::string_view region_name) const {
  for (const MemoryRegion& r : regions)
    if (r.name == region_name) return &r;
  return nullptr;
}

std::vector<const MemoryRegion*> Board::storage_regions() const {
  std::vector<const MemoryRegion*> out;
  for (const MemoryRegion& r : regions)
    if (r.alias_of.empty() && r.kind != RegionKind::Peripheral) out.push_back(&r);
  return out;
}

std::string Board::describe_regions() const {
  std::string out;
  for (const MemoryRegion& r : regions) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} 0x{:08x}-0x{:08x}", r.name, r.base, static_cast<uint32_t>(r.end() - 1));
  }
  return out;
}

std::vector<std::string> bundled_board_names() {
  std::vector<std::string> names;
  for (const BundledBoard& b : bundled_boards()) names.emplace_back(b.name);
  return names;
}

Board load_board(const std::string& name_or_path) {
  bool is_path = name_or_path.find('/') != std::string::npos ||
                 (name_or_path.size() > 5 && name_or_path.ends_with(".json"));
  if (!is_path) {
    for (const BundledBoard& b : bundled_boards())
      if (b.name == name_or_path) return parse_board(b.json, "board " + name_or_path);
    std::string known;
    for (const std::string& n : bundled_board_names()) known += (known.empty() ? "" : ", ") + n;
    throw InputError(fmt::format("unknown board '{}': bundled boards are {} (or pass a board file path)",
                                 name_or_path, known));
  }
  std::ifstream in(name_or_path);
  if (!in) throw InputError(fmt::format("{}: cannot open board file", name_or_path));
  std::stringstream text;
  text << in.rdbuf();
  return parse_board(text.str(), name_or_path);
}

}  // namespace mcusim

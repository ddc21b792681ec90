#include "profiler/arena_tracker.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <regex>

#include "sim/errors.h"
#include "sim/symbolizer.h"

namespace mcusim {

namespace {
// TF-Lite Micro examples: tensor_arena, g_tensor_arena, kTensorArena...;
// microTVM's AOT workspace: g_aot_memory; other frameworks: *_arena. Matched
// against a symbol's own name: TF-Lite Micro's examples declare the arena in
// an anonymous namespace (_ZN12_GLOBAL__N_1L12tensor_arenaE).
const std::regex kArenaName{"(.*_)?[tT]ensor_?[aA]rena(_.*)?|.*_arena|g_aot_memory", std::regex::ECMAScript};
constexpr uint32_t kSmallestArena = 256;
}  // namespace

std::optional<ArenaSpec> find_arena(const ElfImage& image, const std::string& option, std::string_view framework_pattern) {
  if (option == "none") return std::nullopt;
  if (option.empty()) {
    auto largest = [&image](const std::regex& name) {
      const ElfSymbol* best = nullptr;
      for (const ElfSymbol& s : image.symbols())
        if (s.is_object && s.size >= kSmallestArena && (!best || s.size > best->size) &&
            std::regex_match(unqualified_name(s.name), name))
          best = &s;
      return best;
    };
    const ElfSymbol* best = largest(kArenaName);
    if (!best && !framework_pattern.empty()) best = largest(std::regex(std::string(framework_pattern), std::regex::ECMAScript));
    if (!best) return std::nullopt;
    return ArenaSpec{demangle(best->name), best->address, best->size};
  }
  auto colon = option.find(':');
  if (colon != std::string::npos && option.starts_with("0x")) {
    uint64_t base = parse_size(option.substr(0, colon), "--arena");
    uint64_t size = parse_size(option.substr(colon + 1), "--arena");
    if (size == 0 || base + size > 0x100000000ull) throw InputError(fmt::format("--arena: '{}' is not an address range", option));
    return ArenaSpec{option, static_cast<uint32_t>(base), static_cast<uint32_t>(size)};
  }
  // The symbol as the ELF spells it, else as C++ code names it (demangled,
  // "(anonymous namespace)::tensor_arena"), else by its own name when only
  // one data symbol has it.
  auto named = [&image](auto&& matches) {
    std::vector<const ElfSymbol*> hits;
    for (const ElfSymbol& s : image.symbols())
      if (!s.is_function && matches(s)) hits.push_back(&s);
    return hits;
  };
  std::vector<const ElfSymbol*> hits = named([&](const ElfSymbol& s) { return s.name == option; });
  if (hits.empty()) hits = named([&](const ElfSymbol& s) { return demangle(s.name) == option; });
  if (hits.empty()) hits = named([&](const ElfSymbol& s) { return unqualified_name(s.name) == option; });
  if (hits.size() > 1 && hits[0]->name != option) {
    std::string names;
    for (const ElfSymbol* s : hits) names += fmt::format("{}'{}' (0x{:08x})", names.empty() ? "" : ", ", demangle(s->name), s->address);
    throw InputError(fmt::format("--arena: '{}' names {} data symbols: {}; give the qualified name or ADDR:SIZE",
                                 option, hits.size(), names));
  }
  if (!hits.empty()) {
    const ElfSymbol& s = *hits[0];
    if (s.size == 0) throw InputError(fmt::format("--arena: symbol '{}' has no size; give ADDR:SIZE", option));
    return ArenaSpec{demangle(s.name), s.address, s.size};
  }
  throw InputError(fmt::format("--arena: no data symbol named '{}' in the firmware (or give ADDR:SIZE, e.g. 0x20000000:65536)", option));
}

ArenaTracker::ArenaTracker(MemoryMap& memory, ArenaSpec spec) : memory_(memory), spec_(std::move(spec)) {
  if (!memory_.host(spec_.base, spec_.size))
    throw InputError(fmt::format("--arena: {} (0x{:08x}, {} bytes) is not in the board's RAM", spec_.name, spec_.base, spec_.size));
}

void ArenaTracker::paint() {
  std::memset(memory_.host(spec_.base, spec_.size), kPaint, spec_.size);
  painted_ = true;
}

uint64_t ArenaTracker::used_bytes() const {
  if (!painted_) return 0;
  const uint8_t* p = memory_.host(spec_.base, spec_.size);
  return static_cast<uint64_t>(std::count_if(p, p + spec_.size, [](uint8_t b) { return b != kPaint; }));
}

uint64_t ArenaTracker::high_water_bytes(uint64_t at_least) const {
  if (!painted_) return at_least;
  const uint8_t* p = memory_.host(spec_.base, spec_.size);
  for (uint64_t i = spec_.size; i > at_least; --i)
    if (p[i - 1] != kPaint) return i;
  return at_least;
}

}  // namespace mcusim

#include "sim/options/run_option_table.h"

#include <fmt/format.h>

#include <cmath>

#include "sim/errors.h"

namespace mcusim {

namespace {

using K = OptionKind;

// Rows in the order help lists them. The help strings are the CLI's; Python
// docstrings and docs/python.md show the same text.
const RunOptionSpec kRunOptions[] = {
    {"--board", "board", K::Text, "NAME|FILE", "bundled board name (mcusim boards) or a board file",
     [](RunSettings& s) -> OptionField { return &s.board; }, true},
    {"--timing", "timing", K::Text, "MODE",
     "fast (cycle model), accurate (plus simulated caches and per-access wait states; slower) or instructions (1 cycle each)",
     [](RunSettings& s) -> OptionField { return &s.options.timing; }, true},
    {"--max-instructions", "max_instructions", K::Count, "N", "stop after N instructions (0 = no limit)",
     [](RunSettings& s) -> OptionField { return &s.options.max_instructions; }},
    {"--max-cycles", "max_cycles", K::Count, "N", "stop after N modelled cycles (0 = no limit)",
     [](RunSettings& s) -> OptionField { return &s.options.max_cycles; }},
    {"--timeout", "timeout", K::Seconds, "SECONDS", "stop after this much host time (not deterministic; 0 = none)",
     [](RunSettings& s) -> OptionField { return &s.options.timeout_seconds; }},
    {"--max-output", "max_output", K::Count, "BYTES", "stop when the firmware has written this much output (0 = no limit)",
     [](RunSettings& s) -> OptionField { return &s.options.max_output; }},
    {"--idle-limit", "idle_limit", K::Seconds, "SECONDS",
     "stop a firmware that only idles (one loop, only interrupts running) for this much simulated time (0 = never)",
     [](RunSettings& s) -> OptionField { return &s.options.idle_limit_seconds; }},
    {"--strict", "strict", K::Switch, "", "accesses to unmapped addresses are bus faults",
     [](RunSettings& s) -> OptionField { return &s.options.strict; }},
    {"--no-stack-check", "stack_check", K::NoSwitch, "", "do not stop when SP falls below the stack limit",
     [](RunSettings& s) -> OptionField { return &s.options.stack_check; }},
    {"--no-alignment-checks", "alignment_checks", K::NoSwitch, "",
     "skip the UsageFault checks of unaligned LDM/LDRD/... (a few % faster)",
     [](RunSettings& s) -> OptionField { return &s.options.alignment_checks; }},
    {"--semihosting-root", "semihosting_root", K::Path, "DIR", "let the firmware open host files inside DIR",
     [](RunSettings& s) -> OptionField { return &s.options.semihosting_root; }},
    {"--layers", "layers", K::Text, "MODE",
     "where layers come from: auto (a framework recognised from the symbols, else ITM markers), markers, none, tflm, "
     "microtvm, tinyengine, xcubeai, cmsis-nn",
     [](RunSettings& s) -> OptionField { return &s.options.profile_options.layers; }, false, true},
    {"--layer-caller", "layer_caller", K::Text, "F", "each call function F makes (not deeper) is a layer",
     [](RunSettings& s) -> OptionField { return &s.options.profile_options.layer_caller; }, false, true},
    {"--layer-functions", "layer_functions", K::Text, "RE", "each call of a function matching RE is a layer",
     [](RunSettings& s) -> OptionField { return &s.options.profile_options.layer_functions; }, false, true},
    {"--layer-map", "layer_map", K::Path, "FILE", "layers from 'NAME SYMBOL' / 'NAME 0xSTART-0xEND' lines",
     [](RunSettings& s) -> OptionField { return &s.options.profile_options.layer_map; }, false, true},
    {"--arena", "arena", K::Text, "SYMBOL|ADDR:SIZE|none",
     "the activation arena to measure (no value: a tensor_arena-like symbol)",
     [](RunSettings& s) -> OptionField { return &s.options.profile_options.arena; }, false, true},
    {"--", "firmware_args", K::Arguments, "ARGS", "the firmware's command line (semihosting SYS_GET_CMDLINE)",
     [](RunSettings& s) -> OptionField { return &s.options.firmware_args; }},
};

}  // namespace

std::span<const RunOptionSpec> run_option_table() { return kRunOptions; }

const RunOptionSpec* run_option_by_cli(std::string_view cli) {
  for (const RunOptionSpec& s : kRunOptions)
    if (s.cli == cli) return &s;
  return nullptr;
}

const RunOptionSpec* run_option_by_python(std::string_view python) {
  for (const RunOptionSpec& s : kRunOptions)
    if (s.python == python) return &s;
  return nullptr;
}

std::string default_text(const RunOptionSpec& spec) {
  RunSettings defaults;
  if (spec.kind == OptionKind::Switch || spec.kind == OptionKind::NoSwitch) return "";
  return std::visit(
      [](auto* value) -> std::string {
        using T = std::remove_pointer_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::vector<std::string>>) return value->empty() ? "" : fmt::format("{}", fmt::join(*value, " "));
        else if constexpr (std::is_same_v<T, bool>) return *value ? "true" : "false";
        else return fmt::format("{}", *value);
      },
      spec.field(defaults));
}

std::string_view python_type(OptionKind kind) {
  switch (kind) {
    case OptionKind::Count: return "int";
    case OptionKind::Seconds: return "float, seconds";
    case OptionKind::Text: return "str";
    case OptionKind::Path: return "str or os.PathLike";
    case OptionKind::Switch:
    case OptionKind::NoSwitch: return "bool";
    case OptionKind::Arguments: return "list of str";
  }
  return "";
}

uint64_t parse_count(const std::string& text, std::string_view option) {
  try {
    size_t used = 0;
    // stoull takes a sign and wraps a negative number around: refuse it.
    if (!text.empty() && text[0] != '-' && text[0] != '+') {
      uint64_t n = std::stoull(text, &used, 0);
      if (used == text.size()) return n;
    }
  } catch (const std::exception&) {
  }
  throw InputError(fmt::format("{}: '{}' is not a whole number", option, text));
}

double check_seconds(double seconds, std::string_view option) {
  if (std::isfinite(seconds) && seconds >= 0) return seconds;
  throw InputError(fmt::format("{}: '{}' is not a number of seconds", option, seconds));
}

double parse_seconds(const std::string& text, std::string_view option) {
  try {
    size_t used = 0;
    double d = std::stod(text, &used);
    if (used == text.size() && std::isfinite(d) && d >= 0) return d;
  } catch (const std::exception&) {
  }
  throw InputError(fmt::format("{}: '{}' is not a number of seconds", option, text));
}

void set_from_text(const RunOptionSpec& spec, RunSettings& settings, const std::string& text) {
  OptionField field = spec.field(settings);
  switch (spec.kind) {
    case OptionKind::Count: *std::get<uint64_t*>(field) = parse_count(text, spec.cli); break;
    case OptionKind::Seconds: *std::get<double*>(field) = parse_seconds(text, spec.cli); break;
    case OptionKind::Text:
    case OptionKind::Path: *std::get<std::string*>(field) = text; break;
    case OptionKind::Switch: *std::get<bool*>(field) = true; break;
    case OptionKind::NoSwitch: *std::get<bool*>(field) = false; break;
    case OptionKind::Arguments: std::get<std::vector<std::string>*>(field)->push_back(text); break;
  }
}

bool profiling_requested(const RunSettings& settings) {
  RunSettings defaults;
  RunSettings current = settings;  // field() hands out pointers to write through: read a copy
  for (const RunOptionSpec& spec : kRunOptions) {
    if (!spec.profiling) continue;
    bool differs = std::visit([&](auto* value) { return *value != *std::get<decltype(value)>(spec.field(defaults)); },
                              spec.field(current));
    if (differs) return true;
  }
  return false;
}

}  // namespace mcusim

// Where the layers of an unmodified generated ELF are: the calls its
// framework's dispatcher makes, recognised from the ELF's symbols.
//
// A preset is data: which function dispatches (caller), which of its calls
// are layers (callee pattern; indirect calls only for interpreters that call
// kernels through a registration pointer) and which symbols must be present
// for the framework to be recognised. Adding a framework is adding a row to
// the table in layer_presets.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mcusim {

struct LayerPreset {
  std::string_view name;       // --layers value: "tflm", "microtvm", ...
  std::string_view framework;  // for people: "TF-Lite Micro"
  // Function names (demangled, without parameters) the dispatcher may have;
  // ECMAScript regex matched against the whole name. Empty: layers are the
  // outermost calls of functions matching `callee` wherever they are made.
  std::string_view caller;
  std::string_view callee;     // regex a callee must match to be a layer; empty: any
  bool indirect_calls_only;    // only calls through a pointer (BLX Rm) are layers
  // Every pattern must match some function for the framework to be recognised.
  std::vector<std::string_view> recognise;
  // The framework's activation buffer when it has a name of its own that
  // the generic arena patterns (arena_tracker.cpp) do not match: regex over
  // data symbols; empty: none.
  std::string_view arena = {};
};

// In detection order (the first recognised wins).
const std::vector<LayerPreset>& layer_presets();
const LayerPreset* find_layer_preset(std::string_view name);

struct RecognisedFramework {
  const LayerPreset* preset;
  std::string evidence;  // the symbols that gave it away
};
// `names`: every function's demangled name without parameters.
std::optional<RecognisedFramework> recognise_framework(const std::vector<std::string>& names);

// Does the whole of `name` match the ECMAScript pattern?
bool matches_whole(std::string_view pattern, const std::string& name);

}  // namespace mcusim

// The run options run() and sweep() take, by the CLI's names with '_' for
// '-': max_instructions, max_cycles, timeout, strict, stack_check,
// alignment_checks, semihosting_root, firmware_args, layer_functions,
// layer_map. Unknown names are an error, as unknown CLI options are.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include "sim/errors.h"
#include "sim/python/bindings.h"

namespace mcusim::python {

RunOptions run_options_from(const py::kwargs& kwargs, const char* function) {
  RunOptions o;
  for (const auto& [key, value] : kwargs) {
    std::string name = key.cast<std::string>();
    if (value.is_none()) continue;  // None: the default
    if (name == "max_instructions") o.max_instructions = value.cast<uint64_t>();
    else if (name == "max_cycles") o.max_cycles = value.cast<uint64_t>();
    else if (name == "timeout") o.timeout_seconds = value.cast<double>();
    else if (name == "strict") o.strict = value.cast<bool>();
    else if (name == "stack_check") o.stack_check = value.cast<bool>();
    else if (name == "alignment_checks") o.alignment_checks = value.cast<bool>();
    else if (name == "semihosting_root") o.semihosting_root = path_of(value);
    else if (name == "firmware_args") o.firmware_args = value.cast<std::vector<std::string>>();
    else if (name == "layer_functions") o.profile_options.layer_functions = value.cast<std::string>();
    else if (name == "layer_map") o.profile_options.layer_map = path_of(value);
    else throw py::type_error(fmt::format("{}() got an unexpected keyword argument '{}'", function, name));
  }
  if (o.timeout_seconds < 0) throw InputError(fmt::format("--timeout: '{}' is not a number of seconds", o.timeout_seconds));
  return o;
}

}  // namespace mcusim::python

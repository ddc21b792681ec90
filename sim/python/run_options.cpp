// The run options run(), sweep() and sweep_job() take as keywords: the rows of
// sim/options/run_option_table.h by their Python names (the CLI's without
// --/no-, '-' as '_'). Unknown names are a TypeError, as Python's own; bad
// values get the CLI's messages.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include "sim/errors.h"
#include "sim/options/run_option_table.h"
#include "sim/python/bindings.h"

namespace mcusim::python {

namespace {

void set_from_python(const RunOptionSpec& spec, RunSettings& settings, const py::handle& value) {
  OptionField field = spec.field(settings);
  switch (spec.kind) {
    case OptionKind::Count:  // an int, or the CLI's text ("0x1000")
      if (py::isinstance<py::str>(value)) set_from_text(spec, settings, value.cast<std::string>());
      else *std::get<uint64_t*>(field) = value.cast<uint64_t>();
      break;
    case OptionKind::Seconds:
      if (py::isinstance<py::str>(value)) set_from_text(spec, settings, value.cast<std::string>());
      else *std::get<double*>(field) = check_seconds(value.cast<double>(), spec.cli);
      break;
    case OptionKind::Text: *std::get<std::string*>(field) = value.cast<std::string>(); break;
    case OptionKind::Path: *std::get<std::string*>(field) = path_of(value); break;
    case OptionKind::Switch:
    case OptionKind::NoSwitch: *std::get<bool*>(field) = value.cast<bool>(); break;
    case OptionKind::Arguments: *std::get<std::vector<std::string>*>(field) = value.cast<std::vector<std::string>>(); break;
  }
}

}  // namespace

RunOptions run_options_from(const py::kwargs& kwargs, const char* function) {
  RunSettings settings;
  for (const auto& [key, value] : kwargs) {
    std::string name = key.cast<std::string>();
    const RunOptionSpec* spec = run_option_by_python(name);
    // board and timing are parameters of their own (sweep: boards, timings).
    if (!spec || spec->python_parameter)
      throw py::type_error(fmt::format("{}() got an unexpected keyword argument '{}'", function, name));
    if (value.is_none()) continue;  // None: the default
    try {
      set_from_python(*spec, settings, value);
    } catch (const py::cast_error&) {
      throw py::type_error(fmt::format("{}(): {} must be {}, not {}", function, name, python_type(spec->kind),
                                       py::str(py::type::handle_of(value).attr("__name__")).cast<std::string>()));
    }
  }
  settings.options.profile = profiling_requested(settings);
  return settings.options;
}

std::string run_options_doc() {
  std::string doc;
  for (const RunOptionSpec& spec : run_option_table()) {
    if (spec.python_parameter) continue;
    std::string value = default_text(spec);
    if (spec.kind == OptionKind::NoSwitch) value = "True";
    if (spec.kind == OptionKind::Switch) value = "False";
    doc += fmt::format("  {} ({}{}): {}\n", spec.python, python_type(spec.kind), value.empty() ? "" : ", default " + value, spec.help);
  }
  return doc;
}

py::list run_options_table() {
  py::list rows;
  for (const RunOptionSpec& spec : run_option_table()) {
    py::dict row;
    row["cli"] = spec.cli;
    row["python"] = spec.python;
    row["type"] = python_type(spec.kind);
    row["default"] = default_text(spec);
    row["help"] = spec.help;
    row["parameter"] = spec.python_parameter;  // a named parameter of run(), not one of **options
    row["profiling"] = spec.profiling;
    rows.append(row);
  }
  return rows;
}

}  // namespace mcusim::python

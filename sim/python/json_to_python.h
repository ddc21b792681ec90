// nlohmann::json -> plain Python values (dict, list, str, int, float, bool,
// None), so Python sees exactly what the JSON report holds.
#pragma once

#include <nlohmann/json.hpp>
#include <pybind11/pybind11.h>

namespace mcusim::python {

pybind11::object to_python(const nlohmann::json& value);

}  // namespace mcusim::python

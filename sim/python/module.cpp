// _mcusim: the compiled half of the `mcusim` Python package.
#include "sim/errors.h"
#include "sim/python/bindings.h"

namespace mcusim::python {

std::string path_of(const py::handle& path) { return py::module_::import("os").attr("fspath")(path).cast<std::string>(); }

}  // namespace mcusim::python

PYBIND11_MODULE(_mcusim, m) {
  namespace py = pybind11;
  m.doc() = "mcusim: instruction-level simulator and profiler for Cortex-M4/M7 firmware";
  // What the CLI reports as "mcusim: <message>" with exit 125: a bad ELF,
  // board, option or file. A ValueError, so `except ValueError` catches it.
  py::register_exception<mcusim::InputError>(m, "InputError", PyExc_ValueError);
  mcusim::python::bind_run(m);
  mcusim::python::bind_info(m);
  mcusim::python::bind_check(m);
  mcusim::python::bind_sweep(m);
  mcusim::python::bind_nas(m);
}

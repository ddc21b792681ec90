// The pieces of the _mcusim extension module, one file each; module.cpp
// calls them in order.
#pragma once

#include <pybind11/pybind11.h>

#include <string>

#include "profiler/report/budget.h"
#include "sim/simulator.h"

namespace mcusim::python {

namespace py = pybind11;

void bind_run(py::module_& m);    // run(), RunResult
void bind_info(py::module_& m);   // boards(), info()
void bind_check(py::module_& m);  // check(), CheckResult
void bind_sweep(py::module_& m);  // sweep(), sweep_job()
void bind_nas(py::module_& m);    // nas_sample(), nas_evaluate(), nas_report(), nas_lut(), nas_predict()

// A path argument: str or os.PathLike.
std::string path_of(const py::handle& path);

// RunOptions from the keyword arguments run() and sweep() share: the rows of
// the run option table (sim/options/run_option_table.h) by their Python names.
RunOptions run_options_from(const py::kwargs& options, const char* function);
// Those keywords, one line each with type, default and help, for docstrings.
std::string run_options_doc();
// The table as mcusim.RUN_OPTIONS: dicts of cli, python, type, default, help.
py::list run_options_table();

// check()'s and sweep()'s budget arguments: sizes as bytes or the CLI's text
// ("320K"), latency in ms or as the CLI's text ("25ms"), cycles.
Budget budget_from(const py::object& max_sram, const py::object& max_flash, const py::object& max_latency_ms,
                   const py::object& max_latency, const py::object& max_cycles);

}  // namespace mcusim::python

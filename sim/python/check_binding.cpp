// mcusim.check(): `mcusim check`'s budget rules (profiler/report/budget) on a
// RunResult or a profile JSON file.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include "profiler/report/budget.h"
#include "profiler/report/json_report.h"
#include "sim/errors.h"
#include "sim/python/bindings.h"
#include "sim/python/run_result.h"

namespace mcusim::python {

namespace {

const char* const kUnits[] = {"bytes", "cycles", "seconds"};

struct CheckResult {
  bool passed = false;
  std::vector<BudgetLine> lines;
  std::string reason;  // why it failed without lines (the run did not finish)
};

// A size: an int (bytes) or the CLI's text ("320K", "1M", "0x400").
std::optional<uint64_t> size_of(const py::object& value, const char* option) {
  if (value.is_none()) return std::nullopt;
  if (py::isinstance<py::str>(value)) return parse_size(value.cast<std::string>(), option);
  return value.cast<uint64_t>();
}

// The CLI checks budgets only on a run that ran to its end; a fault or limit
// is a failed check with the run's reason.
}  // namespace

Budget budget_from(const py::object& max_sram, const py::object& max_flash, const py::object& max_latency_ms,
                   const py::object& max_latency, const py::object& max_cycles) {
  Budget budget;
  budget.max_sram = size_of(max_sram, "--max-sram");
  budget.max_flash = size_of(max_flash, "--max-flash");
  if (!max_cycles.is_none()) budget.max_cycles = max_cycles.cast<uint64_t>();
  if (!max_latency_ms.is_none() && !max_latency.is_none())
    throw InputError("check: give max_latency_ms or max_latency, not both");
  if (!max_latency_ms.is_none()) {
    double ms = max_latency_ms.cast<double>();
    if (!(ms >= 0)) throw InputError(fmt::format("max_latency_ms: '{}' is not a time", ms));
    budget.max_seconds = ms / 1e3;
  }
  if (!max_latency.is_none()) budget.max_seconds = parse_time(max_latency.cast<std::string>(), "--max-latency");
  return budget;
}

namespace {

CheckResult check(const py::object& run, const py::object& max_sram, const py::object& max_flash,
                  const py::object& max_latency_ms, const py::object& max_latency, const py::object& max_cycles) {
  Budget budget = budget_from(max_sram, max_flash, max_latency_ms, max_latency, max_cycles);
  Profile profile;
  if (py::isinstance<PyRunResult>(run)) {
    const auto& r = run.cast<const PyRunResult&>();
    if (r.result.reason != StopReason::Exited)
      return {false, {}, fmt::format("the run did not finish: {}", r.result.fault ? r.result.fault->kind + ": " + r.result.fault->detail : r.result.message)};
    if (!r.profile) throw InputError("check: the run was not profiled (mcusim.run(..., profile=True))");
    profile = *r.profile;
  } else {
    profile = read_profile_json(path_of(run));  // a profile written by `mcusim run --json`
  }
  CheckResult c;
  c.lines = check_budget(profile, budget);
  c.passed = budget_passed(c.lines);
  return c;
}

py::dict line_dict(const BudgetLine& l) {
  py::dict d;
  d["what"] = l.what;
  d["limit"] = l.limit;
  d["actual"] = l.actual;
  d["margin_percent"] = l.margin_percent;
  d["passed"] = l.pass;
  d["unit"] = kUnits[static_cast<int>(l.unit)];
  d["from_board"] = l.from_board;
  return d;
}

}  // namespace

void bind_check(py::module_& m) {
  py::class_<CheckResult>(m, "CheckResult", "Budgets against a run (mcusim.check).")
      .def_readonly("passed", &CheckResult::passed)
      .def_readonly("reason", &CheckResult::reason, "why a run that did not finish failed ('' otherwise)")
      .def_property_readonly("lines",
                             [](const CheckResult& c) {
                               py::list lines;
                               for (const BudgetLine& l : c.lines) lines.append(line_dict(l));
                               return lines;
                             },
                             "[{what, limit, actual, margin_percent, passed, unit, from_board}]")
      .def_property_readonly("table", [](const CheckResult& c) { return c.lines.empty() ? c.reason + "\n" : format_budget_table(c.lines); },
                             "the table `mcusim check` prints")
      .def("__bool__", [](const CheckResult& c) { return c.passed; })
      .def("__repr__", [](const CheckResult& c) { return fmt::format("<mcusim.CheckResult {}>", c.passed ? "passed" : "failed"); });

  m.def("check", &check, py::arg("result"), py::arg("max_sram") = py::none(), py::arg("max_flash") = py::none(),
        py::arg("max_latency_ms") = py::none(), py::arg("max_latency") = py::none(), py::arg("max_cycles") = py::none(),
        "check(result, max_sram=None, max_flash=None, max_latency_ms=None, max_latency=None, max_cycles=None)\n\n"
        "mcusim check's rules: peak SRAM and Flash against the budget or else the board's capacity,\n"
        "cycles and latency when given. result: a RunResult or a profile JSON path. Sizes are bytes\n"
        "or the CLI's text ('320K'); max_latency is the CLI's text ('25ms').");
}

}  // namespace mcusim::python

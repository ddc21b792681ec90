// mcusim.sweep() and mcusim.sweep_job(): the sweep engine (sim/sweep) from
// Python, with the same rows as `mcusim sweep`. sweep_job() is the work unit
// mcusim.dask ships to cluster workers.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include "sim/errors.h"
#include "sim/python/bindings.h"
#include "sim/python/json_to_python.h"
#include "sim/sweep/sweep.h"
#include "sim/sweep/sweep_output.h"
#include "sim/sweep/sweep_rows.h"

namespace mcusim::python {

namespace {

// A row as a dict with the keys in column order (as the CSV and JSON Lines).
py::dict row_dict(const SweepRow& row) {
  nlohmann::json j = row_to_json(row);
  py::dict d;
  for (const std::string& c : sweep_columns()) d[py::str(c)] = to_python(j[c]);
  return d;
}

// elfs: paths (crossed with boards and timings) and/or (elf, board[, timing])
// tuples, run as they are (each timing when none is given).
std::vector<SweepJob> jobs_of(const py::iterable& elfs, const std::vector<std::string>& boards,
                              const std::vector<std::string>& timings) {
  std::vector<std::string> paths;
  std::vector<SweepJob> listed;
  for (const py::handle& item : elfs) {
    if (!py::isinstance<py::tuple>(item) && !py::isinstance<py::list>(item)) {
      paths.push_back(path_of(item));
      continue;
    }
    auto fields = item.cast<py::sequence>();
    if (fields.size() < 2 || fields.size() > 3) throw py::value_error("sweep(): a job is (elf, board) or (elf, board, timing)");
    std::string elf = path_of(fields[0]), board = fields[1].cast<std::string>();
    if (fields.size() == 3) listed.push_back({elf, board, fields[2].cast<std::string>()});
    else
      for (const std::string& t : timings) listed.push_back({elf, board, t});
  }
  std::vector<SweepJob> jobs = expand_jobs(paths, boards, timings);
  jobs.insert(jobs.end(), listed.begin(), listed.end());
  return jobs;
}

std::vector<std::string> names_of(const py::object& items, const char* fallback) {
  if (items.is_none()) return {fallback};
  if (py::isinstance<py::str>(items)) return {items.cast<std::string>()};
  return items.cast<std::vector<std::string>>();
}

py::list sweep(const py::iterable& elfs, const py::object& boards, const py::object& timings, const py::object& jobs,
               const py::object& csv, const py::object& jsonl, bool resume, const py::object& shard,
               const py::object& on_row, const py::object& max_sram, const py::object& max_flash,
               const py::object& max_latency_ms, const py::object& max_latency, const py::object& max_cycles,
               const py::kwargs& kwargs) {
  RunOptions options = run_options_from(kwargs, "sweep");
  Budget budget = budget_from(max_sram, max_flash, max_latency_ms, max_latency, max_cycles);
  std::vector<SweepJob> work = jobs_of(elfs, names_of(boards, "stm32f746g-disco"), names_of(timings, "fast"));
  if (!shard.is_none()) {
    auto [index, count] = parse_shard(shard.cast<std::string>());
    work = shard_jobs(work, index, count);
  }
  unsigned workers = jobs.is_none() ? 0 : jobs.cast<unsigned>();
  if (!jobs.is_none() && workers == 0) throw InputError("--jobs: '0' is not between 1 and 4096");
  SweepOutput output(csv.is_none() ? "" : path_of(csv), jsonl.is_none() ? "" : path_of(jsonl), resume);
  output.skip_done(work);
  py::list rows;
  {
    py::gil_scoped_release released;
    run_sweep(work, workers, options, budget, [&](const SweepRow& row) {
      output.write(row);
      py::gil_scoped_acquire gil;
      py::dict d = row_dict(row);
      rows.append(d);
      if (!on_row.is_none()) on_row(d);  // an exception here ends the sweep and is raised
    });
  }
  return rows;
}

py::object sweep_job(const py::handle& elf, const std::string& board, const std::string& timing, const py::object& max_sram,
                     const py::object& max_flash, const py::object& max_latency_ms, const py::object& max_latency,
                     const py::object& max_cycles, const py::kwargs& kwargs) {
  RunOptions options = run_options_from(kwargs, "sweep_job");
  Budget budget = budget_from(max_sram, max_flash, max_latency_ms, max_latency, max_cycles);
  SweepJob job{path_of(elf), board, timing};
  SweepRow row;
  {
    py::gil_scoped_release released;
    row = run_job(job, options, budget);
  }
  return row_dict(row);
}

}  // namespace

void bind_sweep(py::module_& m) {
  m.def("sweep", &sweep, py::arg("elfs"), py::arg("boards") = py::none(), py::arg("timings") = py::none(),
        py::arg("jobs") = py::none(), py::arg("csv") = py::none(), py::arg("jsonl") = py::none(), py::arg("resume") = false,
        py::arg("shard") = py::none(), py::arg("on_row") = py::none(), py::arg("max_sram") = py::none(),
        py::arg("max_flash") = py::none(), py::arg("max_latency_ms") = py::none(), py::arg("max_latency") = py::none(),
        py::arg("max_cycles") = py::none(),
        "sweep(elfs, boards=None, timings=None, jobs=None, csv=None, jsonl=None, resume=False, shard=None,\n"
        "      on_row=None, max_sram=None, max_flash=None, max_latency_ms=None, max_latency=None,\n"
        "      max_cycles=None, **run_options) -> [row dict]\n\n"
        "Every ELF x board x timing on `jobs` threads (default: all cores), as `mcusim sweep`; an\n"
        "(elf, board[, timing]) tuple in elfs is one job as it is. Rows\n"
        "(dicts, the CSV columns) are returned in completion order, written to csv/jsonl as they\n"
        "finish and passed to on_row. A failed run is a row with ok=False and its reason.\n"
        "boards default to stm32f746g-disco, timings to fast; shard is 'I/N'.");
  m.def("sweep_job", &sweep_job, py::arg("elf"), py::arg("board") = "stm32f746g-disco", py::arg("timing") = "fast",
        py::arg("max_sram") = py::none(), py::arg("max_flash") = py::none(), py::arg("max_latency_ms") = py::none(),
        py::arg("max_latency") = py::none(), py::arg("max_cycles") = py::none(),
        "One sweep row (a dict) for one ELF, board and timing: the unit of work of sweep() and mcusim.dask.");
  m.attr("SWEEP_COLUMNS") = sweep_columns();
}

}  // namespace mcusim::python

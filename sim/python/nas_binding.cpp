// mcusim.nas: the TinyNAS loop from Python, the same engine and rows as
// `mcusim nas` (sim/nas): sample a search space, evaluate candidates on
// boards (generate, build, simulate, check), write the HTML report.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include "profiler/report/nas_html.h"
#include "sim/errors.h"
#include "sim/nas/evaluate.h"
#include "sim/nas/lut_run.h"
#include "sim/nas/lut_table.h"
#include "sim/nas/nas_rows.h"
#include "sim/nas/sampling.h"
#include "sim/python/bindings.h"
#include "sim/python/json_to_python.h"

namespace mcusim::python {

namespace {

using namespace mcusim::nas;

std::vector<std::string> names_of(const py::object& items, const std::string& fallback) {
  if (items.is_none()) return {fallback};
  if (py::isinstance<py::str>(items)) return {items.cast<std::string>()};
  return items.cast<std::vector<std::string>>();
}

std::vector<std::string> paths_of(const py::object& items) {
  if (py::isinstance<py::str>(items) || py::hasattr(items, "__fspath__")) return {path_of(items)};
  std::vector<std::string> out;
  for (const py::handle& p : items.cast<py::iterable>()) out.push_back(path_of(p));
  return out;
}

// The keyword arguments of the calls that build firmware (evaluate, lut),
// read as `mcusim nas evaluate|lut` reads build_dir, firmware_sources, gcc,
// jobs and engine.
Toolchain toolchain_from(const py::object& build_dir, const py::object& firmware_sources, const py::object& gcc) {
  Toolchain t;
  t.cache = build_dir.is_none() ? "nas-build" : path_of(build_dir);
  if (!firmware_sources.is_none()) t.sources = path_of(firmware_sources);
  if (!gcc.is_none()) t.gcc = path_of(gcc);
  return resolve_toolchain(t);
}

unsigned workers_from(const py::object& jobs) {
  unsigned workers = jobs.is_none() ? 0 : jobs.cast<unsigned>();
  if (!jobs.is_none() && workers == 0) throw InputError("jobs: '0' is not between 1 and 4096");
  return workers;
}

const std::string& checked_engine(const std::string& engine) {
  if (engine != "planned" && engine != "interpreted")
    throw InputError(fmt::format("engine: '{}' is not planned or interpreted", engine));
  return engine;
}

py::list nas_sample(const py::handle& space, size_t count, uint64_t seed, const py::handle& out) {
  if (count == 0) throw InputError("nas_sample(): count must be at least 1");
  SearchSpace s = load_space(path_of(space));
  py::list rows;
  for (const SampledCandidate& c : write_samples(s, seed, count, path_of(out))) {
    py::dict d;
    d["candidate"] = c.name;
    d["path"] = c.path;
    d["macs"] = c.counts.macs;
    d["params"] = c.counts.params;
    d["choices"] = to_python(choices_to_json(c.choices));
    rows.append(d);
  }
  return rows;
}

py::list nas_evaluate(const py::object& candidates, const py::object& boards, const std::string& engine,
                      const py::object& jobs, const py::object& csv, const py::object& jsonl, const py::object& html,
                      bool resume, const py::object& shard, const py::object& build_dir, const py::object& firmware_sources,
                      const py::object& gcc, const py::object& on_row, const py::object& max_sram,
                      const py::object& max_flash, const py::object& max_latency_ms, const py::object& max_latency,
                      const py::kwargs& kwargs) {
  EvaluateOptions o;
  o.run = run_options_from(kwargs, "nas_evaluate");
  o.budget = budget_from(max_sram, max_flash, max_latency_ms, max_latency, py::none());
  o.engine = checked_engine(engine);
  o.boards = names_of(boards, "stm32f746g-disco");
  for (const std::string& b : o.boards) board_flags(b);
  o.toolchain = toolchain_from(build_dir, firmware_sources, gcc);
  o.workers = workers_from(jobs);

  std::vector<Candidate> list = load_candidates(paths_of(candidates));
  std::vector<std::string> names;
  for (const Candidate& c : list) names.push_back(c.name);
  std::vector<NasJob> work = nas_jobs(list.size(), o.boards);
  if (!shard.is_none()) {
    auto [index, count] = parse_shard(shard.cast<std::string>());
    work = shard_items(work, index, count);
  }
  std::string csv_path = csv.is_none() ? "" : path_of(csv), jsonl_path = jsonl.is_none() ? "" : path_of(jsonl);
  NasOutput output(csv_path, jsonl_path, resume);
  output.skip_done(work, names, o.engine);
  py::list rows;
  std::vector<nlohmann::json> report_rows;
  {
    py::gil_scoped_release released;
    evaluate(list, work, o, [&](const NasRow& row) {
      output.write(row);
      nlohmann::json j = nas_row_to_json(row, true);
      report_rows.push_back(nas_row_to_json(row, false));
      py::gil_scoped_acquire gil;
      py::object d = to_python(j);
      rows.append(d);
      if (!on_row.is_none()) on_row(d);  // an exception here ends the run and is raised
    });
  }
  if (!html.is_none()) {
    if (resume) report_rows = read_nas_rows(jsonl_path.empty() ? csv_path : jsonl_path);
    write_nas_html(path_of(html), report_rows, o.budget);
  }
  return rows;
}

void nas_report(const py::handle& rows, const py::handle& html, const py::object& max_sram, const py::object& max_flash,
                const py::object& max_latency_ms, const py::object& max_latency) {
  std::vector<nlohmann::json> read = read_nas_rows(path_of(rows));
  if (read.empty()) throw InputError(fmt::format("{}: no rows (not the output of nas evaluate?)", path_of(rows)));
  write_nas_html(path_of(html), read, budget_from(max_sram, max_flash, max_latency_ms, max_latency, py::none()));
}

py::list nas_lut(const py::object& inputs, const std::string& board, const py::handle& out, const std::string& engine,
                 const py::object& jobs, bool resume, const py::object& build_dir, const py::object& firmware_sources,
                 const py::object& gcc, const py::object& on_row, const py::kwargs& kwargs) {
  LutOptions o;
  o.run = run_options_from(kwargs, "nas_lut");
  o.engine = checked_engine(engine);
  o.board = board;
  board_flags(board);
  o.toolchain = toolchain_from(build_dir, firmware_sources, gcc);
  o.workers = workers_from(jobs);
  LutInput in = lut_input_units(paths_of(inputs));
  const std::string prefix = path_of(out);  // Python objects only while holding the GIL
  py::list rows;
  {
    py::gil_scoped_release released;
    run_lut(in, o, prefix, resume, [&](const nlohmann::json& row) {
      py::gil_scoped_acquire gil;
      py::object d = to_python(row);
      rows.append(d);
      if (!on_row.is_none()) on_row(d);  // an exception here ends the run and is raised
    });
  }
  return rows;
}

py::list nas_predict(const py::object& inputs, const py::handle& lut, const py::object& count, uint64_t seed,
                     const py::object& max_latency_ms, const py::object& max_cycles) {
  LutTable table = load_lut(path_of(lut));
  Budget budget;
  if (!max_latency_ms.is_none()) budget.max_seconds = max_latency_ms.cast<double>() / 1e3;
  if (!max_cycles.is_none()) budget.max_cycles = max_cycles.cast<uint64_t>();
  py::list rows;
  for (const Candidate& c : predict_inputs(paths_of(inputs), !count.is_none(), count.is_none() ? 0 : count.cast<uint64_t>(), seed))
    rows.append(to_python(prediction_to_json(predict(table, c, budget), table)));
  return rows;
}

}  // namespace

void bind_nas(py::module_& m) {
  m.def("nas_sample", &nas_sample, py::arg("space"), py::arg("count"), py::arg("seed") = 0, py::arg("out"),
        "nas_sample(space, count, seed=0, out) -> [dict]: `count` candidates of the search space written to `out`\n"
        "as model descriptions (as `mcusim nas sample`); each dict has candidate, path, macs, params, choices.");
  m.def("nas_evaluate", &nas_evaluate, py::arg("candidates"), py::arg("boards") = py::none(), py::arg("engine") = "planned",
        py::arg("jobs") = py::none(), py::arg("csv") = py::none(), py::arg("jsonl") = py::none(), py::arg("html") = py::none(),
        py::arg("resume") = false, py::arg("shard") = py::none(), py::arg("build_dir") = py::none(),
        py::arg("firmware_sources") = py::none(), py::arg("gcc") = py::none(), py::arg("on_row") = py::none(),
        py::arg("max_sram") = py::none(), py::arg("max_flash") = py::none(), py::arg("max_latency_ms") = py::none(),
        py::arg("max_latency") = py::none(),
        "nas_evaluate(candidates, boards=None, engine='planned', jobs=None, csv=None, jsonl=None, html=None,\n"
        "             resume=False, shard=None, build_dir='nas-build', firmware_sources=None, gcc=None,\n"
        "             on_row=None, max_sram=None, max_flash=None, max_latency_ms=None, max_latency=None,\n"
        "             **run_options) -> [row dict]\n\n"
        "Generates, builds and simulates every candidate (model files or directories of them) on every board,\n"
        "as `mcusim nas evaluate`; rows (dicts with the CSV columns plus layers and choices) in completion order.");
  m.def("nas_report", &nas_report, py::arg("rows"), py::arg("html"), py::arg("max_sram") = py::none(),
        py::arg("max_flash") = py::none(), py::arg("max_latency_ms") = py::none(), py::arg("max_latency") = py::none(),
        "nas_report(rows, html, ...): the HTML report of a CSV / JSON Lines file written by nas_evaluate.");
  m.def("nas_lut", &nas_lut, py::arg("inputs"), py::arg("board"), py::arg("out"), py::arg("engine") = "planned",
        py::arg("jobs") = py::none(), py::arg("resume") = false, py::arg("build_dir") = py::none(),
        py::arg("firmware_sources") = py::none(), py::arg("gcc") = py::none(), py::arg("on_row") = py::none(),
        "nas_lut(inputs, board, out, engine='planned', jobs=None, resume=False, build_dir='nas-build',\n"
        "        firmware_sources=None, gcc=None, on_row=None, **run_options) -> [row dict]\n\n"
        "Measures every distinct unit (stem, block, head) of a search space or of candidate files on the board,\n"
        "as `mcusim nas lut`: writes out.csv and the table out.json; returns the rows measured now.");
  m.def("nas_predict", &nas_predict, py::arg("inputs"), py::arg("lut"), py::arg("count") = py::none(), py::arg("seed") = 0,
        py::arg("max_latency_ms") = py::none(), py::arg("max_cycles") = py::none(),
        "nas_predict(inputs, lut, count=None, seed=0, max_latency_ms=None, max_cycles=None) -> [row dict]\n\n"
        "Latency of each candidate summed from the table (as `mcusim nas predict`): a search space with count\n"
        "(sampled as nas_sample would), or candidate files and directories.");
  m.attr("NAS_COLUMNS") = nas_columns();
  m.attr("NAS_LUT_COLUMNS") = lut_columns();
  m.attr("NAS_PREDICT_COLUMNS") = predict_columns();
}

}  // namespace mcusim::python

// mcusim.run(): one firmware run, returning a RunResult of plain Python
// values. The simulation runs without the GIL, so threads run in parallel.
#include <fmt/format.h>
#include <pybind11/stl.h>

#include "profiler/report/format.h"
#include "profiler/report/json_report.h"
#include "sim/python/bindings.h"
#include "sim/python/json_to_python.h"
#include "sim/python/output_capture.h"
#include "sim/python/run_result.h"

namespace mcusim::python {

namespace {

// The JSON report's stop_reason names, indexed by StopReason.
const char* const kStopReasons[] = {"exit", "fault", "instruction-limit", "cycle-limit", "timeout", "stuck", "output-limit"};

std::shared_ptr<PyRunResult> run(const py::handle& elf, const std::string& board, const std::string& timing, bool profile,
                                 const py::object& output, const py::object& messages, const py::kwargs& kwargs) {
  RunOptions options = run_options_from(kwargs, "run");
  options.timing = timing;
  options.profile = profile || options.profile;  // a layer or arena option asks for it too
  OutputCapture firmware_out(output), message_out(messages);
  options.firmware_out = firmware_out.file();
  options.messages = message_out.file();
  auto r = std::make_shared<PyRunResult>();
  r->elf = path_of(elf);
  {
    py::gil_scoped_release released;
    Simulator sim(load_board(board), ElfImage::load(r->elf), std::move(options));
    r->result = sim.run();
    r->profile = sim.take_profile();
    r->warnings = sim.warnings();
    r->board = sim.board().name;
    r->core = std::string(core_name(sim.board().core));
    r->clock_hz = r->result.clock_hz ? r->result.clock_hz : sim.board().clock_hz;  // the firmware may set it
    r->timing = timing;
  }
  r->output = firmware_out.finish();
  r->messages = message_out.finish();
  return r;
}

py::object fault_of(const RunResult& result) {
  if (!result.fault) return py::none();
  const FaultInfo& f = *result.fault;
  py::dict d;
  d["kind"] = f.kind;
  d["pc"] = f.pc;
  d["address"] = f.address ? py::object(py::int_(*f.address)) : py::none();
  d["detail"] = f.detail;
  d["report"] = f.report;
  return d;
}

py::list caches_of(const RunResult& result) {
  py::list caches;
  for (const CacheStats& c : result.caches) {
    py::dict d;
    d["name"] = c.name;
    d["hits"] = c.hits;
    d["misses"] = c.misses;
    d["hit_rate"] = ratio(c.hits, c.hits + c.misses);
    caches.append(d);
  }
  return caches;
}

// What `mcusim run --json` writes without --json-calls: no function-call
// spans (to_json's default keeps them); to_dict() is documented as exactly that.
constexpr JsonDetail kAsTheCliWrites{false};

// A part of the JSON report ("layers", "functions", "memory"); None without profiling.
py::object report_part(const PyRunResult& r, const char* key) {
  if (!r.profile) return py::none();
  return to_python(to_json(*r.profile, kAsTheCliWrites)[key]);
}

}  // namespace

double PyRunResult::seconds() const { return result.seconds; }

void bind_run(py::module_& m) {
  py::class_<PyRunResult, std::shared_ptr<PyRunResult>>(m, "RunResult", "What one run measured (mcusim.run).")
      .def_property_readonly("exit_code", [](const PyRunResult& r) { return r.result.process_exit_code(); },
                             "the CLI's exit code: the firmware's own, 124 limit/stuck, 126 fault")
      .def_property_readonly("firmware_exit_code", [](const PyRunResult& r) { return r.result.firmware_exit_code; })
      .def_property_readonly("stop_reason", [](const PyRunResult& r) { return kStopReasons[static_cast<int>(r.result.reason)]; },
                             "exit, fault, instruction-limit, cycle-limit, timeout, stuck or output-limit")
      .def_property_readonly("message", [](const PyRunResult& r) { return r.result.message; },
                             "what stopped the run and where (empty when it exited)")
      .def_property_readonly("fault", [](const PyRunResult& r) { return fault_of(r.result); },
                             "None, or a dict: kind, pc, address, detail, report (the CLI's fault report)")
      .def_property_readonly("instructions", [](const PyRunResult& r) { return r.result.instructions; })
      .def_property_readonly("cycles", [](const PyRunResult& r) { return r.result.cycles; })
      .def_property_readonly("seconds", &PyRunResult::seconds, "simulated time at the core clock in force (the firmware may set it)")
      .def_property_readonly("ms", [](const PyRunResult& r) { return r.seconds() * 1e3; }, "simulated time in ms")
      .def_property_readonly("cpi", [](const PyRunResult& r) { return ratio(r.result.cycles, r.result.instructions); })
      .def_property_readonly("host_seconds", [](const PyRunResult& r) { return r.result.host_seconds; })
      .def_property_readonly("caches", [](const PyRunResult& r) { return caches_of(r.result); },
                             "timing='accurate': [{name, hits, misses, hit_rate}]")
      .def_property_readonly("profiled", [](const PyRunResult& r) { return r.profile.has_value(); })
      .def_property_readonly("layers", [](const PyRunResult& r) { return report_part(r, "layers"); },
                             "per layer: name, cycles, ms, macs, stack_peak_bytes, sram_bytes_written, ... (profiled runs)")
      .def_property_readonly("functions", [](const PyRunResult& r) { return report_part(r, "functions"); },
                             "per function: name, calls, self/total cycles and instructions (profiled runs)")
      .def_property_readonly("memory", [](const PyRunResult& r) { return report_part(r, "memory"); },
                             "flash_used, static_sram, stack_peak, heap_peak, peak_sram, regions, ... (profiled runs)")
      .def_property_readonly("thread_stacks",
                             [](const PyRunResult& r) -> py::object {
                               if (!r.profile) return py::none();
                               return to_python(to_json(*r.profile, kAsTheCliWrites)["memory"]["thread_stacks"]);
                             },
                             "RTOS task stacks: [{name, object, tcb, base, size, peak_bytes, fill, cycles, runs}], in the order\n"
                             "the tasks first ran; [] without threads (profiled runs; docs/profiling.md, RTOS firmware)")
      .def_readonly("output", &PyRunResult::output, "the firmware's output (empty when streamed to a callback)")
      .def_readonly("messages", &PyRunResult::messages, "mcusim's own messages and semihosting stderr")
      .def_readonly("warnings", &PyRunResult::warnings)
      .def_readonly("elf", &PyRunResult::elf)
      .def_readonly("board", &PyRunResult::board)
      .def_readonly("core", &PyRunResult::core)
      .def_readonly("clock_hz", &PyRunResult::clock_hz, "the core clock at the end of the run")
      .def_property_readonly("clock_note", [](const PyRunResult& r) { return r.result.clock_note; },
                             "how the clock came about when it is not the board's nominal one")
      .def_readonly("timing", &PyRunResult::timing)
      .def("to_dict",
           [](const PyRunResult& r, bool calls) {
             if (!r.profile) throw py::value_error("to_dict(): the run was not profiled (mcusim.run(..., profile=True))");
             return to_python(to_json(*r.profile, JsonDetail{calls}));
           },
           py::arg("calls") = false,
           "exactly the JSON report `mcusim run --json` writes (docs/report-format.md); calls=True: as with\n"
           "--json-calls, every function call's span in 'spans' too (the layers' spans are always there)")
      .def("__repr__", [](const PyRunResult& r) {
        return fmt::format("<mcusim.RunResult {} on {} ({}): {} (exit {}), {} cycles, {:.3f} ms>", r.elf, r.board, r.timing,
                           kStopReasons[static_cast<int>(r.result.reason)], r.result.process_exit_code(), r.result.cycles,
                           r.seconds() * 1e3);
      });

  m.def("run", &run, py::arg("elf"), py::arg("board") = "stm32f746g-disco", py::arg("timing") = "fast",
        py::arg("profile") = true, py::arg("output") = py::none(), py::arg("messages") = py::none(),
        ("run(elf, board='stm32f746g-disco', timing='fast', profile=True, output=None, messages=None,\n"
         "    **options) -> RunResult\n\n"
         "Runs the firmware to its end. output/messages: None to collect the text in the result, or a\n"
         "callable taking each line. A fault or run limit is a result (exit_code 126/124), not an\n"
         "exception; a bad ELF, board or option raises mcusim.InputError (a ValueError).\n\n"
         "options (the CLI's run options, mcusim.RUN_OPTIONS; None means the default):\n" +
         run_options_doc())
            .c_str());
  m.attr("RUN_OPTIONS") = run_options_table();
}

}  // namespace mcusim::python

"""mcusim.run(): the same figures as the CLI, output captured, faults and limits as results."""

import os
import unittest

import mcusim
from fixtures import ENDLESS, INTEGER_M4, LAYERS_TFLM, RTOS_HEAP, SAMPLE, THREADX, UART_M4, UNDEFINED, cli, cli_report


class RunTest(unittest.TestCase):
    def test_figures_and_report_equal_the_clis(self):
        code, report = cli_report(INTEGER_M4, "mps2-an386")
        r = mcusim.run(INTEGER_M4, board="mps2-an386")
        self.assertEqual(code, 0)
        self.assertEqual(r.exit_code, 0)
        self.assertEqual(r.stop_reason, "exit")
        self.assertEqual(r.cycles, report["totals"]["cycles"])
        self.assertEqual(r.instructions, report["totals"]["instructions"])
        self.assertAlmostEqual(r.ms, report["totals"]["ms"])
        self.assertAlmostEqual(r.cpi, report["totals"]["cpi"])
        d = r.to_dict()
        d.pop("firmware")
        report.pop("firmware")
        self.assertEqual(d, report)  # exactly the JSON report, but for the path as given
        self.assertEqual(r.memory["peak_sram"], report["memory"]["peak_sram"])
        self.assertEqual(r.functions, report["functions"])

    def test_to_dict_with_calls_equals_the_json_calls_report(self):
        r = mcusim.run(LAYERS_TFLM, board="mps2-an386")
        _, plain = cli_report(LAYERS_TFLM, "mps2-an386")
        _, with_calls = cli_report(LAYERS_TFLM, "mps2-an386", "--json-calls")
        d, d_calls = r.to_dict(), r.to_dict(calls=True)
        for report in (plain, with_calls, d, d_calls):
            report.pop("firmware")
        self.assertEqual(d, plain)
        self.assertEqual(d_calls, with_calls)
        categories = lambda report: {s["category"] for s in report["spans"]}
        self.assertEqual(categories(d), {"layer"})
        self.assertEqual(categories(d_calls), {"layer", "function"})
        self.assertEqual(len([s for s in d_calls["spans"] if s["category"] == "layer"]), len(d["layers"]))

    def test_thread_stacks_of_an_rtos_run_are_the_clis(self):
        code, report = cli_report(RTOS_HEAP, "mps2-an386")
        r = mcusim.run(RTOS_HEAP, board="mps2-an386")
        self.assertEqual((code, r.exit_code), (0, 0), r.messages)
        self.assertEqual(r.thread_stacks, report["memory"]["thread_stacks"])
        self.assertEqual(r.thread_stacks, r.memory["thread_stacks"])
        tasks = {t["name"]: t for t in r.thread_stacks}
        self.assertEqual(set(tasks), {"infer", "worker", "IDLE"})
        for t in tasks.values():
            self.assertEqual(t["object"], "ucHeap")
            self.assertNotEqual(t["tcb"], 0)
            self.assertGreater(t["peak_bytes"], 0)
            self.assertLess(t["peak_bytes"], t["size"])
        # the firmware's own high-water figure for each task it prints
        for line in r.output.splitlines():
            if " stack used " in line:
                name, used = line.split()[1], int(line.split()[4])
                self.assertEqual(tasks[name]["peak_bytes"], used, line)
        self.assertEqual(mcusim.run(INTEGER_M4, board="mps2-an386").thread_stacks, [])

    def test_threadx_threads_are_named_after_tx_thread_name(self):
        code, report = cli_report(THREADX, "mps2-an386")
        r = mcusim.run(THREADX, board="mps2-an386")
        self.assertEqual((code, r.exit_code), (0, 0), r.messages)
        self.assertEqual(r.thread_stacks, report["memory"]["thread_stacks"])
        threads = {t["name"]: t for t in r.thread_stacks}
        self.assertEqual(set(threads), {"inference", "sleeper", "printer"})
        for t in threads.values():
            self.assertEqual(t["object"], "tx_byte_pool_buffer")
            self.assertEqual(t["fill"], 0xEFEFEFEF)
        # "threadx: stack inference used 412 of 2048 bytes at 0x..."
        for line in r.output.splitlines():
            if line.startswith("threadx: stack ") and not line.startswith("threadx: stack printer"):
                name, used, size = line.split()[2], int(line.split()[4]), int(line.split()[6])
                self.assertEqual((threads[name]["peak_bytes"], threads[name]["size"]), (used, size), line)
        self.assertIsNone(mcusim.run(RTOS_HEAP, board="mps2-an386", profile=False).thread_stacks)

    def test_accepts_path_objects_and_reports_the_board(self):
        import pathlib
        r = mcusim.run(pathlib.Path(INTEGER_M4), board="mps2-an386", profile=False)
        self.assertEqual((r.board, r.core, r.clock_hz, r.timing), ("mps2-an386", "cortex-m4", 25000000, "fast"))
        self.assertFalse(r.profiled)
        self.assertIsNone(r.layers)
        self.assertAlmostEqual(r.ms, r.cycles / 25e3)

    @unittest.skipUnless(os.path.exists(SAMPLE), "sample firmware not built")
    def test_layers_and_caches_of_an_inference_sample(self):
        r = mcusim.run(SAMPLE, timing="accurate")
        self.assertEqual(r.exit_code, 0, r.messages)
        self.assertGreater(len(r.layers), 10)
        layer = r.layers[0]
        for key in ("name", "cycles", "ms", "macs", "stack_peak_bytes", "sram_bytes_written"):
            self.assertIn(key, layer)
        self.assertGreater(sum(l["macs"] > 0 for l in r.layers), len(r.layers) // 2)  # convolutions; adds and pools have none
        self.assertEqual({c["name"] for c in r.caches} >= {"icache", "dcache"}, True)
        self.assertGreater(r.caches[0]["hits"], 0)
        _, report = cli_report(SAMPLE, "stm32f746g-disco", "--timing", "accurate")
        self.assertEqual(r.cycles, report["totals"]["cycles"])
        self.assertEqual(r.layers, report["layers"])

    def test_firmware_output_is_returned_not_printed(self):
        code, out, _ = cli("run", "--board", "mps2-an386", "--quiet", UART_M4)
        r = mcusim.run(UART_M4, board="mps2-an386", profile=False)
        self.assertEqual(r.exit_code, code)
        self.assertNotEqual(out, "")
        self.assertEqual(r.output, out)

    def test_firmware_output_streams_to_a_callback(self):
        lines = []
        r = mcusim.run(UART_M4, board="mps2-an386", output=lines.append)
        self.assertEqual(r.output, "")
        _, out, _ = cli("run", "--board", "mps2-an386", "--quiet", UART_M4)
        self.assertEqual("".join(lines), out)
        self.assertGreater(len(lines), 1)  # a line at a time, not all at the end

    def test_a_fault_is_a_result_with_the_fault_report(self):
        code, _, err = cli("run", "--board", "mps2-an386", UNDEFINED)
        r = mcusim.run(UNDEFINED, board="mps2-an386")
        self.assertEqual((code, r.exit_code), (126, 126))
        self.assertEqual(r.stop_reason, "fault")
        self.assertIn("UsageFault", r.fault["kind"] + r.fault["report"])
        self.assertIn(r.fault["report"], err)  # the CLI prints the same report
        self.assertEqual(r.to_dict()["stop_reason"], "fault")

    def test_endless_loop_and_instruction_limit_stop_with_124(self):
        r = mcusim.run(ENDLESS, board="mps2-an386")
        self.assertEqual((r.exit_code, r.stop_reason), (124, "stuck"))
        self.assertIn("endless loop", r.message)
        code, report = cli_report(INTEGER_M4, "mps2-an386", "--max-instructions", "1000")
        r = mcusim.run(INTEGER_M4, board="mps2-an386", max_instructions=1000)
        self.assertEqual((r.exit_code, r.stop_reason), (124, "instruction-limit"))
        self.assertEqual((r.instructions, r.cycles), (report["totals"]["instructions"], report["totals"]["cycles"]))
        self.assertLess(r.instructions, 1100)  # stops at the end of the block that reaches the limit


class BadInputTest(unittest.TestCase):
    def error_of(self, *cli_args):
        code, _, err = cli(*cli_args)
        self.assertEqual(code, 125)
        return err.removeprefix("mcusim: ").strip()

    def test_bad_elf_raises_a_value_error_naming_the_file(self):
        expected = self.error_of("run", __file__)
        with self.assertRaises(mcusim.InputError) as caught:
            mcusim.run(__file__)
        self.assertIsInstance(caught.exception, ValueError)
        self.assertEqual(str(caught.exception), expected)
        self.assertIn(__file__, str(caught.exception))

    def test_missing_elf(self):
        expected = self.error_of("run", "/no/such.elf")
        with self.assertRaisesRegex(ValueError, "/no/such.elf") as caught:
            mcusim.run("/no/such.elf")
        self.assertEqual(str(caught.exception), expected)

    def test_unknown_board_and_timing_have_the_clis_messages(self):
        expected = self.error_of("run", "--board", "no-such-board", INTEGER_M4)
        with self.assertRaises(mcusim.InputError) as caught:
            mcusim.run(INTEGER_M4, board="no-such-board")
        self.assertEqual(str(caught.exception), expected)
        expected = self.error_of("run", "--timing", "slow", INTEGER_M4)
        with self.assertRaises(mcusim.InputError) as caught:
            mcusim.run(INTEGER_M4, board="mps2-an386", timing="slow")
        self.assertEqual(str(caught.exception), expected)

    def test_unknown_option_is_a_type_error(self):
        with self.assertRaisesRegex(TypeError, "unexpected keyword argument 'max_instruction'"):
            mcusim.run(INTEGER_M4, max_instruction=5)

    def test_to_dict_needs_a_profiled_run(self):
        r = mcusim.run(INTEGER_M4, board="mps2-an386", profile=False)
        with self.assertRaisesRegex(ValueError, "not profiled"):
            r.to_dict()


if __name__ == "__main__":
    unittest.main()

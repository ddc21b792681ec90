"""The CLI and the Python module share one option model
(sim/options/run_option_table.h): every run option `mcusim run --help` lists
is a keyword or parameter of mcusim.run(), and every one of those is a CLI
option, except the few below that only make sense on one side."""

import re
import unittest

import mcusim
from fixtures import INTEGER_M4, cli

# Where the CLI writes its reports and summary; Python returns them as values
# (RunResult.to_dict(), .layers, .memory, ...).
CLI_ONLY = {"--help", "--quiet", "--profile", "--json", "--json-calls", "--callgrind", "--folded", "--trace", "--html"}
# run()'s own: the ELF (the CLI's positional), whether to profile (the CLI
# profiles when a report asks for it) and where output goes (the CLI prints it).
PYTHON_ONLY = {"elf", "profile", "output", "messages"}

BY_CLI = {row["cli"]: row for row in mcusim.RUN_OPTIONS}
BY_PYTHON = {row["python"]: row for row in mcusim.RUN_OPTIONS}


def cli_run_options():
    _, out, _ = cli("run", "--help")
    return set(re.findall(r"^\s+(?:-\w,)?(--[a-z][a-z-]*)", out, re.MULTILINE))


def python_run_parameters():
    signature = mcusim.run.__doc__.splitlines()[0]  # pybind11's: run(elf: object, board: str = ..., **kwargs) -> ...
    return set(re.findall(r"[(,] (?:\*\*)?(\w+)", signature.replace("(", "( ", 1))) - {"kwargs"}


def default_value(row):
    text = row["default"]
    return {"int": lambda: int(text), "float, seconds": lambda: float(text), "bool": lambda: row["python"] != "strict",
            "list of str": lambda: []}.get(row["type"], lambda: text)()


class OptionModelTest(unittest.TestCase):
    def test_every_cli_run_option_is_a_python_keyword_or_parameter(self):
        parameters = python_run_parameters()
        for option in sorted(cli_run_options() - CLI_ONLY):
            with self.subTest(option=option):
                self.assertIn(option, BY_CLI, "a run option outside the table: Python does not have it")
                row = BY_CLI[option]
                if row["parameter"]:
                    self.assertIn(row["python"], parameters)
                    continue
                r = mcusim.run(INTEGER_M4, board="mps2-an386", profile=False, **{row["python"]: default_value(row)})
                self.assertEqual(r.exit_code, 0)

    def test_every_python_keyword_and_parameter_is_a_cli_option(self):
        options = cli_run_options()
        _, help_text, _ = cli("run", "--help")
        for row in mcusim.RUN_OPTIONS:
            with self.subTest(option=row["python"]):
                if row["cli"] == "--":
                    self.assertIn("-- ARGS", help_text)
                else:
                    self.assertIn(row["cli"], options)
        for name in python_run_parameters() - PYTHON_ONLY:
            with self.subTest(parameter=name):
                self.assertIn(name, BY_PYTHON, "a run() parameter the CLI does not have")
                self.assertTrue(BY_PYTHON[name]["parameter"])

    def test_python_names_are_the_cli_names(self):
        for row in mcusim.RUN_OPTIONS:
            if row["cli"] != "--":
                self.assertEqual(row["python"], row["cli"].removeprefix("--").removeprefix("no-").replace("-", "_"))

    def test_defaults_are_the_clis(self):
        _, help_text, _ = cli("run", "--help")
        for row in mcusim.RUN_OPTIONS:
            if row["default"] and row["cli"] != "--":
                with self.subTest(option=row["cli"]):
                    self.assertRegex(help_text, re.escape(row["cli"]) + r" [^\n]*\n?[^\n]*\(default: " + re.escape(row["default"]) + r"\)")

    def test_docstring_lists_the_keywords(self):
        for row in mcusim.RUN_OPTIONS:
            if not row["parameter"]:
                self.assertIn("  " + row["python"] + " (", mcusim.run.__doc__)


class OptionValueTest(unittest.TestCase):
    def cli_error(self, *args):
        code, _, err = cli("run", "--board", "mps2-an386", *args, INTEGER_M4)
        self.assertEqual(code, 125)
        return err.removeprefix("mcusim: ").strip()

    def test_bad_values_have_the_clis_messages(self):
        for keyword, option, value in [("max_instructions", "--max-instructions", "lots"), ("timeout", "--timeout", "-1"),
                                       ("idle_limit", "--idle-limit", "soon")]:
            with self.subTest(option=option):
                expected = self.cli_error(option, value)
                with self.assertRaises(mcusim.InputError) as caught:
                    mcusim.run(INTEGER_M4, board="mps2-an386", **{keyword: value})
                self.assertEqual(str(caught.exception), expected)
        with self.assertRaises(mcusim.InputError) as caught:
            mcusim.run(INTEGER_M4, board="mps2-an386", timeout=-1)
        self.assertEqual(str(caught.exception), self.cli_error("--timeout", "-1"))

    def test_a_value_of_the_wrong_type_is_a_type_error_naming_the_keyword(self):
        with self.assertRaisesRegex(TypeError, r"run\(\): max_cycles must be int, not list"):
            mcusim.run(INTEGER_M4, board="mps2-an386", max_cycles=[1])

    def test_board_and_timing_are_parameters_not_options(self):
        # sweep() takes lists by other names (boards, timings): the singular is refused, not ignored.
        with self.assertRaisesRegex(TypeError, r"sweep\(\) got an unexpected keyword argument 'board'"):
            mcusim.sweep([INTEGER_M4], board="mps2-an386")
        with self.assertRaisesRegex(TypeError, r"sweep\(\) got an unexpected keyword argument 'timing'"):
            mcusim.sweep([INTEGER_M4], timing="fast")

    def test_text_numbers_and_profiling_options_act_as_on_the_cli(self):
        r = mcusim.run(INTEGER_M4, board="mps2-an386", profile=False, max_instructions="0x3e8")
        code, _, _ = cli("run", "--board", "mps2-an386", "--quiet", "--max-instructions", "0x3e8", INTEGER_M4)
        self.assertEqual((r.exit_code, r.stop_reason), (code, "instruction-limit"))
        self.assertLess(r.instructions, 1100)
        # A layer option asks for a profile, as --layers does on the CLI.
        self.assertTrue(mcusim.run(INTEGER_M4, board="mps2-an386", profile=False, layers="markers").profiled)
        self.assertFalse(mcusim.run(INTEGER_M4, board="mps2-an386", profile=False).profiled)


if __name__ == "__main__":
    unittest.main()

"""mcusim.check(), boards() and info(): the CLI's rules and figures."""

import json
import os
import tempfile
import unittest

import mcusim
from fixtures import INTEGER_M4, UNDEFINED, cli


class CheckTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.run_result = mcusim.run(INTEGER_M4, board="mps2-an386")

    def test_table_and_verdict_equal_mcusim_check(self):
        for budgets in ({"max_sram": "8K"}, {"max_sram": 1 << 20, "max_flash": "1M", "max_latency": "1s"},
                        {"max_latency_ms": 10}, {"max_cycles": 1000}):
            args = []
            for key, value in budgets.items():
                if key == "max_latency_ms":
                    args += ["--max-latency", f"{value}ms"]
                else:
                    args += ["--" + key.replace("_", "-"), str(value)]
            code, out, _ = cli("check", "--board", "mps2-an386", *args, INTEGER_M4)
            c = mcusim.check(self.run_result, **budgets)
            self.assertTrue(out.endswith(c.table), budgets)  # after the firmware's output
            self.assertEqual(c.passed, code == 0, budgets)
            self.assertEqual(bool(c), c.passed)

    def test_lines_are_plain_values(self):
        c = mcusim.check(self.run_result, max_sram=100)
        self.assertFalse(c.passed)
        sram = c.lines[0]
        self.assertEqual((sram["what"], sram["limit"], sram["passed"], sram["unit"]), ("peak SRAM", 100, False, "bytes"))
        self.assertEqual(sram["actual"], self.run_result.memory["peak_sram"])

    def test_reads_a_profile_json_like_the_cli(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "p.json")
            with open(path, "w") as f:
                json.dump(self.run_result.to_dict(), f)
            self.assertTrue(mcusim.check(path, max_sram="1M").passed)

    def test_a_run_that_faulted_fails_with_its_reason(self):
        c = mcusim.check(mcusim.run(UNDEFINED, board="mps2-an386"), max_sram="1M")
        self.assertFalse(c.passed)
        self.assertIn("did not finish", c.reason)
        self.assertEqual(c.lines, [])

    def test_bad_budget_text_has_the_clis_message(self):
        code, _, err = cli("check", "--board", "mps2-an386", "--max-sram", "lots", INTEGER_M4)
        with self.assertRaises(mcusim.InputError) as caught:
            mcusim.check(self.run_result, max_sram="lots")
        self.assertEqual(code, 125)
        self.assertEqual("mcusim: " + str(caught.exception), err.strip())


class BoardsInfoTest(unittest.TestCase):
    def test_boards_are_the_clis(self):
        _, out, _ = cli("boards")
        names = [line.split()[0] for line in out.splitlines()]
        boards = mcusim.boards()
        self.assertEqual([b["name"] for b in boards], names)
        f746 = next(b for b in boards if b["name"] == "stm32f746g-disco")
        self.assertEqual((f746["core"], f746["clock_hz"]), ("cortex-m7", 216000000))
        self.assertEqual(f746["core_revision"], "r0p1")
        an386 = next(b for b in boards if b["name"] == "mps2-an386")
        self.assertIsNone(an386["core_revision"])

    def test_info_matches_mcusim_info(self):
        _, out, _ = cli("info", "--board", "mps2-an386", INTEGER_M4)
        i = mcusim.info(INTEGER_M4, board="mps2-an386")
        self.assertIn(f"entry 0x{i['entry']:08x}", out)
        for s in i["sections"]:
            self.assertIn(f"0x{s['address']:08x}  {s['size']:>9}  {s['kind']}", out)
        for r in i["regions"]:
            self.assertIn(f"{r['used']:>10}", out)

    def test_info_on_a_bad_elf_raises(self):
        with self.assertRaisesRegex(ValueError, "not an ELF"):
            mcusim.info(__file__)


if __name__ == "__main__":
    unittest.main()

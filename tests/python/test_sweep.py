"""mcusim.sweep() and `mcusim sweep`: the same rows, streamed files, resume, shards, failed rows."""

import csv
import json
import os
import tempfile
import unittest

import mcusim
from fixtures import ENDLESS, INTEGER_M4, INTEGER_M7, UNDEFINED, cli

ELFS = [INTEGER_M4, INTEGER_M7]
BOARDS = ["mps2-an386", "mps2-an500"]


def key(row):
    return (row["elf"], row["board"], row["timing"])


class SweepTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def test_rows_equal_single_runs_and_the_cli_sweep(self):
        rows = mcusim.sweep(ELFS, boards=BOARDS, timings=["fast", "accurate"], jobs=2, max_sram="64K")
        self.assertEqual(len(rows), 8)
        self.assertEqual(list(rows[0]), mcusim.SWEEP_COLUMNS)
        for row in rows:
            r = mcusim.run(row["elf"], board=row["board"], timing=row["timing"])
            self.assertEqual((row["cycles"], row["peak_sram"], row["flash"]),
                             (r.cycles, r.memory["peak_sram"], r.memory["flash_used"]), key(row))
            self.assertTrue(row["ok"])
            self.assertEqual(row["sram_budget"], "pass")
            self.assertEqual(row["latency_budget"], "")
        code, out, _ = cli("sweep", "--board", ",".join(BOARDS), "--timing", "fast,accurate", "--max-sram", "64K",
                           "--csv", self.path("cli.csv"), *ELFS)
        self.assertEqual(code, 0, out)
        self.assertIn("8 runs in", out)
        with open(self.path("cli.csv")) as f:
            cli_rows = {key(r): r for r in csv.DictReader(f)}
        for row in rows:
            self.assertEqual(int(cli_rows[key(row)]["cycles"]), row["cycles"])
            self.assertEqual(cli_rows[key(row)]["status"], "pass")

    def test_a_fault_a_hang_and_a_bad_elf_are_failed_rows(self):
        rows = mcusim.sweep([UNDEFINED, ENDLESS, __file__, INTEGER_M4], boards="mps2-an386", jobs=2)
        by_elf = {r["elf"]: r for r in rows}
        self.assertEqual((by_elf[UNDEFINED]["status"], by_elf[UNDEFINED]["exit_code"]), ("fault", 126))
        self.assertIn("HardFault", by_elf[UNDEFINED]["reason"])
        self.assertEqual((by_elf[ENDLESS]["status"], by_elf[ENDLESS]["exit_code"]), ("limit", 124))
        self.assertEqual((by_elf[__file__]["status"], by_elf[__file__]["exit_code"]), ("error", 125))
        self.assertIn("not an ELF", by_elf[__file__]["reason"])
        self.assertTrue(by_elf[INTEGER_M4]["ok"])
        self.assertEqual(sum(not r["ok"] for r in rows), 3)

    def test_cli_exit_code_and_summary_name_the_failures(self):
        code, out, _ = cli("sweep", "--board", "mps2-an386", "--jsonl", self.path("r.jsonl"), INTEGER_M4, UNDEFINED)
        self.assertEqual(code, 1)
        self.assertIn("failed runs", out)
        self.assertIn(UNDEFINED, out)
        with open(self.path("r.jsonl")) as f:
            rows = [json.loads(line) for line in f]
        self.assertEqual(sorted(r["status"] for r in rows), ["fault", "pass"])

    def test_resume_runs_only_the_missing_rows(self):
        jsonl = self.path("rows.jsonl")
        first = mcusim.sweep([INTEGER_M4], boards=BOARDS, jsonl=jsonl)
        with open(jsonl, "a") as f:
            f.write('{"elf": "torn')  # a sweep killed while writing
        second = mcusim.sweep(ELFS, boards=BOARDS, jsonl=jsonl, resume=True)
        self.assertEqual(len(first), 2)
        self.assertEqual({r["elf"] for r in second}, {INTEGER_M7})
        code, out, _ = cli("sweep", "--board", ",".join(BOARDS), "--jsonl", jsonl, "--resume", *ELFS)
        self.assertEqual(code, 0)
        self.assertIn("0 runs in", out)
        self.assertIn("4 already in the output, skipped", out)

    def test_shards_are_disjoint_and_cover_every_job(self):
        seen = []
        for i in (1, 2, 3):
            seen += [key(r) for r in mcusim.sweep(ELFS, boards=BOARDS, timings=["fast", "instructions"], shard=f"{i}/3")]
        self.assertEqual(len(seen), 8)
        self.assertEqual(len(set(seen)), 8)

    def test_listed_jobs_run_as_given(self):
        listed = self.path("jobs.txt")
        with open(listed, "w") as f:
            f.write(f"# elf board [timing]\n{INTEGER_M4} mps2-an386\n{INTEGER_M7} mps2-an500 instructions\n")
        code, out, _ = cli("sweep", "--job-list", listed, "--timing", "fast,accurate", "--jsonl", self.path("r.jsonl"))
        self.assertEqual(code, 0, out)
        with open(self.path("r.jsonl")) as f:
            cli_rows = sorted((r["elf"], r["board"], r["timing"], r["cycles"]) for r in map(json.loads, f))
        rows = mcusim.sweep([(INTEGER_M4, "mps2-an386"), (INTEGER_M7, "mps2-an500", "instructions")],
                            timings=["fast", "accurate"])
        self.assertEqual(sorted((r["elf"], r["board"], r["timing"], r["cycles"]) for r in rows), cli_rows)
        self.assertEqual(len(rows), 3)

    def test_csv_is_written_as_rows_finish(self):
        sizes = []
        path = self.path("rows.csv")
        mcusim.sweep(ELFS, boards=BOARDS, jobs=1, csv=path, on_row=lambda row: sizes.append(os.path.getsize(path)))
        self.assertEqual(len(sizes), 4)
        self.assertEqual(sizes, sorted(sizes))
        self.assertLess(sizes[0], sizes[-1])  # on disk before the sweep ended
        with open(path) as f:
            self.assertEqual(next(csv.reader(f)), mcusim.SWEEP_COLUMNS)

    def test_bad_arguments_have_the_clis_messages(self):
        code, _, err = cli("sweep", "--shard", "4/3", INTEGER_M4)
        with self.assertRaises(mcusim.InputError) as caught:
            mcusim.sweep([INTEGER_M4], shard="4/3")
        self.assertEqual((code, "mcusim: " + str(caught.exception)), (125, err.strip()))
        with self.assertRaisesRegex(ValueError, "--resume needs --csv or --jsonl"):
            mcusim.sweep([INTEGER_M4], resume=True)


if __name__ == "__main__":
    unittest.main()

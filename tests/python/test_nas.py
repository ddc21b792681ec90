"""mcusim.nas: the same candidates and rows as `mcusim nas` (one tiny candidate, one board)."""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

import mcusim
import mcusim.nas
from fixtures import CLI, FIRMWARE

SOURCES = os.path.join(os.path.dirname(__file__), "../../firmware_samples")
TINY = os.path.join(SOURCES, "spaces/tiny.json")
# The build cache the C++ NAS tests use too (content-addressed, so sharing it is safe).
CACHE = os.path.join(FIRMWARE, "../nas-test-build")


class NasTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix=f"mcusim-pynas-{os.getpid()}-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_sample_matches_the_cli(self):
        py_dir, cli_dir = os.path.join(self.tmp, "py"), os.path.join(self.tmp, "cli")
        rows = mcusim.nas.sample(TINY, count=2, seed=5, out=py_dir)
        subprocess.run([CLI, "nas", "sample", TINY, "--count", "2", "--seed", "5", "--out", cli_dir], check=True,
                       capture_output=True)
        self.assertEqual([r["candidate"] for r in rows], ["tiny-s5-0000", "tiny-s5-0001"])
        for r in rows:
            with open(r["path"]) as a, open(os.path.join(cli_dir, os.path.basename(r["path"]))) as b:
                self.assertEqual(json.load(a), json.load(b))
            self.assertGreater(r["macs"], 0)
            self.assertEqual(r["choices"]["resolution"] in (16, 24, 32), True)

    def test_bad_space_raises_input_error_naming_the_field(self):
        bad = os.path.join(self.tmp, "space.json")
        with open(TINY) as f:
            space = json.load(f)
        space["stages"][1]["stride"] = 3
        with open(bad, "w") as f:
            json.dump(space, f)
        with self.assertRaises(mcusim.InputError) as e:
            mcusim.nas.sample(bad, count=1, seed=0, out=self.tmp)
        self.assertIn("stages[1].stride: impossible stride 3", str(e.exception))

    @unittest.skipUnless(shutil.which("arm-none-eabi-gcc"), "arm-none-eabi-gcc not installed")
    def test_evaluate_gives_the_cli_row(self):
        cands = os.path.join(self.tmp, "cands")
        mcusim.nas.sample(TINY, count=1, seed=5, out=cands)
        seen = []
        rows = mcusim.nas.evaluate(cands, boards="stm32f407", build_dir=CACHE, firmware_sources=SOURCES,
                                   max_sram="40K", max_latency_ms=1000, on_row=seen.append,
                                   jsonl=os.path.join(self.tmp, "py.jsonl"))
        self.assertEqual(len(rows), 1)
        self.assertEqual(seen, rows)
        row = rows[0]
        self.assertEqual(row["status"] in ("pass", "over-budget"), True, row)
        self.assertGreater(len(row["layers"]), 5)
        cli_rows = os.path.join(self.tmp, "cli.jsonl")
        subprocess.run([CLI, "nas", "evaluate", "--board", "stm32f407", "--build-dir", CACHE, "--firmware-sources", SOURCES,
                        "--max-sram", "40K", "--max-latency", "1s", "--jsonl", cli_rows, cands], check=True,
                       capture_output=True)
        with open(cli_rows) as f:
            cli_row = json.loads(f.readline())
        for key in ("candidate", "ok", "status", "macs", "params", "flash", "peak_sram", "arena", "cycles", "elf",
                    "sram_budget", "latency_budget"):
            self.assertEqual(row[key], cli_row[key], key)
        self.assertEqual([l["cycles"] for l in row["layers"]], [l["cycles"] for l in cli_row["layers"]])

    @unittest.skipUnless(shutil.which("arm-none-eabi-gcc"), "arm-none-eabi-gcc not installed")
    def test_lut_and_predict_give_the_cli_figures(self):
        cands = os.path.join(self.tmp, "cands")
        mcusim.nas.sample(TINY, count=1, seed=8, out=cands)
        out = os.path.join(self.tmp, "lut")
        units = mcusim.nas.lut(cands, board="stm32f407", out=out, jobs=1, build_dir=CACHE, firmware_sources=SOURCES)
        self.assertGreater(len(units), 5)
        self.assertTrue(all(u["status"] == "ok" and u["cycles"] > 0 for u in units), units)
        rows = mcusim.nas.predict(cands, lut=out + ".json")
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["cycles"], sum(u["cycles"] for u in units))  # every unit of this candidate, once each
        cli = subprocess.run([CLI, "nas", "predict", cands, "--lut", out + ".csv"], check=True, capture_output=True, text=True)
        self.assertIn("tiny-s8-0000,ok,%d," % rows[0]["cycles"], cli.stdout)
        with self.assertRaises(mcusim.InputError) as e:
            mcusim.nas.predict(TINY, lut=out + ".json")  # a space needs a count
        self.assertIn("--count N", str(e.exception))


if __name__ == "__main__":
    unittest.main()

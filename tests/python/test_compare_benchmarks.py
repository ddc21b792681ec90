"""scripts/compare_benchmarks.py reads what mcusim_benchmarks writes: Google
Benchmark names its runs workload/<class>/<mode>/iterations:1/manual_time,
with aggregates beside the repetitions."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

SCRIPT = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "compare_benchmarks.py")


def benchmark_json(mips_by_mode):
    runs = []
    for mode, figures in mips_by_mode.items():
        name = f"workload/control/{mode}/iterations:1/manual_time"
        for mips in figures:
            runs.append({"name": name, "run_name": name, "run_type": "iteration", "cpu_time": 1000.0 / mips, "MIPS": mips})
        median = sorted(figures)[len(figures) // 2]
        runs.append({"name": name + "_median", "run_name": name, "run_type": "aggregate",
                     "aggregate_name": "median", "cpu_time": 1000.0 / median, "MIPS": median})
    return {"benchmarks": runs}


def run_script(*args):
    return subprocess.run([sys.executable, SCRIPT, *args], capture_output=True, text=True)


class CompareBenchmarks(unittest.TestCase):
    def write(self, data):
        f = tempfile.NamedTemporaryFile("w", suffix=f"_{os.getpid()}.json", delete=False)
        json.dump(data, f)
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_limit_reports_each_mode_as_a_fraction_of_unicorn_alone(self):
        path = self.write(benchmark_json({"unicorn_alone": [190, 200, 210], "unicorn_empty_block_hook": [180],
                                          "fast": [90, 100, 110]}))
        r = run_script(path, "--limit")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("unicorn_alone   200.0 MIPS", r.stdout)
        self.assertIn("fast  100.0 ( 50%)", r.stdout)
        self.assertIn("unicorn_empty_block_hook  180.0 ( 90%)", r.stdout)

    def test_limit_reports_profile_against_fast_without_a_unicorn_alone_run(self):
        # The figure issue 12 sets a goal for, from a run filtered to fast and profile.
        path = self.write(benchmark_json({"fast": [100, 100, 100], "profile": [70, 75, 80]}))
        r = run_script(path, "--limit")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("fast  100.0 |", r.stdout)
        self.assertIn("profile   75.0 |", r.stdout)
        self.assertIn("profile/fast  75%", r.stdout)

    def test_a_slower_median_past_the_threshold_is_a_regression(self):
        before = self.write(benchmark_json({"fast": [100, 100, 100]}))
        after = self.write(benchmark_json({"fast": [80, 80, 80]}))
        r = run_script(before, after, "--threshold", "10")
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("1 regression(s) past 10.0%", r.stdout)
        self.assertEqual(run_script(before, before).returncode, 0)


if __name__ == "__main__":
    unittest.main()

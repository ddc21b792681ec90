"""Runs in threads: the GIL is released while simulating, and parallel runs
give the CLI's cycle counts (simulators share no state)."""

import threading
import time
import unittest
from concurrent.futures import ThreadPoolExecutor

import mcusim
from fixtures import INTEGER_M4, INTEGER_M7, SAMPLE, cli_report

JOBS = [(INTEGER_M4, "mps2-an386", "fast"), (INTEGER_M7, "mps2-an500", "fast"),
        (INTEGER_M4, "mps2-an386", "accurate"), (INTEGER_M7, "mps2-an500", "instructions")]


class ThreadsTest(unittest.TestCase):
    def test_parallel_runs_give_the_clis_cycles(self):
        expected = {}
        for elf, board, timing in JOBS:
            _, report = cli_report(elf, board, "--timing", timing)
            expected[(elf, board, timing)] = (report["totals"]["cycles"], report["memory"]["peak_sram"])
        with ThreadPoolExecutor(max_workers=4) as pool:
            results = list(pool.map(lambda j: mcusim.run(j[0], board=j[1], timing=j[2]), JOBS * 2))
        for job, r in zip(JOBS * 2, results):
            self.assertEqual((r.cycles, r.memory["peak_sram"]), expected[job], job)

    def test_python_threads_keep_running_while_a_simulation_runs(self):
        done = threading.Event()
        result = []

        # An inference (30 M instructions, simulated caches): long enough that
        # the 50 ms below holds on a fast idle host (t_integer_m4 finished in
        # under 40 ms there, which failed the precondition, not the GIL check).
        def simulate():
            result.append(mcusim.run(SAMPLE, board="stm32f746g-disco", timing="accurate"))
            done.set()

        worker = threading.Thread(target=simulate)
        ticks = 0
        started = time.monotonic()
        worker.start()
        while not done.is_set():
            ticks += 1  # pure Python: runs only while the simulation does not hold the GIL
        worker.join()
        elapsed = time.monotonic() - started
        self.assertEqual(result[0].exit_code, 0)
        # With the GIL held, this thread would get only the interpreter's switch
        # interval (5 ms) before the run returns: a few thousand ticks at most.
        self.assertGreater(elapsed, 0.05)
        self.assertGreater(ticks, 100000, f"{ticks} ticks in {elapsed:.2f} s")


if __name__ == "__main__":
    unittest.main()

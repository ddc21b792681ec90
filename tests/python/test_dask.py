"""mcusim.dask.sweep() and mcusim.dask.nas_evaluate() on a dask.distributed
LocalCluster of 2 worker processes: the same rows as mcusim.sweep() and
mcusim.nas.evaluate()."""

import os
import shutil
import tempfile
import unittest

import mcusim
import mcusim.dask
import mcusim.nas
from fixtures import FIRMWARE, INTEGER_M4, INTEGER_M7, UNDEFINED

SOURCES = os.path.join(os.path.dirname(__file__), "../../firmware_samples")
TINY = os.path.join(SOURCES, "spaces/tiny.json")
CACHE = os.path.join(FIRMWARE, "../nas-test-build")  # shared with test_nas (content-addressed)

try:
    from dask.distributed import Client, LocalCluster
except ImportError:  # python3-distributed missing: say so rather than pass
    Client = None


@unittest.skipIf(Client is None, "dask.distributed is not installed (python3-distributed)")
class DaskTest(unittest.TestCase):
    def test_local_cluster_gives_the_rows_of_a_local_sweep(self):
        jobs = mcusim.dask.jobs([INTEGER_M4, INTEGER_M7, UNDEFINED], boards=["mps2-an386", "mps2-an500"])
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            arrived = []
            rows = mcusim.dask.sweep(client, jobs, on_row=arrived.append, max_sram="64K")
            workers = len(client.scheduler_info()["workers"])
        self.assertEqual(workers, 2)
        self.assertEqual(len(arrived), len(jobs))
        self.assertEqual([(r["elf"], r["board"], r["timing"]) for r in rows], jobs)  # job order
        local = {(r["elf"], r["board"], r["timing"]): r
                 for r in mcusim.sweep([INTEGER_M4, INTEGER_M7, UNDEFINED], boards=["mps2-an386", "mps2-an500"],
                                       max_sram="64K")}
        for row in rows:
            expected = local[(row["elf"], row["board"], row["timing"])]
            for column in ("ok", "status", "exit_code", "cycles", "peak_sram", "flash", "sram_budget"):
                self.assertEqual(row[column], expected[column], (row["elf"], row["board"], column))
        self.assertEqual(sum(r["status"] == "fault" for r in rows), 2)

    @unittest.skipUnless(shutil.which("arm-none-eabi-gcc"), "arm-none-eabi-gcc not installed")
    def test_nas_evaluate_on_a_cluster_gives_the_rows_of_a_local_evaluate(self):
        tmp = tempfile.mkdtemp(prefix=f"mcusim-dasknas-{os.getpid()}-")
        try:
            cands = os.path.join(tmp, "cands")
            mcusim.nas.sample(TINY, count=2, seed=11, out=cands)
            options = dict(build_dir=CACHE, firmware_sources=SOURCES, max_sram="40K")
            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                arrived = []
                rows = mcusim.dask.nas_evaluate(client, cands, boards=["stm32f407", "mps2-an386"],
                                                on_row=arrived.append, **options)
            self.assertEqual(len(arrived), 4)
            self.assertEqual([(r["candidate"], r["board"]) for r in rows],
                             [("tiny-s11-0000", "stm32f407"), ("tiny-s11-0000", "mps2-an386"),
                              ("tiny-s11-0001", "stm32f407"), ("tiny-s11-0001", "mps2-an386")])
            local = {(r["candidate"], r["board"]): r
                     for r in mcusim.nas.evaluate(cands, boards=["stm32f407", "mps2-an386"], **options)}
            for row in rows:
                expected = local[(row["candidate"], row["board"])]
                for column in ("ok", "status", "macs", "flash", "peak_sram", "arena", "cycles", "sram_budget"):
                    self.assertEqual(row[column], expected[column], (row["candidate"], row["board"], column))
                self.assertGreater(row["cycles"], 0)
            empty = os.path.join(tmp, "empty")
            os.makedirs(empty)
            with self.assertRaises(mcusim.InputError):  # before any task is submitted
                mcusim.dask.nas_evaluate(None, empty, boards="mps2-an386")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()

"""mcusim.dask.sweep() on a dask.distributed LocalCluster of 2 worker processes:
the same rows as mcusim.sweep()."""

import unittest

import mcusim
import mcusim.dask
from fixtures import INTEGER_M4, INTEGER_M7, UNDEFINED

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


if __name__ == "__main__":
    unittest.main()

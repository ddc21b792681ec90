"""mcusim sweeps on a dask.distributed cluster.

    from dask.distributed import Client, LocalCluster
    import mcusim, mcusim.dask
    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    jobs = mcusim.dask.jobs(["a.elf", "b.elf"], boards=["stm32h743"], timings=["fast"])
    rows = mcusim.dask.sweep(client, jobs, max_sram="512K")

Each job is one mcusim.sweep_job() call on a worker, the same work unit as
`mcusim sweep`, giving the same rows. Workers need the mcusim package
importable and the ELF paths readable (a shared file system, or the same
paths on every machine).
"""

from itertools import product

from . import sweep_job


def jobs(elfs, boards=("stm32f746g-disco",), timings=("fast",)):
    """Every ELF x board x timing as (elf, board, timing) tuples, in mcusim sweep's order."""
    return [(str(e), b, t) for e, b, t in product(elfs, boards, timings)]


def _run_job(job, options):
    elf, board, timing = job
    return sweep_job(elf, board, timing, **options)


def sweep(client, jobs, on_row=None, **options):
    """Runs each (elf, board, timing) job on the cluster; returns the rows in job order.

    options: sweep_job()'s budgets (max_sram, max_flash, max_latency_ms, ...) and run
    options (max_instructions, timeout, strict, ...). on_row(row) is called as rows
    arrive, in completion order. A failed run is a row with ok=False, never an
    exception; a worker that dies is retried by dask on another worker.
    """
    from dask.distributed import as_completed

    jobs = [tuple(j) for j in jobs]
    futures = [client.submit(_run_job, job, options, pure=False) for job in jobs]
    index = {f.key: i for i, f in enumerate(futures)}
    rows = [None] * len(jobs)
    for future in as_completed(futures):
        row = future.result()
        rows[index[future.key]] = row
        if on_row is not None:
            on_row(row)
    return rows

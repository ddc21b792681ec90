"""mcusim sweeps and NAS evaluations on a dask.distributed cluster.

    from dask.distributed import Client, LocalCluster
    import mcusim, mcusim.dask
    client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    jobs = mcusim.dask.jobs(["a.elf", "b.elf"], boards=["stm32h743"], timings=["fast"])
    rows = mcusim.dask.sweep(client, jobs, max_sram="512K")

Each job is one mcusim.sweep_job() call on a worker, the same work unit as
`mcusim sweep`, giving the same rows. Workers need the mcusim package
importable and the ELF paths readable (a shared file system, or the same
paths on every machine).

    cands = mcusim.nas.sample("space.json", count=100, seed=1, out="/shared/cands")
    rows = mcusim.dask.nas_evaluate(client, [c["path"] for c in cands], boards=["stm32h743"],
                                    build_dir="/shared/nas-build", max_sram="512K")

nas_evaluate() runs one candidate x board per task, each a one-candidate
mcusim.nas.evaluate() on a worker (generate, compile, simulate), so its rows
are `mcusim nas evaluate`'s. The build cache is content-addressed: workers
can share one build_dir.
"""

import glob
import os

from itertools import product

from . import InputError, sweep_job


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
    return _run_on_cluster(client, _run_job, [tuple(j) for j in jobs], options, on_row)


def _run_on_cluster(client, task, jobs, options, on_row):
    """task(job, options) for every job as one Dask task; the results in job order, on_row as they arrive."""
    from dask.distributed import as_completed

    futures = [client.submit(task, job, options, pure=False) for job in jobs]
    index = {f.key: i for i, f in enumerate(futures)}
    rows = [None] * len(jobs)
    for future in as_completed(futures):
        row = future.result()
        rows[index[future.key]] = row
        if on_row is not None:
            on_row(row)
    return rows


def _nas_job(job, options):
    from ._mcusim import nas_evaluate

    candidate, board = job
    rows = nas_evaluate([candidate], boards=[board], jobs=1, **options)
    return rows[0]


def nas_evaluate(client, candidates, boards=("stm32f746g-disco",), on_row=None, **options):
    """Evaluates every candidate x board on the cluster; returns the rows in job order (candidate-major).

    candidates: model description files, or directories of them (as mcusim.nas.evaluate reads them).
    options: mcusim.nas.evaluate()'s engine, build_dir, firmware_sources, gcc, budgets and run options;
    the output files (csv, jsonl, html), resume, shard and jobs belong to the caller here. on_row(row)
    is called as rows arrive, in completion order.
    """
    for key in ("csv", "jsonl", "html", "resume", "shard", "jobs", "on_row"):
        if key in options:
            raise TypeError(f"mcusim.dask.nas_evaluate: {key} is not a per-task option (write the returned rows yourself)")
    if isinstance(candidates, (str, os.PathLike)):
        candidates = [candidates]
    files = []
    for c in map(str, candidates):
        in_dir = sorted(glob.glob(os.path.join(c, "*.json"))) if os.path.isdir(c) else [c]
        if not in_dir:
            raise InputError(f"{c}: no candidate (*.json) in this directory")
        files.extend(in_dir)
    if isinstance(boards, str):
        boards = [boards]
    return _run_on_cluster(client, _nas_job, [(f, b) for f in files for b in boards], options, on_row)

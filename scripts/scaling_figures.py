#!/usr/bin/python3
"""Measures the figures in docs/scaling.md: runs per minute of the bundled
samples (each on the board it was built for) with 1 and 2 workers through
`mcusim sweep`, mcusim.sweep() and a dask LocalCluster, and the per-run
overhead of a Python call against a CLI process.

    PYTHONPATH=build/python /usr/bin/python3 scripts/scaling_figures.py build [timing]
"""

import glob
import os
import re
import subprocess
import sys
import tempfile
import time


def main():
    build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
    timing = sys.argv[2] if len(sys.argv) > 2 else "fast"
    sys.path.insert(0, os.path.join(build, "python"))
    global mcusim
    import mcusim
    import mcusim.dask

    cli = os.path.join(build, "mcusim")
    boards = sorted((b["name"] for b in mcusim.boards()), key=len, reverse=True)


    def board_of(elf):
        name = os.path.basename(elf)[:-4]
        return next(b for b in boards if name.endswith("_" + b))


    jobs = [(elf, board_of(elf), timing) for elf in sorted(glob.glob(os.path.join(build, "firmware", "sample_*.elf")))]
    print(f"{len(jobs)} sample jobs, timing {timing}; load average before: {os.getloadavg()[0]:.1f}")


    def cpu_seconds():
        """CPU time of this process (all threads) and its finished children."""
        import resource
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


    def timed(what, f):
        start, cpu = time.monotonic(), cpu_seconds()
        rows = f()
        wall, cpu = time.monotonic() - start, cpu_seconds() - cpu
        bad = [r for r in rows if r["status"] != "pass"]
        # CPU time excludes the dask workers' (other processes, not children that ended).
        print(f"{what:<34} {wall:7.2f} s  {len(rows) * 60 / wall:6.1f} runs/min  CPU {cpu:6.1f} s "
              f"({cpu / len(rows):.2f} s/run)  {len(bad)} not passed  (load {os.getloadavg()[0]:.1f})")
        return wall, rows


    def cli_sweep(workers):
        with tempfile.TemporaryDirectory() as tmp:
            listed, out = os.path.join(tmp, "jobs"), os.path.join(tmp, "rows.jsonl")
            with open(listed, "w") as f:
                f.writelines(f"{e} {b} {t}\n" for e, b, t in jobs)
            subprocess.run([cli, "sweep", "--jobs", str(workers), "--job-list", listed, "--jsonl", out],
                           stdout=subprocess.DEVNULL, check=False)
            import json
            with open(out) as f:
                return [json.loads(line) for line in f]


    figures = {}
    for workers in (1, 2):
        figures[f"cli{workers}"] = timed(f"mcusim sweep --jobs {workers}", lambda: cli_sweep(workers))
    for workers in (1, 2):
        figures[f"py{workers}"] = timed(f"mcusim.sweep(jobs={workers})", lambda: mcusim.sweep(jobs, jobs=workers))

    from dask.distributed import Client, LocalCluster  # noqa: E402

    for workers in (1, 2):
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            client.run(lambda: __import__("mcusim"))  # workers import the module before the clock starts
            figures[f"dask{workers}"] = timed(f"dask LocalCluster, {workers} worker(s)",
                                             lambda: mcusim.dask.sweep(client, jobs))

    for kind in ("cli", "py", "dask"):
        print(f"speed-up 1 -> 2 workers, {kind}: {figures[kind + '1'][0] / figures[kind + '2'][0]:.2f}x")

    # Same cycles everywhere.
    def key(r):
        return (r["elf"], r["board"], r["timing"])

    reference = {key(r): r["cycles"] for r in figures["cli1"][1]}
    for name, (_, rows) in figures.items():
        assert {key(r): r["cycles"] for r in rows} == reference, name
    print("cycles identical in every configuration")

    # Host seconds per sample (simulation work unit), from the 1-worker CLI sweep.
    print("\nper-job host seconds (CLI, 1 worker):")
    for r in sorted(figures["cli1"][1], key=lambda r: -r["host_seconds"]):
        print(f"  {os.path.basename(r['elf']):<58} {r['instructions'] / 1e6:7.1f} M instr  {r['host_seconds']:6.3f} s")

    # Overhead per run: a tiny firmware (5 k instructions), CLI process vs Python call.
    tiny = os.path.join(build, "firmware", "bad_wild_pointer.elf")
    n = 40
    start = time.monotonic()
    for _ in range(n):
        subprocess.run([cli, "run", "--quiet", "--profile", "--board", "mps2-an386", tiny], capture_output=True, check=True)
    cli_each = (time.monotonic() - start) / n
    start = time.monotonic()
    for _ in range(n):
        mcusim.run(tiny, board="mps2-an386")
    py_each = (time.monotonic() - start) / n
    print(f"\nper run of a 5 k-instruction firmware: CLI process {cli_each * 1e3:.1f} ms, Python call {py_each * 1e3:.1f} ms")

    # Python vs CLI on a whole sample (mimalloc is linked only into the CLI).
    elf, board, _ = max(jobs, key=lambda j: os.path.getsize(j[0]))
    start = time.monotonic()
    subprocess.run([cli, "run", "--quiet", "--profile", "--board", board, elf], capture_output=True, check=True)
    cli_run = time.monotonic() - start
    start = time.monotonic()
    mcusim.run(elf, board=board)
    py_run = time.monotonic() - start
    print(f"{os.path.basename(elf)}: CLI {cli_run:.2f} s, Python {py_run:.2f} s")


if __name__ == "__main__":  # dask's worker processes import this file again
    main()

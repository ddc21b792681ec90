#!/usr/bin/env python3
"""Compares two Google Benchmark JSON outputs of build/mcusim_benchmarks and
flags speed regressions.

    scripts/compare_benchmarks.py before.json after.json [--threshold 10]
    scripts/compare_benchmarks.py now.json --limit   # mcusim as a fraction of Unicorn alone

For each benchmark in both files (the median aggregate when the run had
repetitions, else the fastest run), the figure compared is the MIPS counter
when there is one (higher is better), else the CPU time (lower is better).
Exit status 1 when any benchmark is slower by more than the threshold
percentage, 0 otherwise; 2 on bad input.
"""
import argparse
import json
import sys


def load(path):
    """name -> benchmark entry (median aggregate, else the fastest run)."""
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        sys.exit(f"compare_benchmarks: cannot read {path}: {e}")
    runs, medians = {}, {}
    for b in data.get("benchmarks", []):
        if b.get("error_occurred"):
            continue
        name = b.get("run_name", b["name"])
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[name] = b
            continue
        best = runs.get(name)
        if best is None or b["cpu_time"] < best["cpu_time"]:
            runs[name] = b
    runs.update(medians)
    return runs


def speed(entry):
    """(figure, higher_is_better, unit)."""
    if "MIPS" in entry:
        return entry["MIPS"], True, "MIPS"
    return entry["cpu_time"], False, entry.get("time_unit", "ns")


def compare(before, after, threshold):
    regressions = 0
    print(f"{'benchmark':60} {'before':>12} {'after':>12} {'change':>8}")
    for name in sorted(set(before) & set(after)):
        b, higher, unit = speed(before[name])
        a, _, _ = speed(after[name])
        if b <= 0 or a <= 0:
            continue
        slower = (b / a - 1) * 100 if higher else (a / b - 1) * 100
        flag = "  REGRESSION" if slower > threshold else ""
        regressions += bool(flag)
        print(f"{name:60} {b:12.2f} {a:12.2f} {-slower:+7.1f}%{flag}  ({unit})")
    for name in sorted(set(before) - set(after)):
        print(f"{name:60} missing from the second file")
    print(f"{regressions} regression(s) past {threshold}%")
    return 1 if regressions else 0


def limit(runs):
    """Per workload: each mode's MIPS as a fraction of Unicorn alone's (its
    MIPS alone when the file has no Unicorn-alone run, e.g. a filtered one),
    and profile against fast (issue 12: profiling at 70% of fast or more)."""
    by_workload = {}
    for name, entry in runs.items():
        # workload/<class>/<mode>, then Google Benchmark's own suffixes
        # (iterations:1, manual_time).
        parts = name.split("/")
        if len(parts) >= 3 and parts[0] == "workload" and "MIPS" in entry:
            by_workload.setdefault(parts[1], {})[parts[2]] = entry["MIPS"]
    for workload, modes in sorted(by_workload.items()):
        alone = modes.get("unicorn_alone")
        line = f"{workload:16} unicorn_alone {alone or 0:7.1f} MIPS"
        for mode in ("unicorn_empty_block_hook", "count", "fast", "fast_no_alignment_checks", "profile", "accurate"):
            if mode in modes and alone:
                line += f" | {mode} {modes[mode]:6.1f} ({100 * modes[mode] / alone:3.0f}%)"
            elif mode in modes:
                line += f" | {mode} {modes[mode]:6.1f}"
        if modes.get("fast") and "profile" in modes:
            line += f" | profile/fast {100 * modes['profile'] / modes['fast']:3.0f}%"
        print(line)
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("before")
    p.add_argument("after", nargs="?")
    p.add_argument("--threshold", type=float, default=10.0, help="percent slower that counts as a regression (10)")
    p.add_argument("--limit", action="store_true", help="one file: each mode against Unicorn alone")
    args = p.parse_args()
    if args.limit:
        return limit(load(args.before))
    if not args.after:
        p.print_usage(sys.stderr)
        return 2
    return compare(load(args.before), load(args.after), args.threshold)


if __name__ == "__main__":
    sys.exit(main())

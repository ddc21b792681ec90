#!/usr/bin/env python3
"""Predicted (nas predict --csv) against simulated (nas evaluate --jsonl) latency.

    scripts/nas-lut-validate.py PRED.csv ROWS.jsonl

Per candidate: the predicted cycles, the simulated inference cycles (the sum
of the layers, what the table's units measure), the whole-program cycles
(start-up, input generation and printing included), and the error of the
prediction against each; then mean and max absolute errors (docs/nas.md).
"""
import csv
import json
import sys


def main(pred_path, rows_path):
    pred = {r["candidate"]: r for r in csv.DictReader(open(pred_path))}
    out = []
    for line in open(rows_path):
        row = json.loads(line)
        p = pred.get(row["candidate"])
        if p is None or p["status"] != "ok" or not row.get("cycles"):
            continue
        layers = sum(l["cycles"] for l in row["layers"] if l["name"] != "interp.plan")
        predicted = int(p["cycles"])
        out.append((row["candidate"], row["board"], predicted, layers, row["cycles"],
                    100.0 * (predicted - layers) / layers, 100.0 * (predicted - row["cycles"]) / row["cycles"]))
    print("candidate,board,predicted,simulated_layers,simulated_total,error_layers_pct,error_total_pct")
    for r in out:
        print("%s,%s,%d,%d,%d,%.2f,%.2f" % r)
    if out:
        el = [abs(r[5]) for r in out]
        et = [abs(r[6]) for r in out]
        print("# %d candidates: |error| vs layers mean %.2f%% max %.2f%%; vs whole program mean %.2f%% max %.2f%%"
              % (len(out), sum(el) / len(el), max(el), sum(et) / len(et), max(et)))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])

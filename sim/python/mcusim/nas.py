"""mcusim.nas: the TinyNAS loop without hardware (docs/nas.md).

    import mcusim.nas
    cands = mcusim.nas.sample("firmware_samples/spaces/mcunet.json", count=20, seed=1, out="cands")
    rows = mcusim.nas.evaluate("cands", boards=["stm32h743"], max_sram="512K", max_latency_ms=500,
                               jsonl="rows.jsonl", html="nas.html")
    feasible = [r for r in rows if r["ok"]]

The same engine and rows as `mcusim nas sample|evaluate|report`.
"""

from ._mcusim import NAS_COLUMNS, nas_evaluate, nas_report, nas_sample

sample = nas_sample
evaluate = nas_evaluate
report = nas_report

__all__ = ["sample", "evaluate", "report", "NAS_COLUMNS"]

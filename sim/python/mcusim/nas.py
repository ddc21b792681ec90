"""mcusim.nas: the TinyNAS loop without hardware (docs/nas.md).

    import mcusim.nas
    cands = mcusim.nas.sample("firmware_samples/spaces/mcunet.json", count=20, seed=1, out="cands")
    rows = mcusim.nas.evaluate("cands", boards=["stm32h743"], max_sram="512K", max_latency_ms=500,
                               jsonl="rows.jsonl", html="nas.html")
    feasible = [r for r in rows if r["ok"]]
    # latency lookup table: measured once per board, then summed per candidate
    mcusim.nas.lut("firmware_samples/spaces/tiny.json", board="stm32h743", out="lut-h743")
    guesses = mcusim.nas.predict("firmware_samples/spaces/tiny.json", lut="lut-h743.json", count=1000)

The same engine and rows as `mcusim nas sample|evaluate|report|lut|predict`.
"""

from ._mcusim import (NAS_COLUMNS, NAS_LUT_COLUMNS, NAS_PREDICT_COLUMNS, nas_evaluate, nas_lut, nas_predict,
                      nas_report, nas_sample)

sample = nas_sample
evaluate = nas_evaluate
report = nas_report
lut = nas_lut
predict = nas_predict

__all__ = ["sample", "evaluate", "report", "lut", "predict", "NAS_COLUMNS", "NAS_LUT_COLUMNS", "NAS_PREDICT_COLUMNS"]

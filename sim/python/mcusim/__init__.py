"""mcusim: instruction-level simulator and profiler for Arm Cortex-M4/M7 firmware.

    import mcusim
    r = mcusim.run("firmware.elf", board="stm32f746g-disco")
    print(r.cycles, r.ms, r.memory["peak_sram"])
    print(mcusim.check(r, max_sram="320K", max_latency_ms=200).table)

See docs/python.md in the mcusim sources.
"""

from ._mcusim import (  # noqa: F401
    RUN_OPTIONS,
    SWEEP_COLUMNS,
    CheckResult,
    InputError,
    RunResult,
    boards,
    check,
    info,
    run,
    sweep,
    sweep_job,
)

__all__ = ["run", "boards", "info", "check", "sweep", "sweep_job", "RunResult", "CheckResult", "InputError",
           "SWEEP_COLUMNS", "RUN_OPTIONS"]

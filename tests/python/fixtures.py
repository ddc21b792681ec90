"""Paths and CLI helpers shared by the Python module tests (set by CTest)."""

import json
import os
import subprocess
import tempfile

FIRMWARE = os.environ.get("MCUSIM_FIRMWARE_DIR", os.path.join(os.path.dirname(__file__), "../../build/firmware"))
CLI = os.environ.get("MCUSIM_CLI", os.path.join(os.path.dirname(__file__), "../../build/mcusim"))

INTEGER_M4 = os.path.join(FIRMWARE, "t_integer_m4.elf")  # runs on mps2-an386, exits 0
INTEGER_M7 = os.path.join(FIRMWARE, "t_integer_m7.elf")  # mps2-an500
UART_M4 = os.path.join(FIRMWARE, "t_uart_m4.elf")  # prints through the UART
UNDEFINED = os.path.join(FIRMWARE, "bad_undefined.elf")  # UDF: HardFault, no handler
ENDLESS = os.path.join(FIRMWARE, "bad_endless_loop.elf")  # spins with no interrupt to end it
SAMPLE = os.path.join(FIRMWARE, "sample_mcunet-in0_planned_stm32f746g-disco.elf")  # layers
LAYERS_TFLM = os.path.join(FIRMWARE, "layers_tflm.elf")  # mps2-an386: TF-Lite-Micro-shaped, 8 layers
RTOS_HEAP = os.path.join(FIRMWARE, "rtos_heap_periodic.elf")  # mps2-an386: FreeRTOS-shaped, task stacks in ucHeap
THREADX = os.path.join(FIRMWARE, "threadx_stacks_mps2-an386.elf")  # mps2-an386: ThreadX-shaped, stacks from a byte pool


def cli(*args):
    """Runs the mcusim CLI; returns (exit code, stdout, stderr)."""
    p = subprocess.run([CLI, *args], capture_output=True, timeout=300)  # bytes: keep the firmware's \r\n
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def cli_report(elf, board, *options):
    """The JSON report `mcusim run --json` writes for this run."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "report.json")
        code, _, err = cli("run", "--board", board, "--quiet", "--json", path, *options, elf)
        with open(path) as f:
            return code, json.load(f)

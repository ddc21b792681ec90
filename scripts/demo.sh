#!/usr/bin/env bash
# README command 1: install what is missing, build, and run the main job on a
# bundled sample, printing the firmware's output and mcusim's report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
sample=build/firmware/sample_mcunet-in0_planned_stm32f746g-disco.elf
board=stm32f746g-disco
if [[ ! -f $sample ]]; then
  # Until the inference samples build, show the integer workload.
  sample=build/firmware/t_integer_m7.elf
  board=mps2-an500
fi
echo "== mcusim run --board $board $sample"
./build/mcusim run --board "$board" "$sample"

#!/usr/bin/env bash
# README command 1: install what is missing, build, and run the main job on a
# bundled sample, printing the firmware's output and mcusim's report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
# mcunet-in0, TinyEngine-style planned engine, on the STM32F746G-DISCO.
board=stm32f746g-disco
sample=build/firmware/sample_mcunet-in0_planned_$board.elf
if [[ ! -f $sample ]]; then
  echo "demo: $sample was not built" >&2
  exit 1
fi
echo "== mcusim run --board $board --profile $sample"
./build/mcusim run --board "$board" --profile "$sample"

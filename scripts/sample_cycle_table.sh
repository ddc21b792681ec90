#!/usr/bin/env bash
# The "Cycles per board" table of docs/results.md: every built sample ELF run
# on its board, cycles and time at the board clock. Build with
# -DMCUSIM_ALL_SAMPLES=ON for the full matrix.  usage: [build-dir]
set -euo pipefail
build=${1:-build}
boards=(stm32f407 stm32l4r5 nrf52840 stm32f746g-disco stm32h743 mps2-an386 mps2-an500)
printf '| sample | stm32f407 (M4, 168 MHz) | stm32l4r5 (M4, 120 MHz) | nrf52840 (M4, 64 MHz) | stm32f746g-disco (M7, 216 MHz) | stm32h743 (M7, 480 MHz) | mps2-an386 (M4, 25 MHz) | mps2-an500 (M7, 25 MHz) |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for model in mcunet-in0 mcunet-in1 mcunet-in2 mcunet-in3 mcunet-in4 mbv2-w0_35-r144 proxyless-w0_3-r176; do
  for engine in planned interpreted planned_patch; do
    row="| $model ${engine/_/ } |"
    found=0
    for board in "${boards[@]}"; do
      elf=$build/firmware/sample_${model}_${engine}_${board}.elf
      if [[ -f $elf ]]; then
        summary=$("$build/mcusim" run --board "$board" "$elf" 2>&1 >/dev/null | grep '^mcusim: exit')
        cycles=$(sed -E 's/.*\| ([0-9,]+) cycles \| ([^|]*) at.*/\1 (\2)/' <<<"$summary" | sed 's/ *)/)/')
        row="$row $cycles |"
        found=1
      else
        row="$row - |"
      fi
    done
    if ((found)); then echo "$row"; fi  # not `&&`: an absent last row would become the exit status
  done
done

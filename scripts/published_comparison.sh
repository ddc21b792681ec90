#!/usr/bin/env bash
# The latency table of docs/results.md "Next to the published figures": the
# samples' whole-run time under --timing fast and --timing accurate on the
# STM32H743 and STM32F746, next to the published TinyEngine / TF-Lite Micro
# latencies (restated from shared/reference/cortex-m-timing.md). Needs the
# full sample matrix: build with -DMCUSIM_ALL_SAMPLES=ON.  usage: [build-dir]
set -euo pipefail
build=${1:-build}

# Published latency in ms: TinyEngine H743, TF-Lite Micro H743, TinyEngine F746 ("-": none published).
declare -A tinyengine_h743=([mcunet-in0]=25 [mcunet-in1]=56 [mcunet-in2]=280 [mcunet-in3]=336 [mcunet-in4]=463)
declare -A tflm_h743=([mcunet-in0]=586 [mcunet-in1]=1227 [mcunet-in2]=6463 [mcunet-in3]=7821 [mcunet-in4]="out of memory")
declare -A tinyengine_f746=([mcunet-in0]=92 [mcunet-in1]=197 [mcunet-in2]=- [mcunet-in3]=1075 [mcunet-in4]=-)

latency() {  # latency <model> <engine> <board> <timing>: "12.3 ms", or why there is none
  local elf=$build/firmware/sample_$1_$2_$3.elf
  [[ -f $elf ]] || { echo "does not fit (not built)"; return; }
  local summary
  summary=$("$build/mcusim" run --timing "$4" --board "$3" "$elf" 2>&1 >/dev/null | grep '^mcusim: exit 0') || true
  if [[ -z $summary ]]; then echo "does not run"; return; fi
  sed -E 's/.*cycles \| ([0-9.]+ [mu]?s) at.*/\1/' <<<"$summary"
}

printf '| model | ours planned, H743 fast | ours planned, H743 accurate | TinyEngine, H743 | ours interpreted, H743 fast | TF-Lite Micro, H743 | ours planned, F746 fast | ours planned, F746 accurate | TinyEngine, F746 |\n'
printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for model in mcunet-in0 mcunet-in1 mcunet-in2 mcunet-in3 mcunet-in4; do
  ms() { [[ $1 =~ ^[0-9]+$ ]] && echo "$1 ms" || echo "$1"; }
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$model" \
    "$(latency "$model" planned stm32h743 fast)" "$(latency "$model" planned stm32h743 accurate)" "$(ms "${tinyengine_h743[$model]}")" \
    "$(latency "$model" interpreted stm32h743 fast)" "$(ms "${tflm_h743[$model]}")" \
    "$(latency "$model" planned stm32f746g-disco fast)" "$(latency "$model" planned stm32f746g-disco accurate)" \
    "$(ms "${tinyengine_f746[$model]}")"
done

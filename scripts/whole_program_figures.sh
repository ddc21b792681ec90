#!/usr/bin/env bash
# Markdown table of cycles, instructions and CPI for every built sample and
# benchmark ELF on its own board (the board is in the file name), plus the
# Cortex-M4 vs M7 comparison on the zero-wait-state MPS2 boards, plus fast
# against accurate timing on the boards with caches. Used to
# refresh docs/accuracy.md and docs/results.md.  usage: [build-dir]
set -euo pipefail
build=${1:-build}
declare -A cycles

board_of() {  # the board in an ELF's name: bench_*_m4/_m7 run on the mps2 boards
  case $1 in
    *_m4) echo mps2-an386 ;;
    *_m7) echo mps2-an500 ;;
    *stm32f746g-disco) echo stm32f746g-disco ;;
    *) echo "${1##*_}" ;;
  esac
}
printf '| firmware | board | cycles | instructions | CPI |\n|---|---|---:|---:|---:|\n'
for elf in "$build"/firmware/bench_realistic_m4.elf "$build"/firmware/bench_realistic_m7.elf "$build"/firmware/sample_*.elf; do
  name=$(basename "$elf" .elf)
  board=$(board_of "$name")
  summary=$("$build/mcusim" run --board "$board" "$elf" -- 40 2>&1 >/dev/null | grep '^mcusim: exit') || continue
  c=$(sed -E 's/.*\| ([0-9,]+) cycles.*/\1/' <<<"$summary" | tr -d ,)
  i=$(sed -E 's/.*\| ([0-9,]+) instructions.*/\1/' <<<"$summary" | tr -d ,)
  cycles[$name]=$c
  printf '| %s | %s | %s | %s | %.3f |\n' "$name" "$board" "$c" "$i" "$(echo "$c / $i" | bc -l)"
done
printf '\n| program | M4 cycles (mps2-an386) | M7 cycles (mps2-an500) | M4/M7 |\n|---|---:|---:|---:|\n'
for m4 in "${!cycles[@]}"; do
  case $m4 in
    *_m4) m7=${m4%_m4}_m7; program=${m4%_m4} ;;
    *_mps2-an386) m7=${m4%_mps2-an386}_mps2-an500; program=${m4%_mps2-an386} ;;
    *) continue ;;
  esac
  [[ -n ${cycles[$m7]:-} ]] || continue
  printf '| %s | %s | %s | %.2f |\n' "$program" "${cycles[$m4]}" "${cycles[$m7]}" "$(echo "${cycles[$m4]} / ${cycles[$m7]}" | bc -l)"
done | sort

# Fast against accurate timing on the boards with caches or a Flash accelerator.
printf '\n| firmware | board | fast cycles | accurate cycles | accurate/fast | cache hit rates (accurate) |\n|---|---|---:|---:|---:|---|\n'
for elf in "$build"/firmware/sample_*_stm32f407.elf "$build"/firmware/sample_*_stm32f746g-disco.elf "$build"/firmware/sample_*_stm32h743.elf; do
  [[ -f $elf ]] || continue
  name=$(basename "$elf" .elf)
  board=$(board_of "$name")
  fast=${cycles[$name]:-}
  [[ -n $fast ]] || continue
  out=$("$build/mcusim" run --timing accurate --board "$board" "$elf" -- 40 2>&1 >/dev/null)
  acc=$(grep '^mcusim: exit' <<<"$out" | sed -E 's/.*\| ([0-9,]+) cycles.*/\1/' | tr -d ,)
  rates=$(grep '^mcusim: caches:' <<<"$out" | sed -E 's/^mcusim: caches: //; s/ [0-9,]+ hits, [0-9,]+ misses \(([0-9.]+% hits)\)/ \1/g')
  printf '| %s | %s | %s | %s | %.3f | %s |\n' "$name" "$board" "$fast" "$acc" "$(echo "$acc / $fast" | bc -l)" "$rates"
done

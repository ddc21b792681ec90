#!/usr/bin/env bash
# Simulated MIPS of mcusim in each mode against qemu-system-arm, on the same
# ELFs in the same run:
#   count    --timing instructions   (instruction counting only)
#   fast     --timing fast           (the cycle model; goal: >= 80% of count)
#   profile  fast + --profile        (functions, layers, memory; goal: >= 70% of fast)
#   accurate --timing accurate       (per-access memory timing and caches; goal: >= 30 MIPS)
# The mps2 boards have no caches, so a second table runs the mcunet-in0
# sample on the boards with caches (M7 L1 on the F746, ART on the F407).
# mcusim's time is its own run loop (from its summary line); QEMU's is the
# whole process, so the QEMU ratio is conservative for mcusim. Best of N runs.
#   usage: scripts/benchmark.sh [build-dir] [rounds] [repeats]
set -euo pipefail
build=${1:-build}
rounds=${2:-200}
repeats=${3:-3}
mcusim=$build/mcusim
fw=$build/firmware

best_mcusim() {  # prints "instructions seconds" of the fastest of $repeats runs
  local best_s="" instr=""
  for _ in $(seq "$repeats"); do
    local summary
    summary=$("$mcusim" run "$@" 2>&1 >/dev/null | grep '^mcusim: exit')
    instr=$(sed -E 's/.*\| ([0-9,]+) instructions.*/\1/' <<<"$summary" | tr -d ,)
    local s
    s=$(sed -E 's/.*host ([0-9.]+) s.*/\1/' <<<"$summary")
    if [[ -z $best_s ]] || (($(echo "$s < $best_s" | bc -l))); then best_s=$s; fi
  done
  echo "$instr $best_s"
}

printf '%-10s %-11s %13s %9s %9s %9s %9s %9s %7s %9s\n' workload board instructions count_MIPS fast_MIPS prof_MIPS acc_MIPS qemu_MIPS fast/cnt prof/fast
for workload in realistic stores; do
  for core in m4 m7; do
    board=mps2-an386; [[ $core == m7 ]] && board=mps2-an500
    elf=$fw/bench_${workload}_${core}.elf
    r=$rounds; [[ $workload == stores ]] && r=$((rounds * 20))
    read -r instr count_s < <(best_mcusim --board $board --timing instructions "$elf" -- "$r")
    read -r _ fast_s < <(best_mcusim --board $board --timing fast "$elf" -- "$r")
    read -r _ prof_s < <(best_mcusim --board $board --timing fast --profile "$elf" -- "$r")
    read -r _ acc_s < <(best_mcusim --board $board --timing accurate "$elf" -- "$r")
    start=$(date +%s.%N)
    timeout 600 qemu-system-arm -M $board -display none -monitor none -serial none \
      -semihosting-config enable=on,target=native,arg=bench,arg=$r -kernel "$elf" >/dev/null
    qemu_s=$(echo "$(date +%s.%N) - $start" | bc -l)
    mips() { echo "scale=0; $instr / $1 / 1000000" | bc -l; }
    printf '%-10s %-11s %13s %9s %9s %9s %9s %9s %6.0f%% %8.0f%%\n' "$workload" "$board" "$instr" "$(mips "$count_s")" \
      "$(mips "$fast_s")" "$(mips "$prof_s")" "$(mips "$acc_s")" "$(mips "$qemu_s")" "$(echo "100 * $count_s / $fast_s" | bc -l)" \
      "$(echo "100 * $fast_s / $prof_s" | bc -l)"
  done
done

echo
printf '%-36s %-17s %13s %9s %9s\n' firmware board instructions fast_MIPS acc_MIPS
for board in stm32f746g-disco stm32f407; do
  elf=$fw/sample_mcunet-in0_planned_$board.elf
  [[ -f $elf ]] || continue
  read -r instr fast_s < <(best_mcusim --board $board --timing fast "$elf")
  read -r _ acc_s < <(best_mcusim --board $board --timing accurate "$elf")
  mips() { echo "scale=0; $instr / $1 / 1000000" | bc -l; }
  printf '%-36s %-17s %13s %9s %9s\n' "$(basename "$elf" .elf)" "$board" "$instr" "$(mips "$fast_s")" "$(mips "$acc_s")"
done

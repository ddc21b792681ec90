#!/usr/bin/env bash
# Simulated MIPS of mcusim against qemu-system-arm, on the same ELFs in the
# same run. mcusim's figures come from its own summary line (instructions and
# host seconds of the run, excluding process start); QEMU's wall time is the
# whole process, so the ratio is conservative for mcusim.
#   usage: scripts/benchmark.sh [build-dir] [rounds]
set -euo pipefail
build=${1:-build}
rounds=${2:-200}
mcusim=$build/mcusim
fw=$build/firmware
printf '%-22s %-11s %14s %10s %10s %10s %8s\n' workload board instructions mcusim_s mcusim_MIPS qemu_s ratio
for workload in realistic stores; do
  for core in m4 m7; do
    board=mps2-an386; [[ $core == m7 ]] && board=mps2-an500
    elf=$fw/bench_${workload}_${core}.elf
    r=$rounds; [[ $workload == stores ]] && r=$((rounds * 2))
    summary=$("$mcusim" run --board $board "$elf" -- "$r" 2>&1 >/dev/null | grep '^mcusim: exit')
    instr=$(sed -E 's/.*\| ([0-9,]+) instructions.*/\1/' <<<"$summary" | tr -d ,)
    secs=$(sed -E 's/.*host ([0-9.]+) s.*/\1/' <<<"$summary")
    mips=$(sed -E 's/.*s, ([0-9]+) MIPS.*/\1/' <<<"$summary")
    start=$(date +%s.%N)
    timeout 600 qemu-system-arm -M $board -display none -monitor none -serial none \
      -semihosting-config enable=on,target=native,arg=bench,arg=$r -kernel "$elf" >/dev/null
    qsecs=$(echo "$(date +%s.%N) - $start" | bc -l)
    ratio=$(echo "scale=2; $qsecs / $secs" | bc -l)
    printf '%-22s %-11s %14s %10.2f %10s %10.2f %7sx\n' "$workload" "$board" "$instr" "$secs" "$mips" "$qsecs" "$ratio"
  done
done

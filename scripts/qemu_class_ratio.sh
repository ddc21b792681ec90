#!/usr/bin/env bash
# Issue 12's "no workload class more than 4x QEMU's user time": CPU time
# (user + sys, the whole process) of mcusim and of qemu-system-arm on the
# same ELF with the same arguments, for each workload class of
# scripts/bench/mcusim_benchmarks.cpp, in each timing mode. The rounds are
# the benchmark's times a multiplier (default 10), so that QEMU's start-up
# (about 0.1 s) is a small part of its figure. Best of N runs for both.
#   usage: scripts/qemu_class_ratio.sh [build-dir] [multiplier] [repeats]
set -euo pipefail
build=${1:-build}
mult=${2:-10}
repeats=${3:-3}
mcusim=$build/mcusim
fw=$build/firmware

tfile=$(mktemp); trap 'rm -f "$tfile"' EXIT
best_cpu() {  # best user+sys CPU seconds of $repeats runs of "$@"
  local best=""
  for _ in $(seq "$repeats"); do
    local t
    /usr/bin/time -o "$tfile" -f '%U %S' "$@" >/dev/null 2>&1 || true
    t=$(tail -1 "$tfile" | awk '{print $1 + $2}')
    if [[ -z $best ]] || (($(echo "$t < $best" | bc -l))); then best=$t; fi
  done
  echo "$best"
}

printf '%-14s %-11s %7s %8s %8s %8s %8s %8s %8s %8s\n' class board rounds qemu_s count_s fast_s prof_s acc_s fast/qemu prof/qemu
# class elf board rounds: the table in scripts/bench/mcusim_benchmarks.cpp.
while read -r class elf board rounds; do
  r=$((rounds * mult))
  q=$(best_cpu timeout 600 qemu-system-arm -M "$board" -display none -monitor none -serial none \
    -semihosting-config enable=on,target=native,arg=bench,arg=$r -kernel "$fw/$elf")
  c=$(best_cpu "$mcusim" run -q --board "$board" --timing instructions "$fw/$elf" -- "$r")
  f=$(best_cpu "$mcusim" run -q --board "$board" --timing fast "$fw/$elf" -- "$r")
  p=$(best_cpu "$mcusim" run -q --board "$board" --timing fast --profile "$fw/$elf" -- "$r")
  a=$(best_cpu "$mcusim" run -q --board "$board" --timing accurate "$fw/$elf" -- "$r")
  printf '%-14s %-11s %7s %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f\n' "$class" "$board" "$r" "$q" "$c" "$f" "$p" "$a" \
    "$(echo "$f / $q" | bc -l)" "$(echo "$p / $q" | bc -l)"
done <<'EOF'
int8_mixed bench_realistic_m4.elf mps2-an386 8
fp32_conv bench_fp32conv_m4.elf mps2-an386 20
stores_calls bench_stores_m4.elf mps2-an386 300
control bench_control_m4.elf mps2-an386 300
int8_mixed_m7 bench_realistic_m7.elf mps2-an500 8
fp32_conv_m7 bench_fp32conv_m7.elf mps2-an500 20
EOF

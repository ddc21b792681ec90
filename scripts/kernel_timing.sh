#!/bin/sh
# Fast and accurate timing of the inference kernels (tests/kernels) on every
# board they are built for: one line per board and kernel, the warm run's
# cycles in both modes and fast's difference from accurate
# (docs/accuracy.md, "Inference kernels").
# Usage: scripts/kernel_timing.sh [mcusim binary] [firmware directory] [name]
# name: kernels (weights in arrays of their own, the default) or
# kernels_model (the same weights as tensor buffers of one TF-Lite model).
set -eu
mcusim=${1:-build/mcusim}
firmware=${2:-build/firmware}
name=${3:-kernels}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/kernel_timing.$$.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
printf '%-18s %-16s %10s %10s %8s\n' board kernel fast accurate fast/acc
for board in stm32f407 stm32l4r5 stm32f746g-disco stm32h743 mps2-an386 mps2-an500; do
  elf=$firmware/${name}_$(echo "$board" | tr - _).elf
  [ -f "$elf" ] || { echo "missing $elf" >&2; exit 125; }
  "$mcusim" run -q --board "$board" --timing fast "$elf" | grep -v _cold > "$tmp/fast"
  "$mcusim" run -q --board "$board" --timing accurate "$elf" | grep -v _cold > "$tmp/accurate"
  paste -d' ' "$tmp/fast" "$tmp/accurate" |
    awk -v b="$board" '{ printf "%-18s %-16s %10d %10d %+7.1f%%\n", b, $1, $2, $4, ($2 - $4) * 100.0 / $4 }'
done

#!/usr/bin/env bash
# Runs an RTOS-shaped test firmware (zephyr/, threadx/, rtx/) built for one
# board and checks it:
#
#   run_board_test.sh <kernel> <mcusim> <board> <elf> <reference-elf> [mcusim run options...]
#
# - `mcusim run --board <board> <elf>` exits 0 (the firmware's own checks
#   passed; it exits non-zero when one fails or the kernel faults) and its
#   last line is "<kernel>: PASS";
# - its stdout (the board's console: USART, UARTE or semihosting) equals,
#   byte for byte, that of <reference-elf> on mps2-an386, the build that
#   diff.t_<kernel>_m4 compares against QEMU: the same program prints the
#   same on every board.
set -uo pipefail
[[ $# -ge 5 ]] || { echo "usage: $0 <kernel> <mcusim> <board> <elf> <reference-elf> [options...]" >&2; exit 2; }
kernel=$1 mcusim=$2 board=$3 elf=$4 reference=$5
shift 5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$mcusim" run --board "$board" "$@" "$elf" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
"$mcusim" run --quiet --board mps2-an386 "$reference" >"$tmp/reference" 2>"$tmp/reference.err"
ref_rc=$?
failed=0
[[ $rc -eq 0 ]] || { echo "FAIL: mcusim exited $rc on $board (expected 0)"; failed=1; }
[[ $ref_rc -eq 0 ]] || { echo "FAIL: the reference run on mps2-an386 exited $ref_rc"; failed=1; }
[[ "$(tail -n 1 "$tmp/stdout")" == "$kernel: PASS" ]] || { echo "FAIL: the last line is not '$kernel: PASS'"; failed=1; }
if ! diff -u "$tmp/reference" "$tmp/stdout" >"$tmp/diff"; then
  echo "FAIL: output on $board differs from mps2-an386's (- mps2-an386, + $board):"
  cat "$tmp/diff"
  failed=1
fi
if [[ $failed -ne 0 ]]; then
  echo "--- stdout:"; cat "$tmp/stdout"
  echo "--- stderr (last 15 lines):"; tail -n 15 "$tmp/stderr"
  exit 1
fi
echo "ok: $board: exit 0, $(wc -l <"$tmp/stdout") lines as on mps2-an386; $(tail -n 1 "$tmp/stderr")"

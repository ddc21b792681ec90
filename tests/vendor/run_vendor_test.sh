#!/usr/bin/env bash
# Runs one vendor-style firmware on mcusim and checks what it must do:
#
#   run_vendor_test.sh <mcusim> <board> <elf> <expected-stdout> <clock_hz> [mcusim run options...]
#
# - `mcusim run --board <board> [options] --json <out.json> <elf>` exits 0
#   (options: e.g. --strict, where every register the firmware touches must
#   be modelled);
# - its stdout (the firmware's USART/UARTE output) equals <expected-stdout>
#   line for line;
# - the JSON report's top-level "clock_hz" equals <clock_hz>, the clock the
#   firmware configured (or the reset clock for the skip-clock variant).
# On failure it prints what mcusim did: exit status, the output diff, the
# last lines of stderr.
set -uo pipefail
[[ $# -ge 5 ]] || { echo "usage: $0 <mcusim> <board> <elf> <expected-stdout> <clock_hz> [options...]" >&2; exit 2; }
mcusim=$1 board=$2 elf=$3 expected=$4 clock_hz=$5
shift 5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$mcusim" run --board "$board" "$@" --json "$tmp/out.json" "$elf" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
failed=0
if [[ $rc -ne 0 ]]; then
  echo "FAIL: mcusim exited $rc (expected 0)"
  failed=1
fi
if ! diff -u "$expected" "$tmp/stdout" >"$tmp/diff"; then
  echo "FAIL: firmware output differs from $(basename "$expected") (- expected, + mcusim):"
  cat "$tmp/diff"
  failed=1
fi
if [[ -f $tmp/out.json ]]; then
  got=$(grep -oE '"clock_hz" *: *[0-9]+' "$tmp/out.json" | head -n1 | grep -oE '[0-9]+$')
  if [[ "$got" != "$clock_hz" ]]; then
    echo "FAIL: JSON clock_hz is '${got}', expected $clock_hz"
    failed=1
  fi
else
  echo "FAIL: no JSON report written"
  failed=1
fi
if [[ $failed -ne 0 ]]; then
  echo "--- mcusim stderr (last 15 lines):"
  tail -n 15 "$tmp/stderr"
  exit 1
fi
echo "ok: $board $(basename "$elf"): output and clock_hz $clock_hz as expected"

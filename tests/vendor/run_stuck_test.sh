#!/usr/bin/env bash
# A firmware polling a bit nothing sets must be stopped by mcusim quickly:
#
#   run_stuck_test.sh <mcusim> <board> <elf> <first-stdout-line> <register-regex> <bit-regex>
#
# Requires exit status 124, under 1 s of host time for the whole run, the
# firmware's first line on stdout (it got that far), and a message on stderr
# naming the register (<register-regex>, e.g. 'RCC[._]CR') and the bit.
set -uo pipefail
[[ $# -eq 6 ]] || { echo "usage: $0 <mcusim> <board> <elf> <first-line> <register-regex> <bit-regex>" >&2; exit 2; }
mcusim=$1 board=$2 elf=$3 first_line=$4 reg_re=$5 bit_re=$6
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

start=$(date +%s%N)
timeout 10 "$mcusim" run --board "$board" "$elf" >"$tmp/stdout" 2>"$tmp/stderr"
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
failed=0
[[ $rc -eq 124 ]] || { echo "FAIL: exit status $rc, expected 124"; failed=1; }
((ms < 1000)) || { echo "FAIL: took ${ms} ms of host time, expected under 1000"; failed=1; }
grep -qxF "$first_line" "$tmp/stdout" || { echo "FAIL: stdout lacks '$first_line'"; failed=1; }
grep -qE "$reg_re" "$tmp/stderr" || { echo "FAIL: stderr does not name the register (/$reg_re/)"; failed=1; }
grep -qE "$bit_re" "$tmp/stderr" || { echo "FAIL: stderr does not name the bit (/$bit_re/)"; failed=1; }
if [[ $failed -ne 0 ]]; then
  echo "--- stdout:"; cat "$tmp/stdout"
  echo "--- stderr (last 15 lines):"; tail -n 15 "$tmp/stderr"
  exit 1
fi
echo "ok: stopped in ${ms} ms with exit 124: $(grep -E "$reg_re" "$tmp/stderr" | head -n1)"

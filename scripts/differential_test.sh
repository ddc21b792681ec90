#!/usr/bin/env bash
# Differential test: run one firmware ELF on QEMU (the oracle) and on mcusim
# and require the same stdout (semihosting console + UART0, byte for byte)
# and the same exit status.
#
#   differential_test.sh <mcusim> <machine> <elf> [mcusim run options...]
#
#   <mcusim>   the mcusim CLI; invoked as `<mcusim> run --board <machine> <elf>`
#              (its own diagnostics go to stderr and are not compared)
#   <machine>  mps2-an386 | mps2-an500: QEMU machine and mcusim board name
#   <elf>      firmware built by mcusim_add_firmware
#   options    passed to `mcusim run` before the ELF, e.g. --strict where the
#              firmware relies on QEMU's bus faults for unmapped addresses
#
# Environment:
#   QEMU                   QEMU binary (default: qemu-system-arm)
#   QEMU_TIMEOUT           seconds before QEMU is killed (default: 60)
#   MCUSIM_TIMEOUT         seconds before mcusim is killed (default: 120)
#   DIFF_KEEP_DIR          if set, both outputs are kept there
#
# Exit status: 0 match, 1 mismatch, 2 the test itself could not run
# (missing tool or file, QEMU hung or crashed).
set -euo pipefail

usage() {
  echo "usage: $0 <mcusim> <mps2-an386|mps2-an500> <firmware.elf> [mcusim run options...]" >&2
  exit 2
}
[[ $# -ge 3 ]] || usage
mcusim=$1
machine=$2
elf=$3
shift 3
mcusim_opts=("$@")
qemu=${QEMU:-qemu-system-arm}
qemu_timeout=${QEMU_TIMEOUT:-60}
mcusim_timeout=${MCUSIM_TIMEOUT:-120}

case $machine in
  mps2-an386 | mps2-an500) ;;
  *) echo "error: unsupported machine '$machine' (QEMU runs only mps2-an386 and mps2-an500)" >&2; exit 2 ;;
esac
[[ -f $elf ]] || { echo "error: firmware '$elf' not found (build the 'firmware' target first)" >&2; exit 2; }
[[ -x $mcusim ]] || { echo "error: mcusim '$mcusim' not found or not executable" >&2; exit 2; }
if ! command -v "$qemu" >/dev/null 2>&1; then
  echo "error: '$qemu' not found; the differential tests need QEMU's Arm system emulator" >&2
  echo "       (Debian/Ubuntu: apt-get install qemu-system-arm)" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mcusim-diff.XXXXXX")
trap 'rm -rf "$work"' EXIT
name=$(basename "$elf" .elf)

show_stderr() { # <label> <file>
  if [[ -s $2 ]]; then
    echo "--- $1 stderr (last 20 lines) ---"
    tail -n 20 "$2"
  fi
}

keep() { # <files...>: copy outputs to DIFF_KEEP_DIR when asked
  if [[ -n ${DIFF_KEEP_DIR:-} ]]; then
    mkdir -p "$DIFF_KEEP_DIR"
    for f in "$@"; do cp "$work/$f" "$DIFF_KEEP_DIR/$name.$f"; done
  fi
}

# QEMU: semihosting console on stdout (target=native: QEMU itself services
# the calls), UART0 on stdout too, no monitor, no graphics, no stdin.
set +e
timeout "$qemu_timeout" "$qemu" -M "$machine" -display none -monitor none -serial stdio \
  -semihosting-config enable=on,target=native -kernel "$elf" \
  <"/dev/null" >"$work/qemu.out" 2>"$work/qemu.err"
qemu_rc=$?
set -e
keep qemu.out qemu.err

# 124 is timeout(1)'s status; >= 128 means killed by a signal (QEMU aborts
# with SIGABRT on CPU lockup). Either way QEMU gave no usable answer.
if [[ $qemu_rc -eq 124 || $qemu_rc -ge 128 ]]; then
  echo "error: QEMU did not finish $name normally (status $qemu_rc); the firmware itself is broken" >&2
  show_stderr qemu "$work/qemu.err" >&2
  exit 2
fi

set +e
timeout "$mcusim_timeout" "$mcusim" run --board "$machine" ${mcusim_opts[@]+"${mcusim_opts[@]}"} "$elf" \
  <"/dev/null" >"$work/mcusim.out" 2>"$work/mcusim.err"
mcusim_rc=$?
set -e
keep mcusim.out mcusim.err

status=0
if ! cmp -s "$work/qemu.out" "$work/mcusim.out"; then
  echo "FAIL $name on $machine: stdout differs (- qemu, + mcusim; ^M = CR)"
  diff -u --text --label "qemu $machine" --label "mcusim $machine" \
    <(sed 's/\r/^M/g' "$work/qemu.out") <(sed 's/\r/^M/g' "$work/mcusim.out") || true
  status=1
fi
if [[ $qemu_rc -ne $mcusim_rc ]]; then
  echo "FAIL $name on $machine: exit status differs: qemu $qemu_rc, mcusim $mcusim_rc"
  if [[ $mcusim_rc -eq 124 ]]; then
    echo "     (124: mcusim hit a run limit, or timeout(1) killed it after ${mcusim_timeout}s)"
  fi
  status=1
fi
if [[ $status -ne 0 ]]; then
  show_stderr mcusim "$work/mcusim.err"
  show_stderr qemu "$work/qemu.err"
  exit 1
fi
echo "PASS $name on $machine: $(wc -l <"$work/qemu.out") lines, exit status $qemu_rc"

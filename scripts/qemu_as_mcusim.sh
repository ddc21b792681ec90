#!/usr/bin/env bash
# Stand-in for `mcusim run --board <machine> <elf>` that runs QEMU instead.
# Lets the differential harness be tested without a working simulator:
#   differential_test.sh scripts/qemu_as_mcusim.sh mps2-an386 t_integer_m4.elf
# or, for all diff.* tests: cmake -DMCUSIM_DIFF_SIMULATOR=<this script> ...
# Set QEMU_AS_MCUSIM_CORRUPT=1 to append a line to stdout, which the
# harness must then report as a mismatch.
set -euo pipefail
if [[ $# -lt 4 || $1 != run || $2 != --board ]]; then
  echo "usage: $0 run --board <machine> [mcusim options, ignored] <elf>" >&2
  exit 2
fi
machine=$3
elf=${!#}
set +e
"${QEMU:-qemu-system-arm}" -M "$machine" -display none -monitor none -serial stdio \
  -semihosting-config enable=on,target=native -kernel "$elf" </dev/null
rc=$?
set -e
if [[ -n ${QEMU_AS_MCUSIM_CORRUPT:-} ]]; then echo "corrupted line"; fi
exit "$rc"

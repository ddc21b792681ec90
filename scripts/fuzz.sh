#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang, ASan+UBSan) into
# build-fuzz/ and runs each in turn, at lowest CPU priority, one at a time.
#
#   scripts/fuzz.sh [--time SECONDS] [--runs N] [--timeout SECONDS] [TARGET...]
#
# TARGET: elf board model profile semihosting tflite (default: all). Each runs until
# SECONDS (default 60) or N inputs, whichever comes first. Seeds come from the
# project's own files (ELFs of build/firmware, bundled boards, model
# descriptions, profiles mcusim writes, the test TF-Lite model) plus tests/fuzz/regressions/<target>.
# An input over --timeout seconds of wall time (default 1) is a hang; on a
# loaded machine a lowest-priority process can wait that long for a CPU, so
# there give a larger timeout: every input over 1 s is still written as
# build-fuzz/artifacts/<target>/slow-unit-* to be replayed alone.
# A failing input lands in build-fuzz/artifacts/<target>/: copy it to
# tests/fuzz/regressions/<target>/ once fixed (a unit test replays those).
# Prints one line per target: inputs executed, and whether it failed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60 runs=-1 timeout=1 targets=()
while (($#)); do
  case "$1" in
    --time) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    elf|board|model|profile|semihosting|tflite) targets+=("$1"); shift ;;
    *) echo "usage: scripts/fuzz.sh [--time SECONDS] [--runs N] [--timeout SECONDS] [elf|board|model|profile|semihosting|tflite...]" >&2; exit 125 ;;
  esac
done
((${#targets[@]})) || targets=(elf board model profile semihosting tflite)

out=build-fuzz
if [[ ! -f $out/build.ninja ]]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B $out -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMCUSIM_FUZZ=ON \
    -DMCUSIM_BUILD_FIRMWARE=OFF -DMCUSIM_BUILD_TESTS=OFF -DMCUSIM_BUILD_BENCHMARKS=OFF > $out.configure.log 2>&1 ||
    { cat $out.configure.log; exit 1; }
fi
nice -n 19 cmake --build $out --target "${targets[@]/#/fuzz_}"

# Seed corpora, rebuilt each time from what the tree holds now.
seed() {  # seed TARGET FILES...
  local dir=$out/corpus/$1; shift
  mkdir -p "$dir"
  for f in "$@"; do [[ -f $f ]] && cp "$f" "$dir/$(basename "$f")"; done
  return 0
}
shopt -s nullglob
# ELF seeds: a small program with DWARF of its own (a few KiB, so mutations
# reach headers, symbols and line tables), and the project's test ELFs with
# their debug sections stripped (newlib's make a full one 200-470 KiB, which
# held the fuzzer under one input per second).
mkdir -p $out/corpus/elf
arm-none-eabi-gcc -mcpu=cortex-m4 -mthumb -O1 -g -nostdlib -T tests/fuzz/seeds/tiny_elf.ld tests/fuzz/seeds/tiny_elf.c \
  -o $out/corpus/elf/tiny_elf.elf
for f in build/firmware/bad_*.elf build/firmware/hostile_*.elf build/firmware/t_svc_m4.elf; do
  arm-none-eabi-strip --strip-debug -o "$out/corpus/elf/$(basename "$f")" "$f"
done
seed board sim/boards/*.json
seed model firmware_samples/models/*.json
if [[ -x build/mcusim && -f build/firmware/t_integer_m4.elf ]]; then
  mkdir -p $out/corpus/profile
  for fw in t_integer_m4 bad_endless_loop; do
    build/mcusim run --quiet --json $out/corpus/profile/$fw.json build/firmware/$fw.elf > /dev/null 2>&1 || true
  done
fi
mkdir -p $out/corpus/semihosting
# count, (op, arg) calls, guest RAM: SYS_WRITE0 of RAM, SYS_OPEN ":tt", SYS_WRITE, SYS_READ, SYS_EXIT_EXTENDED.
printf '\x05\x04\x40\x00\x00\x00\x01\x00\x00\x00\x00\x05\x10\x00\x00\x00\x06\x20\x00\x00\x00\x20\x30\x00\x00\x00' > $out/corpus/semihosting/calls
printf 'hello\0' >> $out/corpus/semihosting/calls
mkdir -p $out/corpus/tflite
/usr/bin/python3 tests/firmware/layers/make_tflm_model.py --binary > $out/corpus/tflite/tflm_model.tflite || true
for t in "${targets[@]}"; do
  seed "$t" tests/fuzz/regressions/"$t"/*
done

max_len() {  # the largest input worth mutating per target: a seed's size, rounded up
  case "$1" in
    elf) echo 131072 ;;       # the stripped seeds are 20-70 KiB
    semihosting) echo 8192 ;; # 16 calls and the guest RAM the calls point into
    *) echo 262144 ;;
  esac
}
for t in "${targets[@]}"; do
  mkdir -p $out/artifacts/$t
  log=$out/fuzz_$t.log
  status=ok
  nice -n 19 $out/tests/fuzz/fuzz_$t $out/corpus/$t -max_total_time="$seconds" -runs="$runs" -timeout="$timeout" -report_slow_units=1 \
    -rss_limit_mb=2048 -max_len="$(max_len "$t")" -print_funcs=0 -artifact_prefix=$out/artifacts/$t/ -print_final_stats=1 < /dev/null > "$log" 2>&1 || status=FAILED
  executed=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "fuzz_$t: $executed inputs, $status (log $log)"
done

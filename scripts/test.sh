#!/usr/bin/env bash
# README command 2: install what is missing, build everything and run every
# test (unit tests, QEMU differential tests, sample checks) with CTest; then
# the sanitizer job: the library, CLI and unit tests built again with
# AddressSanitizer + UndefinedBehaviorSanitizer (MCUSIM_SANITIZE) in
# build-sanitize/, running the unit and CLI tests on build/'s firmware
# (docs/reliability.md). MCUSIM_SKIP_SANITIZE=1 skips that second build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
(cd build && ctest --output-on-failure -j"$(nproc)" --timeout 300)

[[ ${MCUSIM_SKIP_SANITIZE:-0} == 1 ]] && exit 0
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMCUSIM_SANITIZE=ON \
  -DMCUSIM_BUILD_FIRMWARE=OFF -DMCUSIM_BUILD_BENCHMARKS=OFF -DMCUSIM_TEST_FIRMWARE_DIR="$PWD/build/firmware" \
  > build-sanitize.configure.log 2>&1 || { cat build-sanitize.configure.log; exit 1; }
cmake --build build-sanitize -j"$(nproc)" --target mcusim mcusim_tests
# Any report fails the test that triggered it (the CLI tests' mcusim too).
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-sanitize && ctest --output-on-failure -j"$(nproc)" --timeout 300)

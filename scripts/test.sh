#!/usr/bin/env bash
# README command 2: install what is missing, build everything and run every
# test (unit tests, QEMU differential tests, sample checks) with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
cd build
ctest --output-on-failure -j"$(nproc)" --timeout 300

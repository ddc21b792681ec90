#!/usr/bin/env bash
# Installs what mcusim needs to build, test and run its samples, from Debian's
# packages only. Skips apt entirely when everything is already there.
set -euo pipefail
packages=(
  cmake ninja-build g++ pkg-config
  libunicorn-dev libcapstone-dev libelf-dev libdw-dev libfmt-dev nlohmann-json3-dev libmimalloc-dev libcli11-dev
  libgtest-dev libbenchmark-dev
  python3-dev pybind11-dev python3-pybind11 python3-distributed
  python3-flatbuffers  # tests/firmware/layers/make_tflm_model.py (the test TF-Lite model; fuzz seed)
  gcc-arm-none-eabi libnewlib-arm-none-eabi
  libstdc++-arm-none-eabi-newlib  # C++ test firmware (TF-Lite Micro's shape): arm-none-eabi-g++'s headers and libstdc++
  qemu-system-arm valgrind bc
  chromium
  clang-14 libclang-rt-14-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

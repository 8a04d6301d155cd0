#!/usr/bin/env bash
# Configures and builds one flavour of the tree.
#   scripts/build.sh [normal|asan|fuzz]   (default: normal)
# Build directories: build/, build-asan/, build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-normal}
jobs=$(nproc 2>/dev/null || echo 2)
case "$flavour" in
  normal) dir=build; args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan)   dir=build-asan; args=(-DCMAKE_BUILD_TYPE=Debug -DMOQT_SANITIZE=ON) ;;
  fuzz)   dir=build-fuzz; args=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DMOQT_FUZZ=ON
                                -DMOQT_BUILD_TESTS=OFF) ;;
  *) echo "usage: $0 [normal|asan|fuzz]" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" "${args[@]}" > "$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; exit 1; }
cmake --build "$dir" -j "$jobs"

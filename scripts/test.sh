#!/usr/bin/env bash
# The test command (README, .ci/run): installs dependencies, builds, and runs
# every test: the CTest suite in a normal build and in an ASan+UBSan build, each
# fuzz target briefly, and the guard rails.
#   FUZZ_SECONDS=N  seconds per fuzz target (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
jobs=$(nproc 2>/dev/null || echo 2)

echo "== normal build"
./scripts/build.sh normal
ctest --test-dir build --output-on-failure -j "$jobs"

# After the normal build: check_symbols reads build/libmoqt.so and check_static
# uses build/compile_commands.json.
echo "== guard rails"
./scripts/check_all.sh

echo "== ASan+UBSan build"
./scripts/build.sh asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"

echo "== fuzz smoke runs"
./scripts/build.sh fuzz
./scripts/fuzz.sh "${FUZZ_SECONDS:-5}"

echo "== all tests passed"

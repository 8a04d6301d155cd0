#!/usr/bin/env bash
# Builds the normal flavour and runs the benchmarks. They print figures and
# never fail on time.
#   scripts/bench.sh [SECONDS per case]   (default 0.5)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh normal
./build/bench/wire_bench "${1:-0.5}"

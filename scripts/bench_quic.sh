#!/usr/bin/env bash
# Transport benchmark: bulk download over loopback through our QUIC transport
# and through Debian's gtlsserver/gtlsclient (ngtcp2 examples), same bytes,
# same run. Prints both rates, the ratio and CPU seconds per GB. Never fails
# on a figure.
#   scripts/bench_quic.sh [MiB] [cubic|reno|bbr|bbr2] [runs]   (default 256 cubic 3)
set -euo pipefail
cd "$(dirname "$0")/.."
mib=${1:-256}
cc=${2:-cubic}
runs=${3:-3}
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DMOQT_BUILD_TESTS=OFF > build-bench.configure.log
cmake --build build-bench -j "$(nproc 2>/dev/null || echo 2)" --target quic_bulk > /dev/null
./build-bench/bench/quic_bulk "$mib" "$cc" "$runs"

#!/usr/bin/env bash
# Guard rail: the shared library exports only moqt_* symbols (internal functions
# are hidden by C_VISIBILITY_PRESET; public ones are marked MOQT_EXTERN).
# usage: scripts/check_symbols.sh [LIBRARY]   (default: build/libmoqt.so)
# Needs a build: without the library it says so and passes (scripts/test.sh
# runs the guard rails after the normal build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lib=${1:-$root/build/libmoqt.so}
if [ ! -e "$lib" ]; then
  echo "check_symbols: SKIPPED: $lib not built yet (run ./scripts/build.sh first)"
  exit 0
fi
if ! command -v nm > /dev/null; then
  echo "check_symbols: nm not found (install binutils)"
  exit 1
fi
syms=$(nm -D --defined-only "$lib" | awk 'NF >= 3 {print $3}')
if [ -z "$syms" ]; then
  echo "check_symbols: $lib exports no symbols: is it a shared library?"
  exit 1
fi
if bad=$(echo "$syms" | grep -v '^moqt_'); then
  echo "check_symbols: $lib exports symbols without the moqt_ prefix:"
  echo "$bad" | sed 's/^/  /'
  exit 1
fi

#!/usr/bin/env bash
# Proves every guard rail (scripts/check_*.sh) fails on a deliberate violation:
# each check runs against a fixture tree under fixtures/ that breaks its rule
# and must fail naming the offending file; against fixtures/clean it must pass,
# so a failure means the violation was seen, not that the check is broken.
#   tests/guardrails/run.sh [LIBRARY]   LIBRARY: the built libmoqt.so, which
#                                        check_symbols must accept.
# CTest runs it (tests/guardrails.cmake, label guardrails).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
fx=$here/fixtures
lib=${1:-}
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_fail MARKER CMD...: CMD must exit non-zero and print MARKER.
expect_fail() {
  local marker=$1
  shift
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [ $rc -eq 0 ]; then
    echo "FAIL: passed on a violation: $*"
    echo "$out" | sed 's/^/    /'
    failures=$((failures + 1))
  elif ! grep -qF -- "$marker" <<< "$out"; then
    echo "FAIL: failed without naming $marker: $*"
    echo "$out" | sed 's/^/    /'
    failures=$((failures + 1))
  else
    echo "ok: $(basename "$1") rejects $marker"
  fi
}

# expect_pass CMD...: CMD must exit 0.
expect_pass() {
  local out
  if ! out=$("$@" 2>&1); then
    echo "FAIL: failed on a clean tree: $*"
    echo "$out" | sed 's/^/    /'
    failures=$((failures + 1))
  else
    echo "ok: $(basename "$1") accepts $(basename "${2:-}")"
  fi
}

s=$repo/scripts
expect_fail src/session/draft_compare.c "$s/check_layering.sh" "$fx/layering_draft"
expect_fail src/wire/uses_socket.c "$s/check_layering.sh" "$fx/layering_io"
expect_fail include/moqt/third_party.h "$s/check_headers.sh" "$fx/headers_third_party"
expect_fail include/moqt/not_self_contained.h "$s/check_headers.sh" "$fx/headers_alone"
expect_fail src/badly_formatted.c "$s/check_format.sh" "$fx/format"
expect_fail src/out_of_bounds.c "$s/check_static.sh" "$fx/static_cppcheck"
expect_fail "bugprone-macro-parentheses" "$s/check_static.sh" "$fx/static_tidy"
expect_fail src/too_long.c "$s/check_size.sh" "$fx/size"
expect_fail src/session/bare_malloc.c "$s/check_memory.sh" "$fx/memory"

cc=${CC:-cc}
if "$cc" -shared -fPIC -o "$tmp/libbad.so" "$fx/symbols/exports_bad_symbol.c" &&
   "$cc" -shared -fPIC -o "$tmp/libgood.so" "$fx/symbols/exports_good_symbol.c"; then
  expect_fail not_prefixed_helper "$s/check_symbols.sh" "$tmp/libbad.so"
  expect_pass "$s/check_symbols.sh" "$tmp/libgood.so"
else
  echo "FAIL: could not build the check_symbols fixtures with $cc"
  failures=$((failures + 1))
fi

for c in layering headers format static size memory; do
  expect_pass "$s/check_$c.sh" "$fx/clean"
done
if [ -n "$lib" ]; then
  expect_pass "$s/check_symbols.sh" "$lib"
fi

if [ $failures -ne 0 ]; then
  echo "guardrails: $failures failure(s)"
  exit 1
fi
echo "guardrails: every check rejects its violation"

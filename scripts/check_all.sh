#!/usr/bin/env bash
# Runs every guard rail (scripts/check_*.sh). See docs/CONTRIBUTING.md.
# Best run after ./scripts/build.sh (scripts/test.sh does): check_symbols needs
# build/libmoqt.so (it says SKIPPED without it) and check_static takes clang-tidy
# flags from build/compile_commands.json.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for c in scripts/check_*.sh; do
  [ "$c" = scripts/check_all.sh ] && continue
  if "$c"; then echo "check: $(basename "$c" .sh) ok"; else echo "check: $(basename "$c" .sh) FAILED"; status=1; fi
done
exit $status

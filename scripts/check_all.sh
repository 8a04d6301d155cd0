#!/usr/bin/env bash
# Runs every guard rail (scripts/check_*.sh). See docs/CONTRIBUTING.md.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for c in scripts/check_*.sh; do
  [ "$c" = scripts/check_all.sh ] && continue
  if "$c"; then echo "check: $(basename "$c" .sh) ok"; else echo "check: $(basename "$c" .sh) FAILED"; status=1; fi
done
exit $status

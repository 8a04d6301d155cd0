#!/usr/bin/env bash
# Guard rail: no .c file over 2,000 lines (STYLE: aim for under ~1,000).
# usage: scripts/check_size.sh [ROOT]
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"
limit=2000
status=0
while IFS= read -r f; do
  n=$(wc -l < "$f")
  if [ "$n" -gt "$limit" ]; then
    echo "check_size: $f has $n lines (limit $limit): split it by concern"
    status=1
  fi
done < <(find . \( -path './build*' -o -path './.git' -o -path './node_modules' \
                   -o -path './tests/guardrails/fixtures' \) -prune -o -type f -name '*.c' -print | sed 's|^\./||' | sort)
exit $status

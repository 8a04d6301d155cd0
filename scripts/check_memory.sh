#!/usr/bin/env bash
# Guard rail: every allocation in src/ goes through base/mem.h (the caller's
# moqt_mem), so no bare malloc/calloc/realloc/free outside src/base/mem.c.
# Calls through an allocator struct (mem->free(...)) are not bare calls.
# usage: scripts/check_memory.sh [ROOT]
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"
[ -d src ] || exit 0
pattern='(?<![\w.>])(malloc|calloc|realloc|free)\s*\('
if hits=$(grep -rnHP --include='*.c' --include='*.h' "$pattern" src | grep -v '^src/base/mem\.c:' \
          | grep -vP ':\d+:\s*(//|/?\*)'); then
  echo "check_memory: bare allocation calls (use moqt_mem_malloc/... from base/mem.h):"
  echo "$hits" | sed 's/^/  /'
  exit 1
fi

#!/usr/bin/env bash
# Guard rail: C sources follow .clang-format (fix with clang-format -i FILE).
# Files listed in scripts/guardrails-known.txt ("format PATH") are reported but
# do not fail the check.
# usage: scripts/check_format.sh [ROOT]
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"
if ! command -v clang-format > /dev/null; then
  echo "check_format: clang-format not found (./scripts/setup.sh installs it)"
  exit 1
fi
files=()
for d in src include apps tests bench; do
  [ -d "$d" ] || continue
  while IFS= read -r f; do files+=("$f"); done < <(find "$d" -path tests/guardrails/fixtures -prune \
      -o -type f \( -name '*.c' -o -name '*.h' \) -print | sort)
done
((${#files[@]})) || exit 0
known=scripts/guardrails-known.txt
status=0
out=$(clang-format --dry-run -Werror "${files[@]}" 2>&1) || true
for f in $(echo "$out" | grep -E '^[^ ].*: error:' | cut -d: -f1 | sort -u); do
  if [ -f "$known" ] && grep -qxE "format +$f *" "$known"; then
    echo "check_format: known (scripts/guardrails-known.txt): $f not formatted"
  else
    echo "check_format: $f is not formatted (run clang-format -i $f)"
    status=1
  fi
done
if [ -z "$out" ] || echo "$out" | grep -qE '^[^ ].*: error:'; then
  exit $status
fi
echo "check_format: clang-format failed:"
echo "$out" | sed 's/^/  /'
exit 1

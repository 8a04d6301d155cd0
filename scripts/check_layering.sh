#!/usr/bin/env bash
# Guard rail: the layers stay honest (docs/CONTRIBUTING.md, DESIGN.md "Layers").
#  1. Only src/wire/ compares draft numbers. The library outside src/wire/ and the
#     apps ask the profile (moqt_profile capability fields) instead. Tests and
#     benchmarks may name drafts: they exercise per-draft behaviour on purpose.
#  2. src/wire/ and src/session/ include no socket, QUIC, TLS, HTTP/3 or event
#     loop headers: they are pure / sans-I/O.
# usage: scripts/check_layering.sh [ROOT]   (ROOT defaults to the repository)
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"
status=0

ops='(==|!=|<=|>=|<|>)'
draft_patterns=(
  "\\bdraft\\s*$ops"                                   # draft >= 15, p->draft < 17
  "(^|[^-])$ops\\s*([A-Za-z_][A-Za-z0-9_]*(->|\\.))*draft\\b" # 15 <= p->draft
  "\\bversion\\s*$ops\\s*MOQT_VERSION_DRAFT_"             # version >= MOQT_VERSION_DRAFT_17
  "MOQT_VERSION_DRAFT_[0-9]+\\s*$ops"                     # MOQT_VERSION_DRAFT_15 <= v
  "(^|[^-])$ops\\s*MOQT_VERSION_DRAFT_"                   # v < MOQT_VERSION_DRAFT_15
  "switch\\s*\\(\\s*([A-Za-z_][A-Za-z0-9_]*(->|\\.))*(draft|version)\\s*\\)" # switch (p->draft)
  "case\\s+MOQT_VERSION_DRAFT_"                           # case MOQT_VERSION_DRAFT_14:
)

files=()
for d in src apps; do
  [ -d "$d" ] || continue
  while IFS= read -r f; do files+=("$f"); done < <(find "$d" -path src/wire -prune -o \
      -type f \( -name '*.c' -o -name '*.h' \) -print | sort)
done

hits=""
if ((${#files[@]})); then
  for pat in "${draft_patterns[@]}"; do
    # comment lines may talk about drafts
    hits+=$(grep -nHP "$pat" "${files[@]}" | grep -vP ':\d+:\s*(//|/?\*)' || true)$'\n'
  done
fi
hits=$(printf '%s' "$hits" | grep -v '^$' | sort -t: -k1,1 -k2,2n -u || true)
# Files listed in scripts/guardrails-known.txt ("layering PATH") are reported only.
known=scripts/guardrails-known.txt
if [ -n "$hits" ] && [ -f "$known" ]; then
  for f in $(sed -nE 's/^layering +([^ ]+) *$/\1/p' "$known"); do
    if grep -q "^$f:" <<< "$hits"; then
      echo "check_layering: known (scripts/guardrails-known.txt): $(grep "^$f:" <<< "$hits" | tr '\n' ' ')"
      hits=$(grep -v "^$f:" <<< "$hits" || true)
    fi
  done
fi
if [ -n "$hits" ]; then
  echo "check_layering: draft numbers compared outside src/wire/ (ask the profile instead):"
  echo "$hits" | sed 's/^/  /'
  status=1
fi

io_headers='^\s*#\s*include\s*[<"](sys/socket\.h|netinet/|arpa/|netdb\.h|ngtcp2/|gnutls/|ev\.h|nghttp3/)'
for d in src/wire src/session; do
  [ -d "$d" ] || continue
  if hits=$(grep -rnHP --include='*.c' --include='*.h' "$io_headers" "$d"); then
    echo "check_layering: $d must not include socket/QUIC/TLS/HTTP3/libev headers:"
    echo "$hits" | sed 's/^/  /'
    status=1
  fi
done
exit $status

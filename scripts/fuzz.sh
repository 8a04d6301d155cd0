#!/usr/bin/env bash
# Runs every libFuzzer target in build-fuzz/ for N seconds (default 5) on its
# seed corpus (tests/fuzz/corpus/<target>/). New inputs go to a scratch
# directory, so the checked-in corpus only changes when someone adds to it.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
shopt -s nullglob
targets=(build-fuzz/tests/fuzz/fuzz_*)
if ((${#targets[@]} == 0)); then
  echo "fuzz: no targets built (run scripts/build.sh fuzz)"; exit 1
fi
for t in "${targets[@]}"; do
  name=$(basename "$t")
  seeds=tests/fuzz/corpus/$name
  scratch=$(mktemp -d)
  echo "fuzz: $name for ${secs}s"
  "$t" -max_total_time="$secs" -print_final_stats=0 -artifact_prefix=build-fuzz/ "$scratch" \
    ${seeds:+$( [ -d "$seeds" ] && echo "$seeds")} > "build-fuzz/$name.log" 2>&1 \
    || { tail -40 "build-fuzz/$name.log"; rm -rf "$scratch"; exit 1; }
  rm -rf "$scratch"
done

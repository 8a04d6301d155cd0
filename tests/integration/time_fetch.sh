#!/usr/bin/env bash
# time-client --fetch 10 against a time-server that has run for 11 s: the 10
# previous timestamps (FETCH: joining where the draft has it, standalone in
# 07), then live ones, one second apart, no gap, no duplicate. Every
# transport/draft pair below runs at once against the same server.
#   time_fetch.sh BIN_DIR
set -euo pipefail
BIN=$1
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'stop_server; rm -rf "$work"' EXIT
start_time_server "$work/server.log"
sleep 11.5
runs="quic:07 quic:08 quic:11 quic:14 quic:18 webtransport:07 webtransport:14 webtransport:18"
pids=()
for run in $runs; do
  transport=${run%:*} draft=${run#*:}
  scheme=moqt
  [ "$transport" = webtransport ] && scheme=https
  timeout 15 "$BIN/time-client" --draft "$draft" --fetch 10 --count 12 --fingerprint "$FP" \
    "$scheme://127.0.0.1:$PORT" > "$work/$run.log" 2>&1 &
  pids+=($!)
done
failed=0
i=0
for run in $runs; do
  rc=0
  wait "${pids[$i]}" || rc=$?
  i=$((i + 1))
  log="$work/$run.log"
  echo "== $run"
  cat "$log"
  if [ "$rc" != 0 ]; then
    echo "FAIL $run: time-client exited with $rc"; failed=1; continue
  fi
  draft=${run#*:}
  if ! grep -q "draft $draft" "$log"; then
    echo "FAIL $run: draft $draft was not negotiated"; failed=1; continue
  fi
  # Exactly 10 timestamps before the fetch ended, then live ones.
  before=$(sed -n '/fetched [0-9]* objects/q;p' "$log" | grep -c 'received "' || true)
  if [ "$before" != 10 ] || ! grep -q 'fetched 10 objects; live from here' "$log"; then
    echo "FAIL $run: $before timestamps before the end of the fetch, want 10"; failed=1; continue
  fi
  check_consecutive "$log" 12 || { echo "FAIL $run"; failed=1; }
done
stop_server
if [ "$SERVER_RC" != 0 ]; then
  echo "time-server exited with $SERVER_RC:"; cat "$work/server.log"; exit 1
fi
if [ "$failed" != 0 ]; then
  echo "server log:"; cat "$work/server.log"; exit 1
fi
echo "ok: --fetch 10 over $runs"

#!/usr/bin/env bash
# time-server + time-client on loopback: the client receives 3 consecutive
# timestamps over the given transport and draft.
#   time_client.sh BIN_DIR quic|webtransport DRAFT
set -euo pipefail
BIN=$1 transport=$2 draft=$3
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'stop_server; rm -rf "$work"' EXIT
start_time_server "$work/server.log"
scheme=moqt
[ "$transport" = webtransport ] && scheme=https
rc=0
timeout 20 "$BIN/time-client" --draft "$draft" --count 3 --fingerprint "$FP" \
  "$scheme://127.0.0.1:$PORT" > "$work/client.log" 2>&1 || rc=$?
cat "$work/client.log"
if [ "$rc" != 0 ]; then
  echo "time-client exited with $rc; server log:"; cat "$work/server.log"; exit 1
fi
grep -q "connect to $scheme://127.0.0.1:$PORT" "$work/client.log"
grep -q "draft $(printf %02d "$((10#$draft))")" "$work/client.log" ||
  { echo "draft $draft was not negotiated"; exit 1; }
grep -q 'subscribe clock second' "$work/client.log"
check_consecutive "$work/client.log" 3
stop_server
if [ "$SERVER_RC" != 0 ]; then
  echo "time-server exited with $SERVER_RC:"; cat "$work/server.log"; exit 1
fi

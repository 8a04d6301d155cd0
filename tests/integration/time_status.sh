#!/usr/bin/env bash
# time-client --status: TRACK_STATUS to time-server over raw QUIC and
# WebTransport for drafts 07 (reply Status Code), 11, 14 (TRACK_STATUS_OK /
# _ERROR in 13-14), 16 (REQUEST_OK / REQUEST_ERROR) and 18 (its own request
# stream). clock/second answers its largest location, which grows with the
# clock; any other track does not exist.
#   time_status.sh BIN_DIR
set -euo pipefail
BIN=$1
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'stop_server; rm -rf "$work"' EXIT
start_time_server "$work/server.log"
sleep 2.2 # a group or two exist
failed=0
fail() { echo "FAIL $*"; failed=1; }
for transport in quic webtransport; do
  scheme=moqt
  [ "$transport" = webtransport ] && scheme=https
  for draft in 07 11 14 16 18; do
    run="$transport d$draft"
    log="$work/$transport-$draft.log"
    rc=0
    timeout 10 "$BIN/time-client" --status --draft "$draft" --fingerprint "$FP" \
      "$scheme://127.0.0.1:$PORT" > "$log" 2>&1 || rc=$?
    grep -q "draft $draft" "$log" || fail "$run: draft $draft was not negotiated"
    largest=$(sed -n 's/.*status: the track exists, largest group \([0-9]*\) object 0$/\1/p' "$log")
    # Groups are seconds since the server started: at least 1 (2 s in), at most 60.
    if [ "$rc" != 0 ] || [ -z "$largest" ] || [ "$largest" -lt 1 ] || [ "$largest" -gt 60 ]; then
      fail "$run: clock/second: exit $rc, largest '${largest}'"; cat "$log"
    else
      echo "ok   $run: clock/second largest group $largest"
    fi
    rc=0
    timeout 10 "$BIN/time-client" --status --track minute --draft "$draft" --fingerprint "$FP" \
      "$scheme://127.0.0.1:$PORT" > "$log" 2>&1 || rc=$?
    if [ "$rc" != 0 ] || ! grep -q 'status: the track does not exist' "$log"; then
      fail "$run: clock/minute: exit $rc"; cat "$log"
    else
      echo "ok   $run: clock/minute does not exist"
    fi
  done
done
# The largest location moves with the clock.
sleep 1.1
timeout 10 "$BIN/time-client" --status --fingerprint "$FP" "moqt://127.0.0.1:$PORT" \
  > "$work/later.log" 2>&1 || true
later=$(sed -n 's/.*largest group \([0-9]*\) object 0$/\1/p' "$work/later.log")
if [ -z "$later" ] || [ -z "${largest:-}" ] || [ "$later" -le "$largest" ]; then
  fail "the largest group did not grow: ${largest:-?} then ${later:-?}"; cat "$work/later.log"
else
  echo "ok   largest group grew: $largest then $later"
fi
grep -q 'TRACK_STATUS clock second' "$work/server.log" || fail "the server logged no TRACK_STATUS"
stop_server
if [ "$SERVER_RC" != 0 ]; then
  echo "time-server exited with $SERVER_RC:"; cat "$work/server.log"; exit 1
fi
exit $failed

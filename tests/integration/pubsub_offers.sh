#!/usr/bin/env bash
# moqt-sub --listen takes only the offer it wants: an announcement of another
# namespace and a PUBLISH of another track are refused (each moqt-pub then
# exits 1 saying so), and moqt-sub keeps waiting until a publisher announces
# its namespace, whose lines it then writes.   pubsub_offers.sh BIN_DIR
set -euo pipefail
BIN=$1
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'stop_server; rm -rf "$work"' EXIT
printf 'one\ntwo\nthree\n' > "$work/in.txt"
start_listener "$work/sub.log" moqt-sub --namespace want/ns --track t --lines < /dev/null \
  > "$work/out.txt"
url="moqt://127.0.0.1:$PORT"
rc=0
timeout 10 "$BIN/moqt-pub" --fingerprint "$FP" --namespace other/ns --track t "$url" \
  < "$work/in.txt" 2> "$work/pub1.log" || rc=$?
[ "$rc" = 1 ] && grep -q 'the peer refused the namespace other/ns' "$work/pub1.log" ||
  { echo "FAIL another namespace: exit $rc"; cat "$work/pub1.log" "$work/sub.log"; exit 1; }
rc=0
timeout 10 "$BIN/moqt-pub" --publish --fingerprint "$FP" --namespace want/ns --track u "$url" \
  < "$work/in.txt" 2> "$work/pub2.log" || rc=$?
[ "$rc" = 1 ] && grep -q 'the peer refused PUBLISH' "$work/pub2.log" ||
  { echo "FAIL another track: exit $rc"; cat "$work/pub2.log" "$work/sub.log"; exit 1; }
timeout 20 "$BIN/moqt-pub" --fingerprint "$FP" --namespace want/ns --track t --lines "$url" \
  < "$work/in.txt" 2> "$work/pub3.log" || { echo "FAIL the wanted publisher"; cat "$work/pub3.log" "$work/sub.log"; exit 1; }
for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2> /dev/null || break; sleep 0.1; done
stop_server
[ "$SERVER_RC" = 0 ] || { echo "moqt-sub exited with $SERVER_RC"; cat "$work/sub.log"; exit 1; }
cmp "$work/in.txt" "$work/out.txt" || { echo "lines differ"; cat "$work/out.txt"; exit 1; }
grep -q 'namespace other/ns announced: not want/ns, refused' "$work/sub.log"
grep -q 'PUBLISH want/ns/u refused' "$work/sub.log"
echo "ok: two unwanted offers refused, the wanted one delivered"

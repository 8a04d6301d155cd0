#!/usr/bin/env bash
# moqt-pub --lines | moqt-sub --lines: one object per line (empty lines too),
# small groups, over raw QUIC.   pubsub_lines.sh BIN_DIR
set -euo pipefail
BIN=$1
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'stop_server; rm -rf "$work"' EXIT
printf 'first\n\nthird line\n%s\nlast\n' "$(head -c 3000 /dev/zero | tr '\0' x)" > "$work/in.txt"
track=(--namespace lines/test --track text --lines)
start_listener "$work/pub.log" moqt-pub "${track[@]}" --group 2 < "$work/in.txt" > /dev/null
timeout 30 "$BIN/moqt-sub" --fingerprint "$FP" "${track[@]}" "moqt://127.0.0.1:$PORT" \
  > "$work/out.txt" 2> "$work/sub.log" || { cat "$work/sub.log" "$work/pub.log"; exit 1; }
for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2> /dev/null || break; sleep 0.1; done
stop_server
[ "$SERVER_RC" = 0 ] || { echo "moqt-pub exited with $SERVER_RC"; cat "$work/pub.log"; exit 1; }
cmp "$work/in.txt" "$work/out.txt" || { echo "lines differ"; diff "$work/in.txt" "$work/out.txt" | head; exit 1; }
grep -q 'end of track after 5 objects' "$work/sub.log" || { cat "$work/sub.log"; exit 1; }
echo "ok: 5 lines, 5 objects"

#!/usr/bin/env bash
# moqt-pub | moqt-sub carries a 5 MB random file byte-exact.
#   pubsub_file.sh BIN_DIR quic|webtransport forward|reverse|publish [DRAFT]
# forward: moqt-pub --listen, moqt-sub URL;
# reverse: moqt-sub --listen, moqt-pub URL: moqt-pub announces the namespace
#          (PUBLISH_NAMESPACE / ANNOUNCE), which makes moqt-sub subscribe;
# publish: as reverse, but moqt-pub --publish offers the track (PUBLISH, 12+).
set -euo pipefail
BIN=$1 transport=$2 mode=$3 draft=${4:-7-19}
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'stop_server; rm -rf "$work"' EXIT
head -c 5000000 /dev/urandom > "$work/in.bin"
scheme=moqt
[ "$transport" = webtransport ] && scheme=https
track=(--namespace test/files --track random)
rc=0
if [ "$mode" = forward ]; then
  start_listener "$work/listener.log" moqt-pub "${track[@]}" --chunk 4000 --group 50 \
    < "$work/in.bin" > /dev/null
  timeout 60 "$BIN/moqt-sub" --draft "$draft" --fingerprint "$FP" "${track[@]}" \
    "$scheme://127.0.0.1:$PORT" > "$work/out.bin" 2> "$work/connector.log" || rc=$?
else
  offer=()
  [ "$mode" = publish ] && offer=(--publish)
  start_listener "$work/listener.log" moqt-sub "${track[@]}" < /dev/null > "$work/out.bin"
  timeout 60 "$BIN/moqt-pub" "${offer[@]}" --draft "$draft" --fingerprint "$FP" "${track[@]}" \
    --chunk 4000 --group 50 "$scheme://127.0.0.1:$PORT" < "$work/in.bin" \
    > /dev/null 2> "$work/connector.log" || rc=$?
fi
# The listener ends by itself once the track is over.
for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2> /dev/null || break; sleep 0.1; done
stop_server
cat "$work/connector.log"
if [ "$SERVER_RC" != 0 ]; then
  echo "the listener exited with $SERVER_RC:"; cat "$work/listener.log"; exit 1
fi
if [ "$rc" != 0 ]; then echo "connector exited with $rc; listener log:"; cat "$work/listener.log"; exit 1; fi
if ! cmp "$work/in.bin" "$work/out.bin"; then
  echo "output differs from input ($(stat -c %s "$work/out.bin") bytes)"; cat "$work/listener.log"
  exit 1
fi
# What drove the subscription in the reverse modes.
case $mode in
  reverse) want='namespace test/files announced' ;;
  publish) want='accepted PUBLISH test/files random' ;;
  *) want='' ;;
esac
if [ -n "$want" ] && ! grep -q "$want" "$work/listener.log"; then
  echo "moqt-sub did not log '$want':"; cat "$work/listener.log"; exit 1
fi
echo "ok: 5000000 bytes byte-exact ($mode, $transport)"

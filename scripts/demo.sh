#!/usr/bin/env bash
# The demo: sets up, builds, starts time-server, and runs time-client against it
# over WebTransport and then over raw QUIC for a few seconds each. Everything it
# starts is stopped at the end. Loopback only.
#   DEMO_SECONDS=N  timestamps per client run (default 4)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh normal > /dev/null
bin=build/apps
count=${DEMO_SECONDS:-4}
log=$(mktemp)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; fi
  rm -f "$log"
}
trap cleanup EXIT

echo "== $bin/time-server --listen 127.0.0.1:0   (0: any free port; the default is 8080)"
"$bin/time-server" --listen 127.0.0.1:0 > "$log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  grep -q 'raw QUIC: *moqt://' "$log" && break
  kill -0 "$server" 2> /dev/null || { cat "$log"; echo "demo: time-server failed" >&2; exit 1; }
  sleep 0.05
done
sed 's/^/   server| /' "$log"
port=$(grep -o 'moqt://127.0.0.1:[0-9]*' "$log" | head -1 | sed 's/.*://')
fp=$(grep -o 'fingerprint [0-9a-f]\{64\}' "$log" | head -1 | cut -d' ' -f2)

for url in "https://127.0.0.1:$port" "moqt://127.0.0.1:$port"; do
  echo
  echo "== $bin/time-client --count $count --fingerprint $fp $url"
  "$bin/time-client" --count "$count" --fingerprint "$fp" "$url" 2>&1 |
    grep -v '\] \(handshake done\|closed by\|C setup done\)'
done
echo
echo "== demo finished: the server stops now"

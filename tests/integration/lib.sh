# Helpers for the integration tests: real processes on loopback only.
# Sourced by the test scripts; BIN is the directory of the built tools.

# start_time_server LOGFILE [ARGS...]: starts time-server on 127.0.0.1 with a
# free port and sets SERVER_PID, PORT and FP (the certificate fingerprint).
start_time_server() {
  local log=$1
  shift
  start_listener "$log" time-server "$@" < /dev/null
}

# start_listener LOGFILE TOOL [ARGS...]: any tool with --listen, stdin and
# stdout as given by the caller; stderr goes to LOGFILE.
start_listener() {
  local log=$1 tool=$2
  shift 2
  # (an explicit 0<&0: a background job would otherwise read /dev/null)
  "$BIN/$tool" --listen 127.0.0.1:0 "$@" 0<&0 2> "$log" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if grep -q 'raw QUIC: *moqt://' "$log"; then break; fi
    if ! kill -0 "$SERVER_PID" 2> /dev/null; then
      echo "$tool died:"; cat "$log"; return 1
    fi
    sleep 0.05
  done
  PORT=$(grep -o 'moqt://127.0.0.1:[0-9]*' "$log" | head -1 | sed 's/.*://')
  FP=$(grep -o 'fingerprint [0-9a-f]\{64\}' "$log" | head -1 | cut -d' ' -f2)
  if [ -z "$PORT" ] || [ -z "$FP" ]; then
    echo "$tool did not report its port and fingerprint:"; cat "$log"; return 1
  fi
}

# stop_server: SIGTERM (a clean exit: sanitizer builds check leaks then) and
# SERVER_RC = its exit status.
stop_server() {
  SERVER_RC=0
  if [ -n "${SERVER_PID:-}" ]; then
    kill "$SERVER_PID" 2> /dev/null || true
    wait "$SERVER_PID" 2> /dev/null || SERVER_RC=$?
    SERVER_PID=
  fi
}

# check_consecutive LOGFILE N: at least N `received "TS"` lines whose
# timestamps are one second apart each (no gap, no duplicate).
check_consecutive() {
  python3 - "$1" "$2" << 'PY'
import re, sys, datetime
lines = open(sys.argv[1]).read().splitlines()
ts = [m.group(1) for l in lines for m in [re.search(r'received "([^"]*)"', l)] if m]
need = int(sys.argv[2])
if len(ts) < need:
    sys.exit("only %d timestamps received, want %d" % (len(ts), need))
def parse(s):
    # 2025-10-17T11:37:17.265898446+02:00: keep microseconds for Python
    m = re.fullmatch(r'(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{9})([+-]\d\d:\d\d)', s)
    if not m:
        sys.exit("not an RFC 3339 timestamp with nanoseconds: %r" % s)
    return datetime.datetime.fromisoformat(m.group(1) + "." + m.group(2)[:6] + m.group(3))
t = [parse(s) for s in ts]
for a, b in zip(t, t[1:]):
    d = (b - a).total_seconds()
    if not 0.5 < d < 1.5:
        sys.exit("timestamps not consecutive: %s then %s" % (a, b))
print("ok: %d consecutive timestamps" % len(ts))
PY
}

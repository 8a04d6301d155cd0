#!/usr/bin/env bash
# Installs everything libmoqt's build, tests and demo need on Debian 12, idempotently:
# apt-get update runs only when a package is missing. npm packages come from the
# lockfile in the repository (npm ci) and are installed only when it changed.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages, grouped by what needs them.
PACKAGES=(
  # build
  build-essential cmake pkg-config git ca-certificates
  # tests, fuzzing, guard rails
  clang libclang-rt-14-dev clang-format clang-tidy cppcheck binutils python3
  # transport (issue: raw QUIC) and HTTP/3 QPACK
  libngtcp2-dev libngtcp2-crypto-gnutls-dev libgnutls28-dev libnghttp3-dev libev-dev gnutls-bin
  # transport benchmark baseline (gtlsserver / gtlsclient)
  ngtcp2-server ngtcp2-client
  # browser tests
  chromium
)
# Node.js and npm: use the machine's if present (it may come from NodeSource,
# whose nodejs package conflicts with Debian's npm), else Debian's.
if ! command -v npm > /dev/null; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages (browser tests), from the lockfile only.
if [ -f package-lock.json ]; then
  stamp=node_modules/.lock-stamp
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: npm ci"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
fi
echo "setup: ok"

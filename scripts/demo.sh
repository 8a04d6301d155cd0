#!/usr/bin/env bash
# The demo: sets up, builds, and decodes a real CLIENT_SETUP that the @moq/lite
# browser client sends, under draft 14 and draft 16.
# (Later milestones replace this with time-server + time-client.)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh normal > /dev/null
echo "@moq/lite's draft-14 CLIENT_SETUP:"
./build/apps/moqt-decode --draft 14 \
  "20 00 2c 03 c0000000ff0dad02 c0000000ff0dad01 c0000000ff00000e 02 02 8000a455 07 0b 6d6f712d6c6974652d6a73"
echo "@moq/lite's draft-16 CLIENT_SETUP:"
./build/apps/moqt-decode --draft 16 "20 00 13 02 02 8000a455 05 0b 6d6f712d6c6974652d6a73"

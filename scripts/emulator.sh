#!/usr/bin/env bash
# Starts the AWS emulator (moto server from .venv, on EMULATOR_PORT, default 4566) unless AWS_ENDPOINT_URL
# already points at one that answers; `stop` stops only what `start` started. Prints the endpoint to use.
# A port that answers without this checkout having started it (another project's emulator, another moto
# version, old data) is never reused silently: the script stops and names the two ways out.
set -euo pipefail
cd "$(dirname "$0")/.."
state=.emulator
mkdir -p "$state"
port="${EMULATOR_PORT:-4566}"

answers() { curl -s -o /dev/null --max-time 2 "$1"; }

case "${1:-start}" in
  start)
    if [ -n "${AWS_ENDPOINT_URL:-}" ] && answers "$AWS_ENDPOINT_URL"; then
      echo "$AWS_ENDPOINT_URL"; exit 0
    fi
    endpoint="http://127.0.0.1:$port"
    if answers "$endpoint"; then
      if [ -f "$state/moto.pid" ] && [ "$(cat "$state/moto.port" 2>/dev/null)" = "$port" ] && kill -0 "$(cat "$state/moto.pid")" 2>/dev/null; then
        echo "emulator: reusing the moto server this checkout started on $endpoint (pid $(cat "$state/moto.pid"))" >&2
        echo "$endpoint"; exit 0
      fi
      cat >&2 <<MSG
emulator: port $port already answers, but this checkout did not start what runs there (another
project's emulator, another moto version, or old data). Either
  - start ours on a free port:     EMULATOR_PORT=4599 make ...
  - or use that one deliberately:  AWS_ENDPOINT_URL=$endpoint make ...
MSG
      exit 1
    fi
    .venv/bin/moto_server -H 127.0.0.1 -p "$port" >"$state/moto.log" 2>&1 &
    echo $! >"$state/moto.pid"
    echo "$port" >"$state/moto.port"
    for _ in $(seq 1 100); do
      if answers "$endpoint"; then echo "emulator: moto server on $endpoint (pid $(cat "$state/moto.pid"))" >&2; echo "$endpoint"; exit 0; fi
      kill -0 "$(cat "$state/moto.pid")" 2>/dev/null || { cat "$state/moto.log" >&2; echo "emulator: moto server did not start" >&2; exit 1; }
      sleep 0.2
    done
    echo "emulator: moto server did not answer on $endpoint within 20 s" >&2; exit 1
    ;;
  stop)
    if [ -f "$state/moto.pid" ]; then
      kill "$(cat "$state/moto.pid")" 2>/dev/null || true
      rm -f "$state/moto.pid" "$state/moto.port"
    fi
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# The repository stands alone (docs/ARCHITECTURE.md, "Test data"): nothing reads or cites anything outside
# the clone, and the emulator script never reuses an emulator this checkout did not start. Run by make test.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0 failed=0
check() {
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
none() { # none PATTERN: git grep finds nothing in the tracked files
  local found
  found=$(git grep -nE "$1" -- . ':!*package-lock.json')
  [ -z "$found" ] || { echo "$found" | head -5; return 1; }
}

check "no absolute path of a machine" none '(^|[^A-Za-z0-9_.])/(work|home|Users|root)/'
check "nothing read from beside the repository" none '\.\./shared|shared/''data'
check "no citation of a design document the reader does not have" none 'DESIGN [0-9]'
check "no citation of an issue number" none '[Ii]ssue #?[0-9]'
check "the licence and the third-party notices are at the root" test -f LICENSE -a -f THIRD-PARTY-NOTICES.md
check "the test recording carries its licence" test -f testdata/rrweb-demo-session.json -a -f testdata/rrweb-demo-session.LICENSE

foreign_port_refused() {
  local port out status server
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1 &
  server=$!
  for _ in $(seq 1 50); do curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port" && break; sleep 0.1; done
  out=$(env -u AWS_ENDPOINT_URL EMULATOR_PORT="$port" scripts/emulator.sh start 2>&1); status=$?
  kill "$server" 2>/dev/null
  [ "$status" -ne 0 ] && grep -q "port $port already answers" <<<"$out" && grep -q "EMULATOR_PORT=" <<<"$out" \
    && grep -q "AWS_ENDPOINT_URL=http://127.0.0.1:$port" <<<"$out" || { echo "$out"; return 1; }
}
check "a port answering with another emulator is refused, with the two ways out" foreign_port_refused

echo "standalone: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

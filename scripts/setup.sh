#!/usr/bin/env bash
# Installs what `make dev` and `make test` need, into the project (idempotent, quick when done before):
# the Python venv with the emulator, npm packages, and Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "setup: '$1' is required ($2)" >&2; exit 1; }
}
need java "JDK 17 or newer"
need mvn "Apache Maven 3.8+"
need node "Node.js 20+"
need npm "npm"
need python3 "Python 3.9+"

node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { echo "setup: Node.js 20+ is required, found $(node -v)" >&2; exit 1; }

if [ ! -x .venv/bin/moto_server ] || ! cmp -s requirements-dev.txt .venv/.requirements 2>/dev/null; then
  echo "setup: Python venv (.venv) with the emulator"
  python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  cp requirements-dev.txt .venv/.requirements
fi

for dir in recorder-sdk web-console infra-cdk tools/journey-recorder; do
  if [ -f "$dir/package-lock.json" ] && { [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; }; then
    echo "setup: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

if [ "${SKIP_BROWSER:-}" != "1" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "setup: the browser tests need Chromium at /usr/bin/chromium (Debian: apt-get install chromium)" >&2
    exit 1
  fi
fi

#!/usr/bin/env bash
# `make load`: starts the emulator and a local runner of its own, then LOAD_SESSIONS simulated visitors
# send chunks for LOAD_MINUTES; reports sent / acknowledged / found in S3 by checksum / lost (must be 0).
set -euo pipefail
cd "$(dirname "$0")/.."
SKIP_BROWSER=1 scripts/setup.sh
source scripts/aws-env.sh
port="${LOAD_PORT:-8092}"
prefix="load$(date +%s)"
runner=""
cleanup() { [ -n "$runner" ] && kill "$runner" 2>/dev/null; scripts/emulator.sh stop; }
trap cleanup EXIT

mvn -B -q -ntp -pl local -am package -DskipTests
# one tenant plays every visitor here: lift the per-tenant cap on chunks in progress
REWIND_INGEST_TENANT_SLOTS=32 PORT=$port REWIND_RESOURCE_PREFIX=$prefix java -jar local/target/rewind-local.jar > .emulator/load-runner.log 2>&1 &
runner=$!
for _ in $(seq 1 120); do curl -sf "http://localhost:$port/health" >/dev/null && break; sleep 0.5; done
LOAD_BUCKET="$prefix-chunks" java -cp local/target/rewind-local.jar dev.rewind.local.load.LoadGenerator \
  "http://localhost:$port" "${LOAD_SESSIONS:-50}" "${LOAD_MINUTES:-1}" "${LOAD_INTERVAL_MS:-2000}"

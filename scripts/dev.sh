#!/usr/bin/env bash
# `make dev`: the whole product on http://localhost:${PORT:-8080}, in the foreground; Ctrl-C stops it
# and the emulator it started (on ${EMULATOR_PORT:-4566}). The first run installs and builds everything
# (README.md, "First run"); each step says what it does.
set -euo pipefail
cd "$(dirname "$0")/.."
REWIND_DEV_STARTED_MS=$(date +%s%3N)
export REWIND_DEV_STARTED_MS
scripts/setup.sh
source scripts/aws-env.sh
trap 'scripts/emulator.sh stop' EXIT

echo "dev: building the recorder (recorder-sdk/dist)"
(cd recorder-sdk && npm run --silent build)
echo "dev: building the console (web-console/dist)"
(cd web-console && npm run --silent build)
echo "dev: building the local runner (Maven; the first run downloads its dependencies, a few minutes)"
if ! mvn -B -ntp -pl local -am package -DskipTests 2>&1 \
    | { grep --line-buffered -E '^\[INFO\] (Building |BUILD)|\[ERROR\]' || true; }; then
  echo "dev: the Maven build failed (its errors are above)" >&2; exit 1
fi

java -jar local/target/rewind-local.jar

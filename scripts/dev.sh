#!/usr/bin/env bash
# `make dev`: the whole product on http://localhost:${PORT:-8080}, in the foreground; Ctrl-C stops it
# and the emulator it started.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/aws-env.sh
trap 'scripts/emulator.sh stop' EXIT

echo "dev: building the recorder, the console and the local runner"
(cd recorder-sdk && npm run --silent build)
[ -f web-console/package.json ] && (cd web-console && npm run --silent build)
mvn -B -q -ntp -pl local -am package -DskipTests

java -jar local/target/rewind-local.jar

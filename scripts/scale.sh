#!/usr/bin/env bash
# The scale simulation of docs/SCALE.md: TENANTS tenants, SESSIONS sessions, POLLERS workers, the work queue on the
# emulator and the tables in memory (TABLES=memory). TABLES=aws puts them wherever AWS_ENDPOINT_URL points; on moto
# that is slow past a few thousand sessions (docs/SCALE.md, "Simulated").
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/aws-env.sh
mvn -B -ntp -q -pl functions -am -DskipTests install
mvn -B -ntp -q -pl functions verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ScaleSimulationIT \
  -Dscale.tenants="${TENANTS:-5000}" -Dscale.sessions="${SESSIONS:-50000}" -Dscale.pollers="${POLLERS:-8}" -Dscale.tables="${TABLES:-memory}"
grep -h "loaded\|tenants planned" functions/target/failsafe-reports/dev.rewind.schedule.ScaleSimulationIT-output.txt

#!/usr/bin/env bash
# The scale simulation of docs/SCALE.md against the emulator: TENANTS tenants, SESSIONS sessions, POLLERS workers.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/aws-env.sh
mvn -B -ntp -q -pl functions -am -DskipTests install
mvn -B -ntp -q -pl functions verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ScaleSimulationIT \
  -Dscale.tenants="${TENANTS:-5000}" -Dscale.sessions="${SESSIONS:-50000}" -Dscale.pollers="${POLLERS:-8}"
grep -h "loaded\|tenants planned" functions/target/failsafe-reports/dev.rewind.schedule.ScaleSimulationIT-output.txt

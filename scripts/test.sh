#!/usr/bin/env bash
# `make test`: every test, from a clean clone. Java unit + integration tests against the emulator,
# CDK synth + assertions + cfn-lint + checkov, recorder and console tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
# everything this run prints also goes to a file the secrets scan at the end reads
mkdir -p .emulator && exec > >(tee .emulator/test-output.log) 2>&1
scripts/setup.sh
source scripts/aws-env.sh
trap 'scripts/emulator.sh stop' EXIT

step() { printf '\n=== %s\n' "$*"; }

step "The repository stands alone (scripts/check-standalone.sh)"
scripts/check-standalone.sh

step "OpenAPI: docs/openapi.yaml validates"
.venv/bin/openapi-spec-validator docs/openapi.yaml

step "Java: build, unit and integration tests (emulator at $AWS_ENDPOINT_URL), CDK assertions"
mvn -B -ntp install

if [ -x infra-cdk/synth.sh ]; then
  step "CDK synth, cfn-lint and checkov"
  infra-cdk/synth.sh
  [ -x infra-cdk/cfn-lint.sh ] && infra-cdk/cfn-lint.sh
  [ -x infra-cdk/checkov.sh ] && infra-cdk/checkov.sh
fi

step "Recorder: build and browser tests"
(cd recorder-sdk && npm test)

if [ -f web-console/package.json ]; then
  step "Console: build and end-to-end browser tests"
  (cd web-console && npm test)
fi

step "Security: isolation matrix, faults, flood (docs/SECURITY.md)"
reports=(functions/target/surefire-reports local/target/surefire-reports)
sed -n '/Tenant isolation matrix/,$p' "${reports[0]}/dev.rewind.security.TenantIsolationIT-output.txt" | grep -v '^{'
grep -h '^fault ' "${reports[0]}/dev.rewind.security.StorageFaultIT-output.txt"
grep -h '^flood: ' "${reports[1]}/dev.rewind.local.TenantFloodIT-output.txt"

step "API fuzzing: schemathesis, docs/openapi.yaml against a local runner"
FUZZ_SKIP_BUILD=1 scripts/fuzz.sh

step "Secrets: no key, typed input or chunk content in any log of this run"
logs=("${reports[0]}"/*-output.txt "${reports[1]}"/*-output.txt)
for log in .emulator/test-output.log .emulator/fuzz/runner.log; do [ -f "$log" ] && logs+=("$log"); done
scripts/scan-logs.sh "${logs[@]}"
step "all tests passed"

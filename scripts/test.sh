#!/usr/bin/env bash
# `make test`: every test, from a clean clone. Java unit + integration tests against the emulator,
# CDK synth + assertions + cfn-lint, recorder and console tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/aws-env.sh
trap 'scripts/emulator.sh stop' EXIT

step() { printf '\n=== %s\n' "$*"; }

step "OpenAPI: docs/openapi.yaml validates"
.venv/bin/openapi-spec-validator docs/openapi.yaml

step "Java: build, unit and integration tests (emulator at $AWS_ENDPOINT_URL), CDK assertions"
mvn -B -ntp install

if [ -x infra-cdk/synth.sh ]; then
  step "CDK synth and cfn-lint"
  infra-cdk/synth.sh
  [ -x infra-cdk/cfn-lint.sh ] && infra-cdk/cfn-lint.sh
fi

step "Recorder: build and browser tests"
(cd recorder-sdk && npm test)

if [ -f web-console/package.json ]; then
  step "Console: build and end-to-end browser tests"
  (cd web-console && npm test)
fi
step "all tests passed"

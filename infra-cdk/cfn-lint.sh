#!/usr/bin/env bash
# Lints the synthesized templates (infra-cdk/cdk.out/*.template.json) with cfn-lint, pinned in
# infra-cdk/requirements.txt. Uses the project venv's cfn-lint (.venv, made by scripts/setup.sh) when
# there is one, else a venv of its own in infra-cdk/.venv. Fails on any error or warning but one
# (see below).
set -euo pipefail
cd "$(dirname "$0")/.."

lint=.venv/bin/cfn-lint
if [ ! -x "$lint" ]; then
  lint=infra-cdk/.venv/bin/cfn-lint
  if [ ! -x "$lint" ] || ! cmp -s infra-cdk/requirements.txt infra-cdk/.venv/.requirements; then
    echo "cfn-lint: installing infra-cdk/requirements.txt into infra-cdk/.venv"
    python3 -m venv infra-cdk/.venv
    infra-cdk/.venv/bin/pip install --quiet --disable-pip-version-check -r infra-cdk/requirements.txt
    cp infra-cdk/requirements.txt infra-cdk/.venv/.requirements
  fi
fi

shopt -s nullglob
templates=(infra-cdk/cdk.out/*.template.json)
if [ ${#templates[@]} -eq 0 ]; then
  echo "cfn-lint: no templates in infra-cdk/cdk.out/: run infra-cdk/synth.sh first" >&2
  exit 1
fi
echo "cfn-lint: $("$lint" --version) on ${templates[*]}"
# W3005: CDK adds DependsOn on a function's role next to the GetAtt that already orders them; harmless.
"$lint" --non-zero-exit-code warning --ignore-checks W3005 -- "${templates[@]}"
echo "cfn-lint: no errors or warnings"

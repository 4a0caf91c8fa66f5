#!/usr/bin/env bash
# The second half of `make deploy`: deploys the cloud assembly that infra-cdk/synth.sh just wrote
# (infra-cdk/cdk.out/), so what is deployed is exactly what was synthesized and checked. Needs AWS
# credentials and a bootstrapped account and region (docs/DEPLOY.md). Extra arguments go to `cdk deploy`.
set -euo pipefail
cd "$(dirname "$0")"
[ -f cdk.out/Rewind.template.json ] || { echo "deploy: no infra-cdk/cdk.out/ yet: run make synth first" >&2; exit 1; }
export CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=true
exec npx --no-install cdk deploy --app cdk.out --all --no-notices "$@"

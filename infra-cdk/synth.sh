#!/usr/bin/env bash
# `make synth`: builds the functions' deployment jar and the CDK app, synthesizes the CloudFormation
# templates into infra-cdk/cdk.out/, and prints and records the deployment jar's size.
# Works offline: `cdk synth` of this app needs no AWS credentials or network. The region decides where
# the CloudFront web ACL goes (its own us-east-1 stack, or inside Rewind in us-east-1): AWS_REGION, else
# eu-west-1, which synthesizes both stacks.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "synth: building the functions jar and the CDK app"
mvn -q -B -ntp -pl functions,infra-cdk -am package -DskipTests

jar=$(ls functions/target/rewind-functions-*-lambda.jar)
if [ ! -d infra-cdk/node_modules/aws-cdk ] || [ infra-cdk/package-lock.json -nt infra-cdk/node_modules/.package-lock.json ]; then
  echo "synth: installing the CDK CLI (infra-cdk/package-lock.json)"
  (cd infra-cdk && npm ci --no-audit --no-fund --loglevel=error)
fi

region="${AWS_REGION:-${AWS_DEFAULT_REGION:-eu-west-1}}"
echo "synth: cdk synth for $region -> infra-cdk/cdk.out/"
started=$(date +%s)
(
  cd infra-cdk
  export CDK_DISABLE_VERSION_CHECK=1 CDK_DISABLE_CLI_TELEMETRY=true
  npx --no-install cdk synth --quiet --no-notices -c "functionsJar=../$jar" -c "region=$region"
)
echo "synth: done in $(( $(date +%s) - started ))s: $(ls infra-cdk/cdk.out/*.template.json | tr '\n' ' ')"

bytes=$(wc -c < "$jar" | tr -d ' ')
sha=$(sha256sum "$jar" | cut -d' ' -f1)
printf '{"jar": "%s", "bytes": %s, "mebibytes": %s, "sha256": "%s"}\n' \
  "$jar" "$bytes" "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')" "$sha" > infra-cdk/cdk.out/deployment-jar.json
echo "synth: deployment jar $jar is $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB); recorded in infra-cdk/cdk.out/deployment-jar.json"

#!/usr/bin/env bash
# `make synth` (and the first half of `make deploy`): builds everything the stack uploads (the recorder
# bundle, the console, the functions' deployment jar) and the CDK app, synthesizes the CloudFormation
# templates into infra-cdk/cdk.out/, checks that the console and the recorder are uploaded by them, and
# prints and records the deployment jar's size. Works offline: needs no AWS credentials or network.
# Arguments go to `cdk synth` (context such as -c alarmEmail=ops@example.com; docs/DEPLOY.md).
# The region decides where the CloudFront web ACL goes (its own us-east-1 stack, or inside Rewind in
# us-east-1): AWS_REGION, else eu-west-1, which synthesizes both stacks.
set -euo pipefail
cd "$(dirname "$0")/.."

for dir in recorder-sdk web-console; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "synth: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  echo "synth: building $dir/dist"
  (cd "$dir" && npm run --silent build)
done

echo "synth: building the functions jar and the CDK app (Maven)"
if ! mvn -B -ntp -pl functions,infra-cdk -am package -DskipTests 2>&1 \
    | { grep --line-buffered -E '^\[INFO\] (Building |BUILD)|\[ERROR\]' || true; }; then
  echo "synth: the Maven build failed (its errors are above)" >&2; exit 1
fi

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
  npx --no-install cdk synth --quiet --no-notices -c "functionsJar=../$jar" -c "region=$region" "$@"
)
echo "synth: done in $(( $(date +%s) - started ))s: $(ls infra-cdk/cdk.out/*.template.json | tr '\n' ' ')"

# the console and the recorder must be in what gets deployed (infra-cdk/cdk.json sets requireBundles)
uploads=$(python3 -c 'import json,sys; print(sum(r["Type"] == "Custom::CDKBucketDeployment" for r in json.load(open(sys.argv[1]))["Resources"].values()))' infra-cdk/cdk.out/Rewind.template.json)
[ "$uploads" = "2" ] || { echo "synth: the template uploads $uploads of 2 bundles (console, recorder)" >&2; exit 1; }
echo "synth: the template uploads the console and the recorder ($(ls recorder-sdk/dist/rewind.js web-console/dist/index.html | tr '\n' ' '))"

bytes=$(wc -c < "$jar" | tr -d ' ')
sha=$(sha256sum "$jar" | cut -d' ' -f1)
printf '{"jar": "%s", "bytes": %s, "mebibytes": %s, "sha256": "%s"}\n' \
  "$jar" "$bytes" "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')" "$sha" > infra-cdk/cdk.out/deployment-jar.json
echo "synth: deployment jar $jar is $bytes bytes ($(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB); recorded in infra-cdk/cdk.out/deployment-jar.json"

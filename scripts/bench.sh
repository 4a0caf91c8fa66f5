#!/usr/bin/env bash
# `make bench`: every benchmark beside its baseline, measured in the same run, printed as one table
# (docs/PERFORMANCE.md keeps the figures and their history). About 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/aws-env.sh
trap 'scripts/emulator.sh stop' EXIT
out=.emulator/bench
mkdir -p "$out"

echo "bench: building the deployment jar and the benchmarks"
mvn -B -q -ntp -pl functions,bench -am package -DskipTests

echo "bench: JMH (ingest CPU vs gunzip+parse floor; frustration engine vs parse)"
java -jar bench/target/benchmarks.jar 'IngestBenchmark|SessionAggregatorBenchmark' \
  -f 1 -wi 3 -i 5 -w 2 -r 2 -rf json -rff "$out/jmh.json" > "$out/jmh.log"

echo "bench: cold starts (fresh JVM with the deployment jar to the first answer, against the emulator)"
jar=functions/target/rewind-functions-0.1.0-lambda.jar
java_bin=java
[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && java_bin=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
prefix="bench$(date +%s)"
export TENANTS_TABLE="$prefix-tenants" KEYS_TABLE="$prefix-keys" SESSIONS_TABLE="$prefix-sessions" CHUNKS_BUCKET="$prefix-chunks"
read -r ingest_key api_key < <(java -cp "$jar:bench/target/classes" dev.rewind.bench.ColdStart setup 2>/dev/null | tail -1)
: > "$out/coldstart.txt"
for variant in default c1; do
  flags=""
  [ "$variant" = c1 ] && flags="-XX:+TieredCompilation -XX:TieredStopAtLevel=1"
  for run in 1 2 3 4 5; do
    # shellcheck disable=SC2086
    "$java_bin" -Xmx870m -Xshare:auto $flags -cp "$jar:bench/target/classes" dev.rewind.bench.ColdStart ingest "$ingest_key" 2>/dev/null \
      | grep '^coldstart' | sed "s/^/$variant /" >> "$out/coldstart.txt"
    # shellcheck disable=SC2086
    "$java_bin" -Xmx870m -Xshare:auto $flags -cp "$jar:bench/target/classes" dev.rewind.bench.ColdStart sessions "$api_key" 2>/dev/null \
      | grep '^coldstart' | sed "s/^/$variant /" >> "$out/coldstart.txt"
  done
done
echo "java: $("$java_bin" -version 2>&1 | head -1); deployment jar: $(du -k "$jar" | cut -f1) KB" > "$out/coldstart-env.txt"

echo "bench: recorder (bundle size, bytes per minute, main-thread time; headless Chromium)"
(cd recorder-sdk && npm run --silent bench) > "$out/recorder.txt" 2>&1 || { cat "$out/recorder.txt"; exit 1; }

echo "bench: replay time to first frame, 1-minute vs 30-minute session (headless Chromium)"
if [ -f web-console/test/first-frame.test.mjs ]; then
  (cd web-console && npm run --silent build && node --test test/first-frame.test.mjs) > "$out/first-frame.txt" 2>&1 || { cat "$out/first-frame.txt"; exit 1; }
fi

python3 scripts/bench_table.py "$out"

echo
python3 scripts/cost.py   # AWS cost per 1,000 sessions from the measured figures (docs/COST.md)

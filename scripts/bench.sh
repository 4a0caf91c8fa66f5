#!/usr/bin/env bash
# `make bench`: every benchmark beside its baseline, measured in the same run, printed as one table
# (docs/PERFORMANCE.md keeps the figures and their history). About 11 minutes on a quiet 2-core machine;
# the wall time is printed under the table (11 min 13 s on a quiet 2-core Xeon VM, 2026-12-04; 12 min 44 s on a 2-core AMD EPYC VM, 2026-12-06; the fidelity run included).
set -euo pipefail
started=$(date +%s)
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/aws-env.sh
trap 'scripts/emulator.sh stop' EXIT
out=.emulator/bench
mkdir -p "$out"

echo "bench: building the deployment jar and the benchmarks"
mvn -B -q -ntp -pl functions,bench -am package -DskipTests

echo "bench: JMH (ingest CPU vs gunzip+parse floor; frustration engine vs parse)"
# 5 warm-up iterations of 2 s: with 3 of 1 s the handler was still getting faster when measuring began
java -jar bench/target/benchmarks.jar 'IngestBenchmark|SessionAggregatorBenchmark' \
  -f 1 -wi 5 -i 5 -w 2 -r 2 -rf json -rff "$out/jmh.json" > "$out/jmh.log"

echo "bench: cold starts (fresh JVM with the deployment jar to the first answer, against the emulator)"
jar=functions/target/rewind-functions-0.1.0-lambda.jar
# jars only on the class path: a class-data archive refuses directories
classpath="$jar:bench/target/rewind-bench-0.1.0.jar"
java_bin=java
[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && java_bin=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
prefix="bench$(date +%s)"
export TENANTS_TABLE="$prefix-tenants" KEYS_TABLE="$prefix-keys" SESSIONS_TABLE="$prefix-sessions" USER_SESSIONS_TABLE="$prefix-user-sessions" CHUNKS_BUCKET="$prefix-chunks"
read -r ingest_key api_key < <(java -cp "$classpath" dev.rewind.bench.ColdStart setup 2>/dev/null | tail -1)
# The archives a package step would build: one training run (an ingest and a session list) records the
# classes it loaded, as a dynamic CDS archive and as a JDK 25 AOT cache (classes loaded and linked).
rm -f "$out/app.jsa" "$out/app.aot"
"$java_bin" -XX:ArchiveClassesAtExit="$out/app.jsa" -cp "$classpath" dev.rewind.bench.ColdStart train "$ingest_key" "$api_key" >/dev/null 2>&1
"$java_bin" -XX:AOTCacheOutput="$out/app.aot" -cp "$classpath" dev.rewind.bench.ColdStart train "$ingest_key" "$api_key" >/dev/null 2>&1 \
  || echo "bench: this JDK makes no AOT cache (JDK 25+ does); the aot rows are plain starts"
: > "$out/coldstart.txt"
for run in 1 2 3; do
  for variant in default c1 cds cds-c1 aot; do
    case "$variant" in
      default) flags="" ;;
      c1) flags="-XX:TieredStopAtLevel=1" ;;
      cds) flags="-XX:SharedArchiveFile=$out/app.jsa" ;;
      cds-c1) flags="-XX:SharedArchiveFile=$out/app.jsa -XX:TieredStopAtLevel=1" ;;
      aot) flags="-XX:AOTCache=$out/app.aot" ;;
    esac
    for function in ingest sessions; do
      key="$ingest_key"; [ "$function" = sessions ] && key="$api_key"
      # shellcheck disable=SC2086
      # (no -Xshare flag: the default is auto, and the JVM refuses one beside -XX:AOTCache)
      "$java_bin" -Xmx870m $flags -cp "$classpath" dev.rewind.bench.ColdStart "$function" "$key" 2>/dev/null \
        | { grep '^coldstart' || echo "coldstart $function 0 0 failed"; } | sed "s/^/$variant /" >> "$out/coldstart.txt"
    done
  done
done
# What a SnapStart restore runs: the first request after init, with and without the priming hook's work
: > "$out/restore.txt"
for run in 1 2 3; do
  for mode in plain primed; do
    for function in ingest sessions; do
      key="$ingest_key"; [ "$function" = sessions ] && key="$api_key"
      "$java_bin" -Xmx870m -cp "$classpath" dev.rewind.bench.ColdStart restore "$function" "$key" "$mode" 2>/dev/null \
        | { grep '^restore' || echo "restore $function 0 $mode failed"; } >> "$out/restore.txt"
    done
  done
done
echo "java: $("$java_bin" -version 2>&1 | head -1); deployment jar: $(du -k "$jar" | cut -f1) KB" > "$out/coldstart-env.txt"

echo "bench: recorder (bundle size, bytes per minute, main-thread time; headless Chromium)"
# 2 runs of 30 s each way: script time per second and bytes per minute repeat within a few per cent
(cd recorder-sdk && BENCH_SECONDS="${BENCH_SECONDS:-30}" BENCH_RUNS="${BENCH_RUNS:-2}" npm run --silent bench) > "$out/recorder.txt" 2>&1 || { cat "$out/recorder.txt"; exit 1; }

echo "bench: replay time to first frame, 1-minute vs 30-minute session (headless Chromium)"
if [ -f web-console/test/first-frame.test.mjs ]; then
  (cd web-console && npm run --silent build && node --test test/first-frame.test.mjs) > "$out/first-frame.txt" 2>&1 || { cat "$out/first-frame.txt"; exit 1; }
fi

echo "bench: the JavaScript each console route loads (headless Chromium)"
(cd web-console && node scripts/route-js.mjs) > "$out/route-js.txt" 2>&1 || { cat "$out/route-js.txt"; exit 1; }

echo "bench: replay fidelity with and without asset capture, the pages' server stopped (headless Chromium)"
(cd bench/fidelity && npm ci --no-audit --no-fund --loglevel=error && node fidelity.mjs) > "$out/fidelity.txt" 2>&1 || { cat "$out/fidelity.txt"; exit 1; }

echo "wall: $(( $(date +%s) - started )) s" > "$out/wall.txt"
python3 scripts/bench_table.py "$out"

echo
python3 scripts/cost.py   # AWS cost per 1,000 sessions from the measured figures (docs/COST.md)

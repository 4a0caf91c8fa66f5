#!/usr/bin/env bash
# Fails if a log holds a secret (docs/SECURITY.md: secrets never appear in logs):
#   * a key: pk_ (ingest), sk_ (api), sh_ (share token) + 32 url-safe base64 characters (tenants/Keys.java);
#   * what a visitor typed in the recorder's privacy tests (recorder-sdk/test/privacy.test.mjs, urls.test.mjs);
#   * chunk content: the isolation test's victim marker, or a serialized rrweb event.
# Usage: scripts/scan-logs.sh <log file>... (e.g. make test's output and the test classes' stdout that
# surefire keeps in */target/surefire-reports/*-output.txt). Offending lines are reported, secrets redacted.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: scripts/scan-logs.sh <log file>..." >&2; exit 2; }
for f in "$@"; do [ -f "$f" ] || { echo "scan-logs: $f does not exist" >&2; exit 1; }; done
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for f in "$@"; do sed "s|^|$f: |" "$f"; done > "$log"
[ -s "$log" ] || { echo "scan-logs: the logs are empty: nothing was scanned" >&2; exit 1; }

key='(?<![A-Za-z0-9_-])(pk|sk|sh)_[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])'
rrweb_event='"type":[0-9]+,"timestamp":[0-9]{13}|"timestamp":[0-9]{13},"type":[0-9]+'
# What the privacy tests type; each must still be in the test, or this list is stale.
typed=('Zanzibar Quixote' 'quixote.private@example.org' 'Hunter2Sesame!' 'Textarea whisper 9876'
       'Ignored field murmur' 'Contenteditable confession' 'Wistful diary confession'
       'gretchenq@formfill.test' 'FormPassw0rd!' 'CsrfHiddenFormToken')
chunk_markers=('victim-secret-page-7f3a')

for text in "${typed[@]}"; do
  grep -qF -- "$text" recorder-sdk/test/privacy.test.mjs recorder-sdk/test/urls.test.mjs \
    || { echo "scan-logs: '$text' is no longer typed by recorder-sdk/test/privacy.test.mjs or urls.test.mjs: update this list" >&2; exit 1; }
done
grep -qF -- "${chunk_markers[0]}" functions/src/test/java/dev/rewind/security/TenantIsolationIT.java \
  || { echo "scan-logs: the victim marker is no longer in TenantIsolationIT: update this list" >&2; exit 1; }

# The patterns must catch what they are for: a key made as Keys.newKey makes one, an rrweb event.
sample_key="sk_$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')"
printf 'x %s y\n' "$sample_key" | grep -qP "$key" || { echo "scan-logs: the key pattern misses a real key" >&2; exit 1; }
printf '{"type":3,"timestamp":1764000000000}\n' | grep -qE "$rrweb_event" || { echo "scan-logs: the event pattern misses an event" >&2; exit 1; }
printf 'pk_short sk_%s0\n' "${sample_key#sk_}" | grep -qP "$key" && { echo "scan-logs: the key pattern matches what is no key" >&2; exit 1; }

found=0
report() { # kind, grep options, pattern
  local kind="$1" opts="$2" pattern="$3" hits
  hits=$(grep $opts -- "$pattern" "$log" || true)
  [ -z "$hits" ] && return 0
  found=$((found + $(printf '%s\n' "$hits" | wc -l)))
  printf '%s\n' "$hits" | head -20 | while IFS= read -r line; do
    # never print the secret itself: the file, the kind, and the line with any key cut out
    echo "scan-logs: $kind in $(printf '%s' "$line" | sed -E 's/(pk|sk|sh)_[A-Za-z0-9_-]{32}/\1_[REDACTED]/g' | cut -c1-240)" >&2
  done
}
report "a plain key" "-P" "$key"
for text in "${typed[@]}"; do report "typed input" "-F" "$text"; done
for marker in "${chunk_markers[@]}"; do report "chunk content" "-F" "$marker"; done
report "chunk content (an rrweb event)" "-E" "$rrweb_event"

lines=$(wc -l < "$log")
if [ "$found" -gt 0 ]; then
  echo "scan-logs: FAILED: $found of $lines lines in $# file(s) carry secrets" >&2
  exit 1
fi
echo "scan-logs: $lines lines in $# file(s): no key, typed input or chunk content"

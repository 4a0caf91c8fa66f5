#!/usr/bin/env bash
# Every formatter and linter of the repository (CONTRIBUTING.md, "Habits"):
#   Java:       Spotless with palantir-java-format (pom.xml)
#   TypeScript: Prettier, then ESLint (recorder-sdk/ and web-console/, each with its own config)
#
#   scripts/format.sh           formats the whole tree in place: spotless:apply, prettier --write,
#                               eslint --fix.
#   scripts/format.sh --check   changes nothing; fails when a file of CHECK_SCOPE is not formatted, when
#                               ESLint finds a problem anywhere, or when the tests do not type-check.
#                               `make test` runs this.
set -euo pipefail
cd "$(dirname "$0")/.."

# ---- CHECK_SCOPE: the files the format check covers, paths from the repository root: the whole tree.
CHECK_SCOPE=(.)
# ---------------------------------------------------------------------------------------------------

PACKAGES=(recorder-sdk web-console)

if [ "${1:-}" != "--check" ]; then
  mvn -B -ntp -q spotless:apply
  for pkg in "${PACKAGES[@]}"; do
    (cd "$pkg" && npx prettier --write --log-level warn . && npx eslint --fix .)
  done
  echo "format: the whole tree is formatted"
  exit 0
fi

whole_tree=false
[ "${CHECK_SCOPE[*]}" = "." ] && whole_tree=true
for path in "${CHECK_SCOPE[@]}"; do
  [ "$path" = "." ] || [ -e "$path" ] || { echo "format: $path is in CHECK_SCOPE but does not exist" >&2; exit 1; }
done

# Java: spotless:check, restricted to the scope's .java files (spotlessFiles takes regexes of paths)
if $whole_tree; then
  mvn -B -ntp -q spotless:check
else
  java_files=()
  for path in "${CHECK_SCOPE[@]}"; do
    [[ "$path" == *.java ]] && java_files+=(".*/${path//./\\.}")
  done
  if [ ${#java_files[@]} -gt 0 ]; then
    mvn -B -ntp -q spotless:check -DspotlessFiles="$(IFS=,; echo "${java_files[*]}")"
  fi
fi

# TypeScript and JavaScript: Prettier on the scope, ESLint and the tests' type check on every file
for pkg in "${PACKAGES[@]}"; do
  files=()
  for path in "${CHECK_SCOPE[@]}"; do
    if [ "$path" = "." ]; then files=(.); break; fi
    [[ "$path" == "$pkg/"* ]] && files+=("${path#"$pkg/"}")
  done
  (
    cd "$pkg"
    [ ${#files[@]} -eq 0 ] || npx prettier --check --log-level warn "${files[@]}"
    npx eslint .
    npm run --silent typecheck
  )
done
echo "format: CHECK_SCOPE (${#CHECK_SCOPE[@]} entries) is formatted; ESLint and the tests' type check pass in ${PACKAGES[*]}"

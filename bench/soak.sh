#!/usr/bin/env bash
# The soak: 60 s (or $1 s) of keep-alive load while Jacorn reloads every 5 s, recycles workers by
# --max-requests and holds one request stuck until --timeout. Appends its result line to
# bench/SOAK.md. Needs the reactor built (it builds it through Maven).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
mvn -B -q verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=SoakRun -Dfailsafe.failIfNoSpecifiedTests=false -Djacorn.soak.seconds="$seconds" \
  -DargLine="-Djacorn.soak.seconds=$seconds"
result="$(cat runner/target/soak-result.md)"
echo "$result" >> bench/SOAK.md
echo "$result"

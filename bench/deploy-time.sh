#!/usr/bin/env bash
# Deploy time of the Spring Boot sample: Jacorn (start to the first 200 on /api/greeting) versus
# the same WAR run as Spring Boot's own executable (java -jar spring-boot.war), side by side,
# interleaved over 3 rounds (--rounds N), medians. Writes bench/results/deploy-time.md (--out FILE)
# and, with --update-benchmarks, the "deploy-time" section of BENCHMARKS.md.
#
#   bench/deploy-time.sh [--runner-jar PATH] [--spring-war PATH] [--rounds N] [--update-benchmarks]
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 "$BENCH_DIR/run.py" deploy-time "$@"

#!/usr/bin/env bash
# Profiles one server under one workload with JFR (see bench/profile.py --help), e.g.
#   bench/profile.sh --server jacorn --workload hello --connections 256
#   bench/profile.sh --server undertow --workload static --keep /tmp/undertow-static.jfr
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$BENCH_DIR/build.sh" "${JACORN_RUNNER_JAR:-}" >&2
exec python3 "$BENCH_DIR/profile.py" "$@"

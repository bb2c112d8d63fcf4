#!/usr/bin/env bash
# Benchmarks Jacorn against the engine limit (undertow-core handlers on the I/O threads), bare
# Undertow, Tomcat 11, Jetty 12.1 and Gunicorn (issues 7 and 16). Workloads: hello, static, echo,
# session(s), https (TLS 1.3, keep-alive), spring, jsp, jsp-users, websocket (messages/s); pick with --workloads.
# HTTP/2 (h2c and h2 over TLS, h2load) is measured by bench/h2.sh.
#
#   bench/run.sh                       # full run: 3 interleaved rounds
#   bench/run.sh --quick               # smoke run: 1 round, short runs
#   bench/run.sh --workloads https,jsp,websocket --servers jacorn,tomcat,jetty
#   bench/run.sh --runner-jar PATH --out FILE --rounds N --duration S --warmup S
#   bench/run.sh --update-benchmarks   # also splice the report into BENCHMARKS.md
#
# Needs: a JDK 17+, Maven, wrk, openssl, gunicorn and python3-flask
# (apt-get install -y wrk gunicorn python3-flask). Builds what is missing first:
# the main reactor (runner.jar, hello.war) and the reference servers in bench/servers.
# The measuring itself is bench/run.py (Python 3, standard library only).
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$BENCH_DIR")"

runner_jar="${JACORN_RUNNER_JAR:-$REPO_ROOT/runner/target/runner.jar}"
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[$i]}" in
    --runner-jar) runner_jar="${args[$((i + 1))]:-}" ;;
    --runner-jar=*) runner_jar="${args[$i]#--runner-jar=}" ;;
  esac
done

for tool in wrk gunicorn mvn python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed (apt-get install -y wrk gunicorn python3-flask maven)" >&2; exit 2; }
done
python3 -c 'import flask' 2>/dev/null || /usr/bin/python3 -c 'import flask' || {
  echo "bench: Flask is not installed (apt-get install -y python3-flask)" >&2; exit 2; }

"$BENCH_DIR/build.sh" "$runner_jar"
exec python3 "$BENCH_DIR/run.py" run "$@"

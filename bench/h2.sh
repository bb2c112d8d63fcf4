#!/usr/bin/env bash
# HTTP/2 throughput of Jacorn with h2load (Debian's nghttp2-client): h2c by prior knowledge and h2
# over TLS, 32 connections x 10 concurrent streams, on the hello WAR's /hello. With --compare-jar,
# a second runner jar is measured in the same rounds, interleaved (an A/B of the HTTP/2 limits).
#
#   bench/h2.sh                                   # runner/target/runner.jar, 3 rounds of 10 s
#   bench/h2.sh --compare-jar OLD.jar --rounds 5 --duration 15
#
# Prints one markdown table: requests per second (median of the rounds) per jar and protocol.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$BENCH_DIR")"
jars=("${JACORN_RUNNER_JAR:-$REPO_ROOT/runner/target/runner.jar}")
rounds=3
duration=10
while (($#)); do
  case "$1" in
    --runner-jar) jars[0]="$2"; shift 2 ;;
    --compare-jar) jars+=("$2"); shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    *) echo "bench/h2.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
command -v h2load >/dev/null || { echo "bench/h2.sh: h2load is not installed (apt-get install -y nghttp2-client)" >&2; exit 2; }
"$BENCH_DIR/build.sh" "${jars[0]}" >/dev/null
war="$REPO_ROOT/sample-webapps/hello/target/hello.war"

work="$(mktemp -d)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# One measured h2load run: prints requests per second, or fails when a request did not get 2xx.
h2load_rps() {
  local out
  out="$(h2load -c 32 -m 10 -t 2 --warm-up-time=3 -D "$duration" "$1" 2>&1)"
  if ! grep -q "requests: .* 0 failed, 0 errored" <<<"$out" || ! grep -q "status codes: [0-9]* 2xx, 0 3xx, 0 4xx, 0 5xx" <<<"$out"; then
    echo "bench/h2.sh: h2load saw failures on $1:" >&2; echo "$out" >&2; return 1
  fi
  sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' <<<"$out"
}

declare -A results
for ((round = 1; round <= rounds; round++)); do
  for jar in "${jars[@]}"; do
    tls_port="$(free_port)"; plain_port="$(free_port)"
    java -jar "$jar" --bind "127.0.0.1:$tls_port" --bind "http://127.0.0.1:$plain_port" \
      --certfile "$work/cert.pem" --keyfile "$work/key.pem" "$war" >"$work/runner.log" 2>&1 &
    pid=$!
    for _ in $(seq 600); do grep -q READY "$work/runner.log" && break; sleep 0.1; done
    grep -q READY "$work/runner.log" || { echo "bench/h2.sh: $jar did not start" >&2; cat "$work/runner.log" >&2; exit 1; }
    results["$jar h2c"]+=" $(h2load_rps "http://127.0.0.1:$plain_port/hello")"
    results["$jar h2"]+=" $(h2load_rps "https://127.0.0.1:$tls_port/hello")"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    echo "bench/h2.sh: round $round of $rounds done for $jar" >&2
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
echo "| jar | h2c req/s | h2 (TLS) req/s |"
echo "| --- | ---: | ---: |"
for jar in "${jars[@]}"; do
  echo "| $jar | $(median <<<"${results["$jar h2c"]}") | $(median <<<"${results["$jar h2"]}") |"
done
echo
echo "h2load -c 32 -m 10 -t 2, ${duration} s after 3 s of warm-up, median of $rounds round(s), $(nproc) CPU(s)."

#!/usr/bin/env bash
# HTTP/2 throughput of Jacorn, Tomcat and Jetty with h2load (Debian's nghttp2-client): h2c by
# prior knowledge and h2 over TLS (ALPN), 32 connections x 10 concurrent streams, on the hello
# WAR's /hello. Every contestant is measured in every round, one after the other (interleaved, the
# order rotating from round to round), each on a fresh JVM given --jit-warmup seconds of load first
# and a --warmup run before each measured run. With --compare-jar, another runner jar
# is one more contestant (an A/B of a change, e.g. the HTTP/2 limits).
#
#   bench/h2.sh                                   # jacorn,tomcat,jetty: 3 rounds of 10 s
#   bench/h2.sh --servers jacorn --compare-jar OLD.jar --rounds 5 --duration 15   # A/B only
#
# Tomcat and Jetty are the bench/servers launchers (bench/build.sh builds them) started with
# -Dbench.http2=true: their own HTTP/2 defaults (Tomcat's Http2Protocol; Jetty's HTTP2C and
# HTTP2 connection factories with ALPN over JSSE), HTTP/1.1 still on the same ports.
#
# Prints one markdown table: requests per second per server and protocol (median of the rounds),
# its ratio to Jacorn, and the server's CPU per request (its process's user + system ticks from
# /proc/PID/stat over the measured h2load run, divided by the requests it answered): on a busy
# machine the throughput moves with the neighbours, CPU per request less.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$BENCH_DIR")"
jars=("${JACORN_RUNNER_JAR:-$REPO_ROOT/runner/target/runner.jar}")
servers="jacorn,tomcat,jetty"
rounds=3
duration=10
warmup=3
jit_warmup=10
java="${BENCH_JAVA:-java}"
jvm_opts="${BENCH_JVM_OPTS:--Xmx512m}"
usage() {
  cat >&2 <<'EOF'
usage: bench/h2.sh [--servers jacorn,tomcat,jetty] [--runner-jar JAR] [--compare-jar JAR]...
                   [--rounds N] [--duration S] [--warmup S] [--jit-warmup S]
                   [--java PATH] [--jvm-opts "..."]
EOF
}
while (($#)); do
  case "$1" in
    --runner-jar) jars[0]="$2"; shift 2 ;;
    --compare-jar) jars+=("$2"); shift 2 ;;
    --servers) servers="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --jit-warmup) jit_warmup="$2"; shift 2 ;;
    --java) java="$2"; shift 2 ;;
    --jvm-opts) jvm_opts="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench/h2.sh: unknown argument $1" >&2; usage; exit 2 ;;
  esac
done
command -v h2load >/dev/null || { echo "bench/h2.sh: h2load is not installed (apt-get install -y nghttp2-client)" >&2; exit 2; }
read -r -a jvm_args <<<"$jvm_opts"

# Contestants: KEY -> label and kind (jacorn:JAR, tomcat, jetty), in table order.
version() { sed -n "s:.*<$1.version>\(.*\)</$1.version>.*:\1:p" "$BENCH_DIR/servers/pom.xml"; }
keys=()
declare -A label kind
IFS=, read -r -a wanted <<<"$servers"
for name in "${wanted[@]}"; do
  case "$name" in
    jacorn) keys+=(jacorn); label[jacorn]="Jacorn ($(basename "${jars[0]}"))"; kind[jacorn]="jacorn:${jars[0]}" ;;
    tomcat) keys+=(tomcat); label[tomcat]="Tomcat $(version tomcat)"; kind[tomcat]=tomcat ;;
    jetty) keys+=(jetty); label[jetty]="Jetty $(version jetty) ee10"; kind[jetty]=jetty ;;
    *) echo "bench/h2.sh: unknown server '$name' in --servers (known: jacorn, tomcat, jetty)" >&2; exit 2 ;;
  esac
done
for ((i = 1; i < ${#jars[@]}; i++)); do
  key=jacorn-compare
  if ((i > 1)); then key+="-$i"; fi
  # Two jars with one file name (main's and a branch's runner.jar) are told apart by their paths.
  name="$(basename "${jars[$i]}")"
  [[ "$name" != "$(basename "${jars[0]}")" ]] || name="${jars[$i]}"
  keys+=("$key"); label[$key]="Jacorn ($name)"; kind[$key]="jacorn:${jars[$i]}"
done
((${#keys[@]})) || { echo "bench/h2.sh: no server to measure (--servers is empty)" >&2; exit 2; }

"$BENCH_DIR/build.sh" "${jars[0]}" >/dev/null
war="$REPO_ROOT/sample-webapps/hello/target/hello.war"
for key in "${keys[@]}"; do
  case "${kind[$key]}" in
    jacorn:*) jar="${kind[$key]#jacorn:}" ;;
    *) jar="$BENCH_DIR/servers/${kind[$key]}/target/${kind[$key]}-server.jar" ;;
  esac
  [[ -f "$jar" ]] || { echo "bench/h2.sh: $jar is missing (bench/build.sh builds the default ones)" >&2; exit 2; }
done

work="$(mktemp -d)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
openssl pkcs12 -export -inkey "$work/key.pem" -in "$work/cert.pem" -name bench \
  -out "$work/bench.p12" -passout pass:bench

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts contestant $1 on cleartext port $2 and TLS port $3; sets pid; waits for its ready line.
start() {
  local k="${kind[$1]}" ready
  case "$k" in
    jacorn:*)
      ready=READY
      "$java" "${jvm_args[@]}" -jar "${k#jacorn:}" --bind "127.0.0.1:$3" --bind "http://127.0.0.1:$2" \
        --certfile "$work/cert.pem" --keyfile "$work/key.pem" "$war" >"$work/server.log" 2>&1 &
      ;;
    *)
      ready=listening
      "$java" "${jvm_args[@]}" -Dbench.http2=true -jar "$BENCH_DIR/servers/$k/target/$k-server.jar" \
        "$war" "$2" 127.0.0.1 "$3" "$work/bench.p12" bench >"$work/server.log" 2>&1 &
      ;;
  esac
  pid=$!
  for _ in $(seq 1200); do
    grep -q "$ready" "$work/server.log" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench/h2.sh: ${label[$1]} did not start" >&2; cat "$work/server.log" >&2; exit 1
}

# The server's CPU so far, in clock ticks (utime + stime of /proc/PID/stat; the fields after the
# command name, which is in parentheses).
cpu_ticks() { sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}'; }

# One h2load run against $1 for $2 seconds; prints its output, or fails when a request did not
# get 2xx.
h2load_run() {
  local out
  # h2load can run on forever when its duration ends before all 32 connections are up (seen with
  # -D 1 over TLS on a loaded machine): bounded, it fails the run with that advice instead.
  out="$(timeout $(($2 + 60)) h2load -c 32 -m 10 -t 2 -D "$2" "$1" 2>&1)" || true
  if ! grep -q "^finished in " <<<"$out"; then
    echo "bench/h2.sh: h2load did not finish a $2 s run on $1 within $(($2 + 60)) s; give --warmup and --duration 3 s or more" >&2
    echo "$out" >&2; return 1
  fi
  if ! grep -q "requests: .* 0 failed, 0 errored" <<<"$out" || ! grep -q "status codes: [0-9]* 2xx, 0 3xx, 0 4xx, 0 5xx" <<<"$out"; then
    echo "bench/h2.sh: h2load saw failures on $1:" >&2; echo "$out" >&2; return 1
  fi
  echo "$out"
}

# Warm-up run (not counted), then the measured run: appends its req/s and CPU microseconds per
# request to results["KEY PROTO"] and results["KEY PROTO cpu"].
measure() {
  local key="$1" proto="$2" url="$3" out before after requests
  h2load_run "$url" "$warmup" >/dev/null
  before="$(cpu_ticks)"
  out="$(h2load_run "$url" "$duration")"
  after="$(cpu_ticks)"
  requests="$(sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' <<<"$out")"
  results["$key $proto"]+=" $(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' <<<"$out")"
  results["$key $proto cpu"]+=" $(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN {printf "%.1f", n ? t * 1e6 / hz / n : 0}')"
}

declare -A results
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
n=${#keys[@]}
for ((round = 1; round <= rounds; round++)); do
  for ((i = 0; i < n; i++)); do
    key="${keys[$(((i + round - 1) % n))]}"
    plain_port="$(free_port)"; tls_port="$(free_port)"
    while [[ "$tls_port" == "$plain_port" ]]; do tls_port="$(free_port)"; done
    start "$key" "$plain_port" "$tls_port"
    # A fresh JVM's JIT first: load on both protocols, not counted.
    # A failed request there is reported and not held against the run (Tomcat 11 answered 6 of
    # 86,616 h2c requests with stream errors in its first seconds on this machine).
    if ((jit_warmup > 0)); then
      h2load_run "https://127.0.0.1:$tls_port/hello" $(((jit_warmup + 1) / 2)) >/dev/null || true
      h2load_run "http://127.0.0.1:$plain_port/hello" $(((jit_warmup + 1) / 2)) >/dev/null || true
    fi
    measure "$key" h2c "http://127.0.0.1:$plain_port/hello"
    measure "$key" h2 "https://127.0.0.1:$tls_port/hello"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    echo "bench/h2.sh: round $round of $rounds done for ${label[$key]}" >&2
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
ratio() { [[ -n "${results["jacorn $2"]:-}" ]] || { echo "-"; return; }
  awk -v a="$1" -v b="$(median <<<"${results["jacorn $2"]}")" 'BEGIN {if (b > 0) printf "%.2fx", a / b; else print "-"}'; }
echo "| server | h2c req/s | h2c x Jacorn | h2c CPU µs/req | h2 (TLS) req/s | h2 x Jacorn | h2 CPU µs/req |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for key in "${keys[@]}"; do
  row="| ${label[$key]}"
  for proto in h2c h2; do
    rps="$(median <<<"${results["$key $proto"]}")"
    row+=" | $rps | $(ratio "$rps" "$proto") | $(median <<<"${results["$key $proto cpu"]}")"
  done
  echo "$row |"
done
echo
echo "h2load -c 32 -m 10 -t 2 on /hello of the hello WAR: ${duration} s measured after a ${warmup} s warm-up run, each" \
  "contestant on a fresh JVM (\`$java $jvm_opts\`) in every round, given ${jit_warmup} s of load (h2 and h2c) first; median of $rounds round(s); $(nproc) CPU(s)," \
  "load average $load_before at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end. CPU µs/req: the" \
  "server process's user + system CPU over the measured run divided by the requests answered."

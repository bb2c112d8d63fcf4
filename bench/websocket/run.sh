#!/usr/bin/env bash
# WebSocket echo through Jacorn: the websocket-chat sample's /echo endpoint (a programmatic
# Endpoint that sends each text back), driven by WebSocketEcho.java (the JDK's WebSocket client).
#
#   bench/websocket/run.sh [CONNECTIONS] [SECONDS] [MESSAGE_BYTES]     (defaults: 32 10 64)
#
# Needs the reactor built (runner/target/runner.jar, sample-webapps/websocket-chat/target/*.war).
# Tomcat and Jetty are not driven by this script yet (see bench/results/websocket-echo.md).
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$(dirname "$BENCH_DIR")")"
connections="${1:-32}"
seconds="${2:-10}"
bytes="${3:-64}"
port="${JACORN_BENCH_PORT:-18990}"
work="$(mktemp -d)"
java -jar "$REPO_ROOT/runner/target/runner.jar" --bind "127.0.0.1:$port" --work-dir "$work" \
  "$REPO_ROOT/sample-webapps/websocket-chat/target/websocket-chat.war" >"$work/runner.log" 2>&1 &
runner=$!
trap 'kill "$runner" 2>/dev/null; wait "$runner" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do
  grep -q 'READY' "$work/runner.log" && break
  sleep 0.1
done
grep -q 'READY' "$work/runner.log" || { cat "$work/runner.log" >&2; exit 1; }
java "$BENCH_DIR/WebSocketEcho.java" "ws://127.0.0.1:$port/echo" "$connections" "$seconds" 3 "$bytes"

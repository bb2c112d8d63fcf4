#!/usr/bin/env bash
# Builds what the benchmark scripts need and is missing: the main reactor when the runner jar
# (argument 1, default runner/target/runner.jar) is missing, the sample WARs the workloads use
# (hello, jsp, websocket-chat) when missing, and the reference
# servers (bench/servers, its own Maven project) when a launcher is missing or older than its
# sources. A reactor that does not build leaves Jacorn out of the run with a warning.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$BENCH_DIR")"
runner_jar="${1:-$REPO_ROOT/runner/target/runner.jar}"
default_jar="$REPO_ROOT/runner/target/runner.jar"

# Only the default jar is ours to build; a jar named with --runner-jar is used as it is.
if [[ ! -f "$runner_jar" && "$(realpath -m "$runner_jar")" == "$(realpath -m "$default_jar")" ]]; then
  echo "bench: building the reactor (mvn -B -q package -DskipTests)" >&2
  if ! (cd "$REPO_ROOT" && mvn -B -q package -DskipTests); then
    echo "bench: WARNING: the reactor did not build; Jacorn will be left out of this run" >&2
  fi
fi
wars=()
for sample in hello jsp websocket-chat; do
  [[ -f "$REPO_ROOT/sample-webapps/$sample/target/$sample.war" ]] || wars+=("sample-webapps/$sample")
done
if ((${#wars[@]})); then
  echo "bench: building the sample WARs ${wars[*]}" >&2
  (cd "$REPO_ROOT" && mvn -B -q -pl "$(IFS=,; echo "${wars[*]}")" -am package -DskipTests)
fi

stale=0
for name in undertow tomcat jetty; do
  jar="$BENCH_DIR/servers/$name/target/$name-server.jar"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$BENCH_DIR/servers/pom.xml" "$BENCH_DIR/servers/$name" \
        -path '*/target' -prune -o -newer "$jar" -type f -print -quit)" ]]; then
    stale=1
  fi
done
if ((stale)); then
  echo "bench: building the reference servers (bench/servers)" >&2
  mvn -B -q -f "$BENCH_DIR/servers/pom.xml" package
fi

#!/usr/bin/env python3
"""Side-by-side HTTP benchmarks of Jacorn and its peers (issue 7). Standard library only.

Called by bench/run.sh (throughput run) and bench/deploy-time.sh (Spring Boot deploy time);
see BENCHMARKS.md for what the numbers mean. Every server is started in turn and the servers
are interleaved over the rounds (A B C D A B C D ...). Within one server's turn:

    start the process -> poll until the first HTTP 200 (start time)
    for each workload, for each concurrency: wrk warm-up, then the measured wrk run
    read VmHWM of the process tree (peak RSS) -> SIGTERM (SIGKILL after 15 s)

Medians over the rounds are reported, with each server's ratio to bare Undertow.
"""

# This file is the command line only. The work is in three modules beside it:
#   servers.py  the contestants: argv, start, first 200, stop (and redis-server)
#   measure.py  the workloads, the rounds, wrk/WsEcho runs and the /proc readings
#   report.py   a run's JSON -> markdown (deterministic: bench/tests/test_report.py)
# bench/profile.py imports this file for parse() and a few of their names.

import argparse
import datetime
import json
import os
import shutil
import signal
import sys
import tempfile

from measure import (WORKLOADS, jar_digest, machine_description, run_benchmark, run_deploy_time,
                     run_options, run_record)
from measure import compile_ws_client, run_wrk, with_session  # noqa: F401  (bench/profile.py)
from report import render, render_deploy_time, splice
from servers import BENCH_DIR, DEFAULT_JVM_OPTS, DEFAULT_TUNED_ARGS, REPO_ROOT, all_servers, log
from servers import READY_PATH, Running  # noqa: F401  (bench/profile.py)


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", nargs="?", default="run", choices=("run", "deploy-time", "render"))
    p.add_argument("--from-json", help="render: the .json a run left next to its report")
    p.add_argument("--rounds", type=int, default=None, help="interleaved rounds (default 3; --quick 1)")
    p.add_argument("--duration", type=int, default=None, help="seconds per measured wrk run (default 5)")
    p.add_argument("--warmup", type=int, default=None, help="seconds of wrk warm-up before each measured run (default 2)")
    p.add_argument("--jit-warmup", type=int, default=None,
                   help="seconds of load on a freshly started JVM before its first warm-up (default 12)")
    p.add_argument("--jit-settle", type=int, default=None,
                   help="at most this many more seconds of load after the JIT warm-up, until the JVM's "
                        "JIT compilers go quiet (default 30; --quick 0)")
    p.add_argument("--cell-settle", type=int, default=None,
                   help="at most this many more seconds of load after a cell's warm-up, at its concurrency, "
                        "while the JVM's JIT compilers are still busy (default 15; --quick 0)")
    p.add_argument("--quick", action="store_true", help="smoke run: 1 round, 2 s runs, 1 s warm-ups, 4 s JIT warm-up")
    p.add_argument("--out", help="write the markdown report here (default bench/results/latest.md)")
    p.add_argument("--update-benchmarks", action="store_true",
                   help="also splice the report into BENCHMARKS.md between its markers")
    p.add_argument("--runner-jar", default=os.environ.get("JACORN_RUNNER_JAR",
                                                          os.path.join(REPO_ROOT, "runner", "target", "runner.jar")))
    p.add_argument("--hello-war", default=os.path.join(REPO_ROOT, "sample-webapps", "hello", "target", "hello.war"))
    p.add_argument("--spring-war", default=os.environ.get("BENCH_SPRING_WAR", os.path.join(
        REPO_ROOT, "sample-webapps", "spring-boot", "target", "spring-boot.war")))
    p.add_argument("--jsp-war", default=os.path.join(REPO_ROOT, "sample-webapps", "jsp", "target", "jsp.war"))
    p.add_argument("--websocket-war", default=os.path.join(
        REPO_ROOT, "sample-webapps", "websocket-chat", "target", "websocket-chat.war"))
    p.add_argument("--java", default=os.environ.get("BENCH_JAVA", "java"), help="java executable for every Java server")
    p.add_argument("--jvm-opts", default=os.environ.get("BENCH_JVM_OPTS", DEFAULT_JVM_OPTS),
                   help=f"the same options for every Java server (default {DEFAULT_JVM_OPTS!r})")
    p.add_argument("--jacorn-tuned-args", default=os.environ.get("BENCH_JACORN_TUNED", DEFAULT_TUNED_ARGS),
                   help="Jacorn flags for the second Jacorn contestant; empty leaves it out")
    p.add_argument("--jacorn-args", default="",
                   help="flags for both jacorn and jacorn-compare (say, --access-logfile FILE), for an A/B of "
                        "the path a setting turns on")
    p.add_argument("--compare-jar", default=os.environ.get("BENCH_COMPARE_JAR"),
                   help="another runner.jar (say, main before a change) as one more contestant, "
                        "jacorn-compare, with its defaults on every workload of the run")
    p.add_argument("--servers", help="comma-separated subset, e.g. undertow,jacorn")
    p.add_argument("--workloads", help="comma-separated subset of " + ",".join(w.key for w in WORKLOADS))
    p.add_argument("--redis-port", type=int, default=0 if not shutil.which("redis-server") else 18399,
                   help="port for the redis-server of the jacorn-redis contestant (0: leave it out)")
    p.add_argument("--wrk-threads", type=int, default=2)
    p.add_argument("--max-other-cpu", type=float, default=None,
                   help="re-measure a cell once when other processes took more than this share of "
                        "the machine's CPU during it (default 0.20; --quick never re-measures)")
    p.add_argument("--base-port", type=int, default=18200)
    p.add_argument("--start-timeout", type=float, default=None,
                   help="seconds to wait for the first 200 (default 30 for hello, 120 for Spring)")
    opts = p.parse_args(argv)
    opts.rounds = opts.rounds or (1 if opts.quick else 3)
    opts.duration = opts.duration or (2 if opts.quick else 5)
    opts.warmup = opts.warmup or (1 if opts.quick else 2)
    opts.jit_warmup = opts.jit_warmup if opts.jit_warmup is not None else (4 if opts.quick else 12)
    opts.jit_settle = opts.jit_settle if opts.jit_settle is not None else (0 if opts.quick else 30)
    opts.cell_settle = opts.cell_settle if opts.cell_settle is not None else (0 if opts.quick else 15)
    if opts.max_other_cpu is None:
        opts.max_other_cpu = 1.0 if opts.quick else 0.20
    opts.servers = opts.servers.split(",") if opts.servers else None
    opts.workloads = opts.workloads.split(",") if opts.workloads else None
    opts.runner_jar = os.path.abspath(opts.runner_jar)
    opts.compare_jar = os.path.abspath(opts.compare_jar) if opts.compare_jar else None
    opts.hello_war = os.path.abspath(opts.hello_war)
    opts.spring_war = os.path.abspath(opts.spring_war)
    opts.jsp_war = os.path.abspath(opts.jsp_war)
    opts.websocket_war = os.path.abspath(opts.websocket_war)
    opts.tls_dir = None  # made by run_benchmark when a workload needs TLS
    opts.log_dir = tempfile.mkdtemp(prefix="jacorn-bench-logs-")
    return opts


def stop_on_signals():
    """SIGTERM and SIGHUP unwind like Ctrl-C, so the server being measured is stopped too."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)


def completed(saved, path, argv):
    """A run saved before runs recorded what their report reads, completed the way such runs were
    rendered: options from its argv, the machine and CPU count of this machine."""
    if all(k in saved for k in ("machine", "cpus", "options", "servers", "workloads")):
        return saved
    opts = parse(saved["argv"] + [a for a in argv if a != "render"])
    opts.runner_version, opts.runner_digest = saved.get("runner_version"), saved.get("runner_digest")
    opts.runner_built = saved.get("runner_built")
    seen = list(saved["results"]["start"]) + list(saved["results"]["failed"])
    return dict(saved, **{
        "machine": saved.get("machine") or machine_description(opts),
        "cpus": saved.get("cpus") or os.cpu_count(),
        "options": saved.get("options") or run_options(opts),
        "finished": saved.get("finished") or datetime.datetime.utcfromtimestamp(
            os.path.getmtime(path)).strftime("%Y-%m-%d %H:%M"),
        "elapsed": saved.get("elapsed", 0.0),
        "servers": saved.get("servers") or [[s.key, s.label] for s in all_servers(opts)
                                            if any(k.startswith(s.key + "/") for k in seen)],
        "workloads": saved.get("workloads") or [w.key for w in WORKLOADS
                                                if any(k.startswith(w.key + "/") for k in saved["results"]["runs"])]})


def main(argv):
    stop_on_signals()
    opts = parse(argv)
    opts.runner_digest = jar_digest(opts.runner_jar)
    log(f"server logs in {opts.log_dir}")
    if opts.mode == "render":
        # Re-renders a finished run from its JSON (e.g. after the report format changed).
        with open(opts.from_json) as f:
            saved = json.load(f)
        report = render(completed(saved, opts.from_json, argv))
        out = opts.out or os.path.splitext(opts.from_json)[0] + ".md"
        marker = "results"
    elif opts.mode == "deploy-time":
        report = render_deploy_time(run_deploy_time(opts))
        out = opts.out or os.path.join(BENCH_DIR, "results", "deploy-time.md")
        marker = "deploy-time"
    else:
        servers, workloads, results, elapsed = run_benchmark(opts)
        run = run_record(opts, servers, workloads, results, elapsed, argv)
        report = render(run)
        out = opts.out or os.path.join(BENCH_DIR, "results", "latest.md")
        marker = "results"
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        with open(os.path.splitext(out)[0] + ".json", "w") as f:
            json.dump(run, f, indent=1)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        f.write(report)
    log(f"report written to {out}")
    if opts.update_benchmarks:
        splice(os.path.join(REPO_ROOT, "BENCHMARKS.md"), marker, report)
        log("BENCHMARKS.md updated")
    print(report)


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Profiles one server under one wrk workload with JFR and prints where the CPU time goes.

    bench/profile.sh [--server jacorn] [--workload hello] [--connections 256] [--seconds 20]
                     [--runner-jar PATH] [--keep FILE.jfr] [--sample-ms 1]

The server is started as in bench/run.py (same JVM options), warmed up for --warmup seconds,
then JFR's "profile" settings (Java threads sampled every 10 ms, or every --sample-ms) record
while wrk keeps the load on for --seconds. The report
lists the hottest methods by own time and the share of samples under a few request-path
frames. JFR samples running Java threads only: parked or blocked threads cost no samples.
"""

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402  (bench/run.py, the harness)
from servers import thread_stats  # noqa: E402

# Frames whose inclusive share says something about the request path.
MARKERS = [
    "dev.jacorn.runner.supervise.Router.handleRequest",
    "dev.jacorn.runner.supervise.Worker.handle",
    "io.undertow.servlet.handlers.ServletInitialHandler.handleRequest",
    "io.undertow.servlet.handlers.ServletHandler.handleRequest",
    "io.undertow.server.protocol.http.HttpReadListener.handleEvent",
    "io.undertow.server.HttpServerExchange.endExchange",
    "io.undertow.server.Connectors.executeRootHandler",
    "io.undertow.server.handlers.resource.PathResource.serve",
    "java.util.concurrent.ThreadPoolExecutor.execute",
    "java.util.concurrent.ThreadPoolExecutor.getTask",
    "java.util.concurrent.LinkedBlockingQueue.offer",
    "java.util.concurrent.LinkedBlockingQueue.take",
    "org.jboss.threads.EnhancedQueueExecutor.execute",
    "org.jboss.threads.EnhancedQueueExecutor$ThreadBody.run",
    "java.util.concurrent.locks.LockSupport.unpark",
    "java.util.concurrent.locks.LockSupport.park",
    "sun.nio.ch.SocketDispatcher.write0",
    "sun.nio.ch.SocketDispatcher.read0",
    "sun.nio.ch.EPoll.wait",
]

# Where a sample's time goes, by the innermost frame that matches one of these prefixes (the
# first rule that matches wins). The same rules apply to every server; Tomcat's and Jetty's own
# code lands in "other".
COMPONENTS = [
    ("Undertow: Host header check", "io.undertow.server.handlers.HostHeaderHandler"),
    ("Undertow: request parser", "io.undertow.server.protocol.http.HttpRequestParser"),
    ("Undertow: request parser", "io.undertow.server.protocol.http.RequestParser"),
    ("Undertow: buffer pool", "io.undertow.server.DefaultByteBufferPool"),
    ("Undertow: servlet security handlers", "io.undertow.servlet.handlers.security"),
    ("Undertow: servlet security handlers", "io.undertow.security"),
    ("Undertow: servlet request and response", "io.undertow.servlet.spec"),
    ("Undertow: servlet handlers and deployment", "io.undertow.servlet"),
    ("Undertow: exchange and connection", "io.undertow"),
    ("XNIO", "org.xnio"),
    ("jboss-logging level checks", "org.jboss.logging"),
    ("Jacorn: request checks and listeners", "dev.jacorn.runner.server"),
    ("Jacorn: routing and worker bookkeeping", "dev.jacorn.runner.supervise"),
    ("Jacorn: telemetry", "dev.jacorn.runner.observe"),
    ("Jacorn: deployment (adapter)", "dev.jacorn.adapter"),
    ("the application", "dev.jacorn.sample"),
    ("thread hand-off (pool queue, park/unpark)", "java.util.concurrent.ThreadPoolExecutor"),
    ("thread hand-off (pool queue, park/unpark)", "java.util.concurrent.LinkedBlockingQueue"),
    ("thread hand-off (pool queue, park/unpark)", "java.util.concurrent.locks.LockSupport"),
    ("socket reads and writes", "sun.nio.ch.SocketDispatcher"),
    ("socket reads and writes", "sun.nio.ch.IOUtil"),
    ("selector (epoll)", "sun.nio.ch.EPoll"),
    ("selector (epoll)", "sun.nio.ch.SelectorImpl"),
    ("Tomcat", "org.apache"),
    ("Jetty", "org.eclipse.jetty"),
]


def component(frames):
    for name in frames:
        for label, prefix in COMPONENTS:
            if name.startswith(prefix):
                return label
    return "other (JDK, JIT-compiled stubs)"


def frame_name(frame):
    m = frame["method"]
    return f"{m['type']['name'].replace('/', '.')}.{m['name']}"


def summarize(jfr_file, top):
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample", jfr_file],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    own, inclusive, threads = collections.Counter(), collections.Counter(), collections.Counter()
    own_lines, components = collections.Counter(), collections.Counter()
    for e in events:
        raw = (e["values"]["stackTrace"] or {}).get("frames", [])
        frames = [frame_name(f) for f in raw]
        if not frames:
            continue
        own[frames[0]] += 1
        own_lines[(frames[0], raw[0].get("lineNumber"))] += 1
        components[component(frames)] += 1
        for name in set(frames):
            inclusive[name] += 1
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
        threads[thread.rstrip("0123456789").rstrip("-")] += 1
    total = len(events) or 1
    lines = [f"{len(events)} execution samples", "", "Hottest methods (own time):"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in own.most_common(top)]
    # A method that owns a large share is often one loop in it (a spin, a scan): say which line.
    lines += ["", "Own time of the three hottest methods, by source line:"]
    for name, _ in own.most_common(3):
        by_line = sorted(((n, line) for (m, line), n in own_lines.items() if m == name), reverse=True)
        lines += [f"  {100 * n / total:5.1f}%  {name} line {line}" for n, line in by_line[:3]]
    lines += ["", "Request-path frames (inclusive):"]
    lines += [f"  {100 * inclusive[m] / total:5.1f}%  {m}" for m in MARKERS if inclusive[m]]
    lines += ["", "By component (innermost matching frame):"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in components.most_common()]
    lines += ["", "Samples by thread group:"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in threads.most_common(8)]
    lines += ["", native_summary(jfr_file, top)]
    return "\n".join(lines)


def native_summary(jfr_file, top):
    """JFR's samples of threads that were in native code (system calls: epoll, socket reads and
    writes, futex waits), by the innermost Java frame and its caller: where a thread that is not
    running Java code sits."""
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.NativeMethodSample", jfr_file],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    sites = collections.Counter()
    for e in events:
        frames = [frame_name(f) for f in (e["values"]["stackTrace"] or {}).get("frames", [])[:2]]
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or "?"
        sites[(thread.rstrip("0123456789").rstrip("-"), " <- ".join(frames))] += 1
    total = len(events) or 1
    lines = [f"{len(events)} native-method samples (threads in native code), by thread group and frames:"]
    lines += [f"  {100 * n / total:5.1f}%  {thread}: {where}" for (thread, where), n in sites.most_common(top)]
    return "\n".join(lines)


def thread_ticks(pids):
    """Per thread of PIDS, keyed by (tid, name): user and system CPU ticks and voluntary and
    involuntary context switches, from /proc/PID/task."""
    ticks = {}
    for pid, tid, name, fields in thread_stats(pids):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                status = dict(line.split(":", 1) for line in f if ":" in line)
        except OSError:
            continue
        ticks[(tid, name)] = (int(fields[11]), int(fields[12]),
                              int(status.get("voluntary_ctxt_switches", 0)),
                              int(status.get("nonvoluntary_ctxt_switches", 0)))
    return ticks


def thread_report(before, after, requests):
    """Per-thread-group CPU during the measured run (all of it, not only JFR's Java samples):
    share of the server's CPU, microseconds per request (user and system) and context switches per
    request (voluntary: the thread blocked or parked; involuntary: preempted), threads grouped by
    name without their trailing number."""
    hz = os.sysconf("SC_CLK_TCK")
    groups = collections.defaultdict(lambda: [0, 0, 0, 0])
    for key, now in after.items():
        name = key[1].rstrip("0123456789").rstrip("-# ") or key[1]
        was = before.get(key, (0, 0, 0, 0))
        for i in range(4):
            groups[name][i] += now[i] - was[i]
    total = sum(g[0] + g[1] for g in groups.values()) or 1
    per = lambda n: n / max(1, requests)
    lines = ["CPU by thread group (/proc/PID/task, whole measured run; per request: CPU µs user+system,"
             " context switches voluntary/involuntary):"]
    for name, (user, system, vcs, nvcs) in sorted(groups.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))[:12]:
        if user + system or vcs:
            lines.append(f"  {100 * (user + system) / total:5.1f}%  {per(user + system) / hz * 1e6:6.1f} µs"
                         f" ({per(user) / hz * 1e6:5.1f} + {per(system) / hz * 1e6:5.1f})"
                         f"  {per(vcs):5.2f} / {per(nvcs):5.2f} switches  {name}")
    return "\n".join(lines)


def jfr_settings(sample_ms, tmp):
    """JFR's "profile" settings, or a copy of them that samples Java threads every sample_ms."""
    if sample_ms is None:
        return "profile"
    java_home = os.path.dirname(os.path.dirname(os.path.realpath(shutil.which("java"))))
    with open(os.path.join(java_home, "lib", "jfr", "profile.jfc"), encoding="utf-8") as f:
        text = f.read()
    text, n = re.subn(r'(<setting name="period" control="method-sampling-java-interval">)[^<]*<',
                      rf"\g<1>{sample_ms} ms<", text)
    if n == 0:
        sys.exit("--sample-ms: this JDK's profile.jfc has no method-sampling-java-interval setting")
    path = os.path.join(tmp, "sampling.jfc")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--server", default="jacorn")
    p.add_argument("--workload", default="hello")
    p.add_argument("--connections", type=int, default=256)
    p.add_argument("--seconds", type=int, default=20)
    p.add_argument("--warmup", type=int, default=15)
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--keep", help="keep the recording at this path")
    p.add_argument("--port", type=int, default=18290)
    p.add_argument("--sample-ms", type=int,
                   help="sample Java threads every N ms instead of the profile settings' 10 ms (more samples,"
                        " more overhead)")
    known, rest = p.parse_known_args(argv)
    opts = bench.parse(rest)
    server = next((s for s in bench.all_servers(opts) if s.key == known.server), None)
    workload = next((w for w in bench.WORKLOADS if w.key == known.workload), None)
    if server is None or server.kind != "java" or workload is None:
        sys.exit("--server must name a Java server of bench/run.py and --workload one of its workloads")
    app = workload.app
    if workload.kind == "ws":
        bench.compile_ws_client(opts)
    running = bench.Running(server, app, known.port, server.argv(opts, app, known.port),
                            os.path.join(opts.log_dir, f"profile-{server.key}.log"))
    tmp = tempfile.mkdtemp(prefix="jacorn-profile-")
    jfr_file = os.path.join(tmp, "profile.jfr")
    try:
        if running.wait_first_200(bench.READY_PATH[app], opts.start_timeout or 120) is None:
            sys.exit(f"{server.key} gave no 200; see {running.log_path}")
        # As bench/run.py measures them: the session workloads on sessions made once, not a new one per request.
        workload = bench.with_session(known.port, workload)
        bench.run_wrk(opts, known.port, workload, known.connections, known.warmup)
        pid = str(running.proc.pid)
        subprocess.run(["jcmd", pid, "JFR.start", "name=bench", f"settings={jfr_settings(known.sample_ms, tmp)}"],
                       check=True, capture_output=True)
        threads_before = thread_ticks(running.tree())
        r = bench.run_wrk(opts, known.port, workload, known.connections, known.seconds, running)
        threads_after = thread_ticks(running.tree())
        subprocess.run(["jcmd", pid, "JFR.stop", "name=bench", f"filename={jfr_file}"], check=True,
                       capture_output=True)
    finally:
        running.stop()
    print(f"{server.label}, {workload.label}, {known.connections} connections, {known.seconds}s "
          f"under JFR: {r['rps']:,.0f} req/s, p99 {r['p99_us'] / 1000:.2f} ms, "
          f"other CPU {100 * r['other_cpu']:.0f}%, server CPU {100 * r['server_cpu']:.0f}%, "
          f"{r['cpu_us_per_req']:.0f} µs of server CPU per request")
    print(summarize(jfr_file, known.top))
    print()
    print(thread_report(threads_before, threads_after, r["requests"]))
    if known.keep:
        shutil.copy(jfr_file, known.keep)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])

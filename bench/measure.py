"""What bench/run.py measures and how: the workloads, the interleaved rounds of server turns,
one wrk (or WsEcho) run with the /proc readings beside it (server CPU, other processes' CPU),
peak RSS, and the machine the run took place on. Standard library only."""

import datetime
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from servers import (APPS, BENCH_DIR, READY_PATH, START_TIMEOUT, TLS_PORT_OFFSET, Running, all_servers,
                     deploy_time_contenders, http_get, log, make_tls_files, port_is_free, runner_works,
                     start_redis, war)

WRK_SCRIPT = os.path.join(BENCH_DIR, "wrk", "bench.lua")
WS_CLIENT = os.path.join(BENCH_DIR, "ws", "WsEcho.java")
CONCURRENCIES = (32, 256)
JIT_QUIET = 0.02  # share of one core the JIT compilers may still take once a JVM counts as warm


class Workload:
    """KIND http is driven by wrk (over TLS when TLS), ws by bench/ws/WsEcho.java."""

    def __init__(self, key, label, app, path, env=None, check=None, tls=False, kind="http", cookies=()):
        self.key, self.label, self.app, self.path = key, label, app, path
        self.env = env or {}
        self.cookies = cookies  # session cookies, one per connection (the sessions workload)
        self.check = check  # (status, body predicate) checked once per server start
        self.tls, self.kind = tls, kind


WORKLOADS = [
    Workload("hello", "GET /hello (plaintext, 14 B)", "hello", "/hello",
             check=lambda body: body == b"Hello, world!\n"),
    Workload("static", "GET /static-64k.txt (64 KiB static file)", "hello", "/static-64k.txt",
             check=lambda body: len(body) == 65536),
    Workload("echo", "POST /echo (1 KiB JSON body echoed)", "hello", "/echo",
             env={"BENCH_POST_JSON_BYTES": "1024"}),
    # One session for every connection: BENCH_COOKIE is taken from a first GET per server start.
    Workload("session", "GET /session (read+update a session attribute)", "hello", "/session",
             check=lambda body: body.startswith(b"n=")),
    # A session per connection, as many users each with one page open: BENCH_COOKIES holds one
    # cookie per connection, made by as many first GETs per server start (see with_session).
    Workload("sessions", "GET /session, a session per connection (read+update a session attribute)",
             "hello", "/session", check=lambda body: body.startswith(b"n=")),
    Workload("https", "GET https /hello (plaintext over TLS 1.3, keep-alive)", "hello", "/hello",
             check=lambda body: body == b"Hello, world!\n", tls=True),
    Workload("spring", "GET /api/greeting?name=bench (Spring Boot JSON)", "spring",
             "/api/greeting?name=bench", check=lambda body: b"bench" in body),
    Workload("jsp", "GET /scriptlet.jsp (a JSP page, jsp sample WAR)", "jsp", "/scriptlet.jsp",
             check=lambda body: b"answer: 42" in body),
    # The same page as browsers see it: each connection keeps the cookie of its session (made by
    # a first GET per connection, as for "sessions"), so the page renders without making a session
    # per request, which the jsp workload's cookie-less client does.
    Workload("jsp-users", "GET /scriptlet.jsp, a session per connection (browsers that keep their cookie)",
             "jsp", "/scriptlet.jsp", check=lambda body: b"answer: 42" in body),
    Workload("websocket", "WebSocket /echo, 64 B text messages echoed (messages/s, one in flight "
             "per connection; websocket-chat sample WAR)", "websocket", "/echo", kind="ws"),
]


def cpu_busy_ticks():
    """Non-idle CPU time of the whole machine, in clock ticks (/proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return sum(fields) - fields[3] - fields[4]  # minus idle and iowait


def process_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime + stime, all threads
        except (OSError, IndexError, ValueError):
            pass
    return total


def wrk_argv(opts, connections, seconds, url):
    return ["wrk", "-t", str(opts.wrk_threads), "-c", str(connections), "-d", f"{seconds}s",
            "--timeout", "5s", "-s", WRK_SCRIPT, url]


def run_wrk(opts, port, workload, connections, seconds, running=None):
    """One wrk run. With RUNNING, also measures how much CPU the rest of the machine took
    meanwhile (neither the server tree nor wrk): the 'other CPU' column, a noise indicator."""
    before = (cpu_busy_ticks(), process_ticks(running.tree()) if running else 0,
              resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic(),
              running.jit_ticks() if running else 0)
    env = dict(os.environ, **workload.env)
    if workload.cookies:
        env["BENCH_COOKIES"] = " ".join(workload.cookies[:connections])
        env["BENCH_THREADS"] = str(opts.wrk_threads)
    if workload.kind == "ws":
        argv = [opts.java, "-cp", opts.ws_client_dir, "WsEcho", f"ws://127.0.0.1:{port}{workload.path}",
                str(connections), str(seconds)]
    elif workload.tls:
        argv = wrk_argv(opts, connections, seconds, f"https://127.0.0.1:{port + TLS_PORT_OFFSET}{workload.path}")
    else:
        argv = wrk_argv(opts, connections, seconds, f"http://127.0.0.1:{port}{workload.path}")
    out = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=seconds + 60)
    m = re.search(r"^BENCH-RESULT (\{.*\})$", out.stdout, re.M)
    if not m:
        raise RuntimeError(f"wrk printed no result: {out.stdout}\n{out.stderr}")
    r = json.loads(m.group(1))
    if running:
        hz = os.sysconf("SC_CLK_TCK")
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        wrk_ticks = (ru.ru_utime + ru.ru_stime - before[2].ru_utime - before[2].ru_stime) * hz
        server_ticks = process_ticks(running.tree()) - before[1]
        other = cpu_busy_ticks() - before[0] - server_ticks - wrk_ticks
        capacity = (time.monotonic() - before[3]) * hz * os.cpu_count()
        r["other_cpu"] = max(0.0, other / capacity)
        r["server_cpu"] = server_ticks / capacity
        r["cpu_us_per_req"] = server_ticks / hz * 1e6 / max(1, r["requests"])
        # The part of it the JIT compilers took: near 0 once a JVM is warm (see jit_settle).
        r["jit_us_per_req"] = (running.jit_ticks() - before[4]) / hz * 1e6 / max(1, r["requests"])
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["errors"] = (r["connect_errors"] + r["read_errors"] + r["write_errors"] +
                   r["status_errors"] + r["timeouts"])
    return r


def jit_was_quiet(running, before, seconds):
    """Whether the server's JIT compilers took less than JIT_QUIET of one core over the last
    SECONDS, since their tick count was BEFORE."""
    return (running.jit_ticks() - before) / os.sysconf("SC_CLK_TCK") < JIT_QUIET * seconds


def settle_jit(opts, running, port, workloads, connections=None, limit=None):
    """More load, one second per workload at a time, until the JIT compilers of the server took less
    than JIT_QUIET of one core over such a pass, or LIMIT seconds (opts.jit_settle) have passed: a JVM
    that still compiles its request path spends part of a cell's CPU on that (measured here: 4 s of
    compiler CPU in Jacorn's first 10 s of load, under 0.1 s in the next 10), and a contestant whose
    code is larger would pay more of it in its first cells. The load is at CONNECTIONS, the largest
    concurrency unless given. Returns the seconds added."""
    connections = connections or max(CONCURRENCIES)
    limit = opts.jit_settle if limit is None else limit
    added = 0
    while added < limit:
        before = running.jit_ticks()
        for w in workloads:
            run_wrk(opts, port, w, connections, 1)
        added += len(workloads)
        if jit_was_quiet(running, before, len(workloads)):
            break
    return added


def warm_cell(opts, running, port, workload, connections):
    """The warm-up of one cell, then, while the JIT compilers took more than JIT_QUIET of one core,
    settle_jit at the cell's own concurrency for at most opts.cell_settle seconds. settle_jit warms
    each JVM at the largest concurrency first; a smaller one can still send the compilers back to work
    (run J: Jacorn's and Tomcat's Spring cells at 32 connections spent 7-17 us per request compiling,
    after 42 s of load at 256). Returns the seconds added."""
    before = running.jit_ticks() if running else 0
    run_wrk(opts, port, workload, connections, opts.warmup)
    if not running or not opts.cell_settle or jit_was_quiet(running, before, opts.warmup):
        return 0
    return settle_jit(opts, running, port, [workload], connections, opts.cell_settle)


def measure_turn(opts, server, app, port, workloads, results, round_no):
    log_path = os.path.join(opts.log_dir, f"{server.key}-{app}-r{round_no}.log")
    argv = server.argv(opts, app, port)
    log(f"round {round_no}: {server.key} on {app} :{port}")
    running = Running(server, app, port, argv, log_path)
    try:
        timeout = opts.start_timeout or START_TIMEOUT[app]
        start_s = running.wait_first_200(READY_PATH[app], timeout)
        if start_s is None:
            log(f"  {server.key} gave no 200 on {READY_PATH[app]} within {timeout}s "
                f"(see {log_path}); skipped")
            results["failed"].setdefault(f"{server.key}/{app}", log_path)
            return
        results["start"].setdefault(f"{server.key}/{app}", []).append(start_s)
        log(f"  first 200 after {start_s:.3f}s")
        workloads = [w for w in workloads if not w.tls or server.tls]
        workloads = [with_session(port, w) for w in workloads
                     if (server.only is None or w.key in server.only) and answers_correctly(server, port, w)]
        if not workloads:
            return
        if server.kind == "java":
            # A fresh JVM runs several times slower until C2 has compiled the request path
            # (measured here: bare Undertow 10k -> 34k req/s over its first ~20 s of load).
            # TLS first: a cold JVM can take seconds to finish 256 handshakes after wrk has gone,
            # and on Undertow the plaintext requests meanwhile wait behind them on the I/O threads.
            for w in sorted(workloads, key=lambda w: not w.tls):
                run_wrk(opts, port, w, max(CONCURRENCIES), max(1, round(opts.jit_warmup / len(workloads))))
            results.setdefault("jit_settle", {}).setdefault(f"{server.key}/{app}", []).append(
                settle_jit(opts, running, port, workloads))
        for w in workloads:
            for c in CONCURRENCIES:
                added = warm_cell(opts, running if server.kind == "java" else None, port, w, c)
                results.setdefault("cell_settle", {}).setdefault(f"{w.key}/{c}/{server.key}", []).append(added)
                r = run_wrk(opts, port, w, c, opts.duration, running)
                if r["other_cpu"] > opts.max_other_cpu:
                    # Someone else took a real share of the CPU meanwhile: measure once more and
                    # keep the less disturbed run (the report shows the other CPU of the kept one).
                    log(f"  {w.key} c={c}: other processes took {100 * r['other_cpu']:.0f}% of the CPU; "
                        "measuring again")
                    again = run_wrk(opts, port, w, c, opts.duration, running)
                    r = min(r, again, key=lambda x: x["other_cpu"])
                results["runs"].setdefault(f"{w.key}/{c}/{server.key}", []).append(r)
                log(f"  {w.key:7} c={c:<4} {r['rps']:>10.0f} req/s  p50 {r['p50_us']/1000:7.2f} ms"
                    f"  p99 {r['p99_us']/1000:7.2f} ms  errors {r['errors']}"
                    f"  other CPU {100 * r['other_cpu']:.0f}%")
        results["rss"].setdefault(f"{server.key}/{app}", []).append(running.peak_rss_kib())
    finally:
        running.stop()


def with_session(port, workload):
    """The session workloads with the cookies of sessions made now (one, or one per connection of
    the largest concurrency); other workloads as they are."""
    if workload.key not in ("session", "sessions", "jsp-users"):
        return workload
    cookies = [new_session(port, workload.path)
               for _ in range(1 if workload.key == "session" else max(CONCURRENCIES))]
    if len(set(cookies)) != len(cookies):
        raise RuntimeError(f"{workload.path} gave the same session cookie twice")
    if workload.key == "session":
        return Workload(workload.key, workload.label, workload.app, workload.path,
                        env=dict(workload.env, BENCH_COOKIE=cookies[0]), check=workload.check)
    return Workload(workload.key, workload.label, workload.app, workload.path, env=workload.env,
                    check=workload.check, cookies=cookies)


def new_session(port, path):
    """The cookie (name=value) of the session that one GET of PATH, sent without a cookie, made."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    m = re.search(rb"(?im)^set-cookie:\s*([^;\r\n]+)", data)
    if not m:
        raise RuntimeError(f"no session cookie from {path}: {data[:300]!r}")
    return m.group(1).decode()


def answers_correctly(server, port, workload):
    """A server that answers a workload wrongly is not measured on it (wrk only counts statuses)."""
    want = 200
    try:
        if workload.kind == "ws":
            want = 101
            status, body = ws_handshake(port, workload.path)
        elif workload.check:
            status, body = http_get(port + TLS_PORT_OFFSET if workload.tls else port, workload.path,
                                    tls=workload.tls)
        else:
            return True
    except (OSError, ValueError, IndexError) as e:
        status, body = str(e), b""
    if status == want and (workload.check is None or workload.check(body)):
        return True
    log(f"  {server.key}: unexpected answer on {workload.path} ({status}, {body[:80]!r}); "
        f"{workload.key} skipped")
    return False


def ws_handshake(port, path):
    """The status of a WebSocket upgrade request (101 when the endpoint is there); body empty."""
    with socket.create_connection(("127.0.0.1", port), timeout=5.0) as s:
        s.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                   "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = s.recv(4096)
            if not chunk:
                break
            head += chunk
    return (int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0), b""


def compile_ws_client(opts):
    """Compiles bench/ws/WsEcho.java once into opts.ws_client_dir, so no run pays (or counts as
    client CPU) the source launcher's javac."""
    opts.ws_client_dir = tempfile.mkdtemp(prefix="jacorn-bench-ws-")
    javac = os.path.join(os.path.dirname(os.path.realpath(shutil.which(opts.java) or opts.java)), "javac")
    subprocess.run([javac, "-d", opts.ws_client_dir, WS_CLIENT], check=True)


def run_benchmark(opts):
    servers = [s for s in all_servers(opts) if not opts.servers or s.key in opts.servers]
    workloads = [w for w in WORKLOADS if not opts.workloads or w.key in opts.workloads]
    if not runner_works(opts):
        servers = [s for s in servers if not s.key.startswith("jacorn")]
    for app in APPS[1:]:
        if not os.path.isfile(war(opts, app)):
            log(f"{app} WAR {war(opts, app)} not found: its workloads are skipped")
            workloads = [w for w in workloads if w.app != app]
    if any(w.tls for w in workloads):
        make_tls_files(opts)
    if any(w.kind == "ws" for w in workloads):
        compile_ws_client(opts)
    ports = {s.key: opts.base_port + i for i, s in enumerate(servers)}
    for s in servers:
        port = ports[s.key]
        for p in (port, port + TLS_PORT_OFFSET) if opts.tls_dir and s.tls else (port,):
            if not port_is_free(p):
                sys.exit(f"port {p} (for {s.key}) is already in use; stop that process or pass "
                         f"--base-port")
    results = {"start": {}, "rss": {}, "runs": {}, "failed": {}}
    redis = start_redis(opts) if any(s.key == "jacorn-redis" for s in servers) else None
    try:
        return measure_rounds(opts, servers, workloads, ports, results)
    finally:
        if redis:
            redis.terminate()
            redis.wait(10)


def measure_rounds(opts, servers, workloads, ports, results):
    began = time.monotonic()
    for round_no in range(1, opts.rounds + 1):
        for app in APPS:
            app_workloads = [w for w in workloads if w.app == app]
            if not app_workloads:
                continue
            for s in servers:
                if app in s.apps:
                    measure_turn(opts, s, app, ports[s.key], app_workloads, results, round_no)
    elapsed = time.monotonic() - began
    log(f"done in {elapsed / 60:.1f} min")
    return servers, workloads, results, elapsed


def run_record(opts, servers, workloads, results, elapsed, argv):
    """A finished run as saved beside its report: everything report.render reads (the machine
    line, the CPU count, the options that shape the run, the contestants with their labels) plus
    what was measured, so a saved run renders to the same report anywhere."""
    machine = machine_description(opts)
    return {"argv": argv, "elapsed": elapsed,
            "runner_built": datetime.datetime.utcfromtimestamp(os.path.getmtime(opts.runner_jar))
            .strftime("%Y-%m-%d %H:%M") if os.path.exists(opts.runner_jar) else None,
            "finished": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"),
            "runner_version": getattr(opts, "runner_version", None),
            "runner_digest": opts.runner_digest,
            "runner_changed": bool(opts.runner_digest and jar_digest(opts.runner_jar) != opts.runner_digest),
            "machine": machine, "cpus": os.cpu_count(), "options": run_options(opts),
            "servers": [[s.key, s.label] for s in servers], "workloads": [w.key for w in workloads],
            "results": results}


def run_options(opts):
    """The options a report states."""
    return {k: getattr(opts, k) for k in ("rounds", "wrk_threads", "jit_warmup", "jit_settle", "warmup", "cell_settle",
                                      "duration", "jvm_opts")}


def machine_description(opts):
    """One line: cores, CPU model, memory, kernel, JDK, Jacorn version."""
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(f.readline().split()[1])
    jdk = subprocess.run([opts.java, "-version"], capture_output=True, text=True).stderr.splitlines()
    jdk = jdk[1].strip() if len(jdk) > 1 else "unknown JDK"
    jacorn = getattr(opts, "runner_version", None) or "not measured"
    digest = getattr(opts, "runner_digest", None)
    mtime = getattr(opts, "runner_built", None) or (
        datetime.datetime.utcfromtimestamp(os.path.getmtime(opts.runner_jar)).strftime("%H:%M")
        if os.path.exists(opts.runner_jar) else "?")
    return (f"Machine: {os.cpu_count()} CPUs ({model}), {mem_kib / 1048576:.0f} GiB, Linux "
            f"{platform.release()}. JDK: {jdk}. Jacorn: {jacorn} ({opts.runner_jar}, built {mtime} UTC, "
            f"sha256 {digest}).")


def run_deploy_time(opts):
    """Spring Boot deploy time (bench/deploy-time.sh): start to first 200 and peak RSS per round
    for Jacorn and the executable WAR; the record report.render_deploy_time reads."""
    if not os.path.isfile(opts.spring_war):
        sys.exit(f"Spring Boot WAR {opts.spring_war} not found; build sample-webapps/spring-boot first")
    if not os.path.isfile(opts.runner_jar):
        sys.exit(f"runner jar {opts.runner_jar} not found; build the reactor first")
    contenders = deploy_time_contenders()
    starts, rss = {}, {}
    for round_no in range(1, opts.rounds + 1):
        for i, s in enumerate(contenders):
            port = opts.base_port + i
            log_path = os.path.join(opts.log_dir, f"deploy-{s.key}-r{round_no}.log")
            running = Running(s, "spring", port, s.argv(opts, "spring", port), log_path)
            try:
                t = running.wait_first_200(READY_PATH["spring"], opts.start_timeout or START_TIMEOUT["spring"])
                if t is not None:
                    rss.setdefault(s.key, []).append(running.peak_rss_kib())
            finally:
                running.stop()
            log(f"round {round_no}: {s.key} first 200 after "
                f"{'none (see ' + log_path + ')' if t is None else f'{t:.2f}s'}")
            if t is not None:
                starts.setdefault(s.key, []).append(t)
    runner_works(opts)
    return {"machine": machine_description(opts),
            "finished": datetime.datetime.now().strftime('%Y-%m-%d %H:%M'), "rounds": opts.rounds,
            "jvm_opts": opts.jvm_opts, "war": os.path.basename(opts.spring_war),
            "war_kib": os.path.getsize(opts.spring_war) // 1024, "load": os.getloadavg()[0],
            "contenders": [[s.key, s.label] for s in contenders], "starts": starts, "rss": rss}


def jar_digest(path):
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()[:12]
    except OSError:
        return None


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

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import resource
import shlex
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
SERVERS_DIR = os.path.join(BENCH_DIR, "servers")
WRK_SCRIPT = os.path.join(BENCH_DIR, "wrk", "bench.lua")
FLASK_DIR = os.path.join(BENCH_DIR, "flask")
WS_CLIENT = os.path.join(BENCH_DIR, "ws", "WsEcho.java")

DEFAULT_JVM_OPTS = "-Xmx512m"
DEFAULT_TUNED_ARGS = ""  # set after measuring; empty means "Jacorn's defaults are the recommendation"
CONCURRENCIES = (32, 256)
BASELINE = "undertow"
ENGINE_LIMIT = "undertow-core"  # the same endpoints as undertow-core handlers on the I/O threads
TLS_PORT_OFFSET = 100  # a server's HTTPS listener: its HTTP port plus this
TLS_PASSWORD = "bench"


# --------------------------------------------------------------------------------------------
# What is measured


class Workload:
    """KIND http is driven by wrk (over TLS when TLS), ws by bench/ws/WsEcho.java."""

    def __init__(self, key, label, app, path, env=None, check=None, tls=False, kind="http"):
        self.key, self.label, self.app, self.path = key, label, app, path
        self.env = env or {}
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
    Workload("https", "GET https /hello (plaintext over TLS 1.3, keep-alive)", "hello", "/hello",
             check=lambda body: body == b"Hello, world!\n", tls=True),
    Workload("spring", "GET /api/greeting?name=bench (Spring Boot JSON)", "spring",
             "/api/greeting?name=bench", check=lambda body: b"bench" in body),
    Workload("jsp", "GET /scriptlet.jsp (a JSP page, jsp sample WAR)", "jsp", "/scriptlet.jsp",
             check=lambda body: b"answer: 42" in body),
    Workload("websocket", "WebSocket /echo, 64 B text messages echoed (messages/s, one in flight "
             "per connection; websocket-chat sample WAR)", "websocket", "/echo", kind="ws"),
]
APPS = ("hello", "spring", "jsp", "websocket")

# The path polled for the first 200 after start, per application, and how long to wait for it.
READY_PATH = {"hello": "/hello", "spring": "/api/greeting?name=bench", "jsp": "/scriptlet.jsp",
              "websocket": "/index.html"}
START_TIMEOUT = {"hello": 30.0, "spring": 120.0, "jsp": 60.0, "websocket": 60.0}


class Server:
    """One contestant: how to start it on a port for an application, and what it can serve.
    TLS(opts, port) gives the extra arguments for an HTTPS listener on port + TLS_PORT_OFFSET
    (None: this contestant has none, the https workload skips it)."""

    def __init__(self, key, label, apps, argv, kind="java", tls=None, only=None):
        self.key, self.label, self.apps, self.kind = key, label, apps, kind
        self._argv = argv  # (opts, app, port) -> argv list
        self.tls = tls
        self.only = only  # the workload keys it runs, or None for all of its applications'

    def argv(self, opts, app, port):
        argv = self._argv(opts, app, port)
        if self.tls and app == "hello" and opts.tls_dir:
            argv += self.tls(opts, port)
        return argv


def java(opts):
    return [opts.java] + shlex.split(opts.jvm_opts)


def war(opts, app):
    return {"hello": opts.hello_war, "spring": opts.spring_war, "jsp": opts.jsp_war,
            "websocket": opts.websocket_war}[app]


def reference_tls(opts, port):
    """The reference servers' trailing arguments: HOST TLS_PORT KEYSTORE_P12 PASSWORD."""
    return ["127.0.0.1", str(port + TLS_PORT_OFFSET), os.path.join(opts.tls_dir, "bench.p12"), TLS_PASSWORD]


def jacorn_tls(opts, port):
    return ["--bind", f"https://127.0.0.1:{port + TLS_PORT_OFFSET}",
            "--certfile", os.path.join(opts.tls_dir, "cert.pem"),
            "--keyfile", os.path.join(opts.tls_dir, "key.pem")]


def jacorn(jar_of, extra_of=lambda o: []):
    """Jacorn's argv; an explicit http:// bind, so an added https:// bind does not change it."""
    return lambda o, a, p: (java(o) + ["-jar", jar_of(o)] + extra_of(o) +
                            ["--bind", f"http://127.0.0.1:{p}", war(o, a)])


def make_tls_files(opts):
    """A self-signed EC P-256 certificate for localhost as PEM (Jacorn) and PKCS12 (the rest)."""
    opts.tls_dir = tempfile.mkdtemp(prefix="jacorn-bench-tls-")
    key, cert = os.path.join(opts.tls_dir, "key.pem"), os.path.join(opts.tls_dir, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                    "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    subprocess.run(["openssl", "pkcs12", "-export", "-inkey", key, "-in", cert, "-name", "bench",
                    "-out", os.path.join(opts.tls_dir, "bench.p12"), "-passout", f"pass:{TLS_PASSWORD}"],
                   check=True, capture_output=True)


def gunicorn(worker_class, extra):
    def argv(opts, app, port):
        return (["gunicorn", "--workers", "2", "--worker-class", worker_class] + extra +
                ["--bind", f"127.0.0.1:{port}", "--chdir", FLASK_DIR, "--log-level", "warning",
                 "app:app"])
    return argv


def all_servers(opts):
    jar = lambda name: os.path.join(SERVERS_DIR, name, "target", f"{name}-server.jar")
    servers = [
        # The engine's limit, not a servlet container: the hello endpoints as undertow-core
        # handlers answering on the I/O threads (bench/servers/undertow, CoreHandlerServer).
        Server(ENGINE_LIMIT, "undertow-core handlers (engine limit)", ("hello",),
               lambda o, a, p: java(o) + ["-cp", jar("undertow"), "dev.jacorn.bench.undertow.CoreHandlerServer",
                                          war(o, a), str(p)], tls=reference_tls),
        Server("undertow", "bare Undertow 2.4.4", ("hello",),
               lambda o, a, p: java(o) + ["-jar", jar("undertow"), war(o, a), str(p)], tls=reference_tls),
        # Not a target, a diagnosis: Undertow's default worker pool is jboss-threads'
        # EnhancedQueueExecutor; this system property makes XNIO use a ThreadPoolExecutor instead,
        # as Jacorn's workers do. On 2 cores that alone moves plaintext throughput a lot.
        Server("undertow-tpe", "bare Undertow, EQE off", ("hello",),
               lambda o, a, p: java(o) + ["-Djboss.threads.eqe.disable=true", "-jar", jar("undertow"),
                                          war(o, a), str(p)], tls=reference_tls),
        Server("jacorn", "Jacorn (defaults)", APPS, jacorn(lambda o: o.runner_jar), tls=jacorn_tls),
    ]
    if opts.jacorn_tuned_args.strip():
        # Hello WAR only: on Spring a second worker doubles a 10 s boot and the memory.
        servers.append(Server(
            "jacorn-tuned", f"Jacorn ({opts.jacorn_tuned_args.strip()})", ("hello",),
            jacorn(lambda o: o.runner_jar, lambda o: shlex.split(o.jacorn_tuned_args)), tls=jacorn_tls))
    if opts.redis_port:
        # The session workload with the sessions in Redis (bench/run.py starts a redis-server).
        servers.append(Server(
            "jacorn-redis", "Jacorn (--session-store redis)", ("hello",),
            jacorn(lambda o: o.runner_jar, lambda o: ["--session-store", f"redis://127.0.0.1:{o.redis_port}/0"]),
            only=("session",)))
    if opts.compare_jar:
        # Another build of Jacorn with its defaults: a before/after A/B of a change, interleaved
        # with the rest like every contestant.
        servers.append(Server(
            "jacorn-compare", f"Jacorn (defaults, {os.path.basename(opts.compare_jar)})", ("hello",),
            jacorn(lambda o: o.compare_jar), tls=jacorn_tls))
    servers += [
        # Tomcat has Jasper and its WebSocket on the class path; Jetty its WebSocket, not JSP.
        Server("tomcat", "Tomcat 11.0.27", APPS,
               lambda o, a, p: java(o) + ["-jar", jar("tomcat"), war(o, a), str(p)], tls=reference_tls),
        Server("jetty", "Jetty 12.1.14 ee10", ("hello", "spring", "websocket"),
               lambda o, a, p: java(o) + ["-jar", jar("jetty"), war(o, a), str(p)], tls=reference_tls),
        Server("gunicorn-sync", "Gunicorn sync (2 workers)", ("hello",),
               gunicorn("sync", []), kind="python"),
        Server("gunicorn-gthread", "Gunicorn gthread (2 workers x 4 threads)", ("hello",),
               gunicorn("gthread", ["--threads", "4"]), kind="python"),
    ]
    return servers


# --------------------------------------------------------------------------------------------
# Processes


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def port_is_free(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def http_get(port, path, timeout=2.0, tls=False):
    """One GET on a fresh connection (over TLS without verifying the certificate when TLS);
    returns (status, body). Raises OSError when refused."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as raw:
        s = raw
        if tls:
            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            s = context.wrap_socket(raw, server_hostname="localhost")
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    if b"transfer-encoding: chunked" in head.lower():
        body = dechunk(body)
    return status, body


def dechunk(body):
    out, rest = b"", body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out, rest = out + rest[:size], rest[size + 2:]
    return out


class Running:
    """A started server process (its own session, so the whole tree can be signalled)."""

    def __init__(self, server, app, port, argv, log_path):
        self.server, self.app, self.port, self.log_path = server, app, port, log_path
        self.log_file = open(log_path, "wb")
        env = dict(os.environ)
        self.started = time.monotonic()
        self.proc = subprocess.Popen(argv, stdout=self.log_file, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=REPO_ROOT, env=env,
                                     start_new_session=True)

    def wait_first_200(self, path, timeout):
        """Seconds from process start to the first 200, polling in a tight loop; None on failure."""
        deadline = self.started + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return None
            try:
                status, _ = http_get(self.port, path, timeout=timeout)
                if status == 200:
                    return time.monotonic() - self.started
            except (OSError, ValueError, IndexError):
                pass
            time.sleep(0.001)
        return None

    def tree(self):
        pids, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as f:
                        todo += [int(c) for c in f.read().split()]
            except OSError:
                pass
        return pids

    def peak_rss_kib(self):
        """VmHWM summed over the process tree (Gunicorn: arbiter plus workers)."""
        total = 0
        for pid in self.tree():
            try:
                with open(f"/proc/{pid}/status") as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            total += int(line.split()[1])
            except OSError:
                pass
        return total

    def stop(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                pass
        self.log_file.close()


# --------------------------------------------------------------------------------------------
# wrk


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
              resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic())
    env = dict(os.environ, **workload.env)
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
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
    r["errors"] = (r["connect_errors"] + r["read_errors"] + r["write_errors"] +
                   r["status_errors"] + r["timeouts"])
    return r


# --------------------------------------------------------------------------------------------
# One run


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
        for w in workloads:
            for c in CONCURRENCIES:
                run_wrk(opts, port, w, c, opts.warmup)
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
    """The session workload with the cookie of a session made now; other workloads as they are."""
    if workload.key != "session":
        return workload
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"GET {workload.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    m = re.search(rb"(?im)^set-cookie:\s*([^;\r\n]+)", data)
    if not m:
        raise RuntimeError(f"no session cookie from {workload.path}: {data[:300]!r}")
    return Workload(workload.key, workload.label, workload.app, workload.path,
                    env=dict(workload.env, BENCH_COOKIE=m.group(1).decode()), check=workload.check)


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


def runner_works(opts):
    """False, with the reason logged, when the runner jar is missing or cannot even print its version."""
    if not os.path.isfile(opts.runner_jar):
        log(f"runner jar {opts.runner_jar} not found: Jacorn is left out of this run")
        return False
    try:
        done = subprocess.run(java(opts) + ["-jar", opts.runner_jar, "--version"],
                              capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        log(f"runner jar {opts.runner_jar} hung on --version: Jacorn is left out of this run")
        return False
    if done.returncode != 0:
        log(f"runner jar {opts.runner_jar} fails on --version ({(done.stderr or done.stdout).strip()[:200]}): "
            "Jacorn is left out of this run")
        return False
    opts.runner_version = done.stdout.strip()
    return True


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
        # Compiled once, so no run pays (or counts as client CPU) the source launcher's javac.
        opts.ws_client_dir = tempfile.mkdtemp(prefix="jacorn-bench-ws-")
        javac = os.path.join(os.path.dirname(os.path.realpath(shutil.which(opts.java) or opts.java)), "javac")
        subprocess.run([javac, "-d", opts.ws_client_dir, WS_CLIENT], check=True)
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


def start_redis(opts):
    """A throwaway redis-server (no persistence) for the jacorn-redis contestant."""
    redis = subprocess.Popen(["redis-server", "--port", str(opts.redis_port), "--bind", "127.0.0.1",
                              "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    for _ in range(100):
        if not port_is_free(opts.redis_port):
            return redis
        time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


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


# --------------------------------------------------------------------------------------------
# Report


def med(values):
    return statistics.median(values) if values else None


def fmt_ratio(x):
    return "–" if x is None else f"{x:.2f}x"


def fmt_ms(us):
    return "–" if us is None else f"{us / 1000:.2f}"


def summarize(servers, workloads, results):
    """(workload, conc, server) -> dict of medians."""
    table = {}
    for w in workloads:
        for c in CONCURRENCIES:
            for s in servers:
                runs = results["runs"].get(f"{w.key}/{c}/{s.key}")
                if not runs:
                    continue
                table[(w.key, c, s.key)] = {
                    "rps": med([r["rps"] for r in runs]),
                    "p50": med([r["p50_us"] for r in runs]),
                    "p99": med([r["p99_us"] for r in runs]),
                    "errors": sum(r["errors"] for r in runs),
                    "requests": sum(r["requests"] for r in runs),
                    "n": len(runs),
                    "other_cpu": med([r.get("other_cpu", 0.0) for r in runs]),
                    "cpu": med([cpu_per_request(r) for r in runs]),
                }
    return table


def cpu_per_request(r):
    """Server CPU time per request in microseconds. Runs recorded before this was measured
    directly are estimated from the server's CPU share over wrk's duration (about 1 % high)."""
    if "cpu_us_per_req" in r:
        return r["cpu_us_per_req"]
    return r.get("server_cpu", 0.0) * r["duration_us"] * os.cpu_count() / max(1, r["requests"])


def baseline_for(workload, table=None, conc=None):
    # Bare Undertow serves the hello servlets only; on Spring the ratios are to Jacorn
    # (to Tomcat when Jacorn was not measured). A run without bare Undertow (an A/B with
    # --compare-jar) takes its hello ratios to Jacorn too.
    if workload.app == "hello":
        if table is not None and (workload.key, conc, BASELINE) not in table:
            return "jacorn"
        return BASELINE
    if table is not None and (workload.key, conc, "jacorn") not in table:
        return "tomcat"
    return "jacorn"


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


def render(opts, servers, workloads, results, elapsed):
    t = summarize(servers, workloads, results)
    out = [machine_description(opts), ""]
    finished = getattr(opts, "finished", None) or datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M")
    out.append(f"Measured {finished} UTC, "
               f"{opts.rounds} round(s), wrk {opts.wrk_threads} threads, "
               f"{opts.jit_warmup}s JIT warm-up per JVM start, then {opts.warmup}s warm-up + "
               f"{opts.duration}s measured per cell, "
               f"whole run {elapsed / 60:.1f} min. JVM options: `{opts.jvm_opts}`. "
               "Other builds may have been running on this machine: see the other CPU column.")
    out.append("")
    out.append("### Throughput, ratio to bare Undertow (Spring, or a run without bare Undertow: "
               "ratio to Jacorn defaults, or to Tomcat when Jacorn is absent)")
    out.append("")
    cols = [(w, c) for w in workloads for c in CONCURRENCIES]
    def ratio_table(cell):
        """One row per server, one column per workload and concurrency; cell(me, base) or a dash."""
        out.append("| server | " + " | ".join(f"{w.key} c{c}" for w, c in cols) + " |")
        out.append("| --- | " + " | ".join("---:" for _ in cols) + " |")
        for s in servers:
            cells = []
            for w, c in cols:
                me, base = t.get((w.key, c, s.key)), t.get((w.key, c, baseline_for(w, t, c)))
                cells.append(cell(me, base) if me and base and base["rps"] else "–")
            out.append(f"| {s.label} | " + " | ".join(cells) + " |")

    ratio_table(lambda me, base: fmt_ratio(me["rps"] / base["rps"]))
    out.append("")
    out += render_engine_limit(servers, cols, t)
    out.append("### Server CPU time per request, ratio to bare Undertow (Spring: to Jacorn)")
    out.append("")
    out.append("CPU seconds the server process tree used during the measured run, divided by the "
               "requests served. Unlike req/s this barely moves when other processes take CPU "
               "away, so it is the better reading of what each server costs on a busy machine.")
    out.append("")
    ratio_table(lambda me, base: f"{me['cpu']:.0f} µs ({fmt_ratio(me['cpu'] / base['cpu'])})"
                if base["cpu"] else "–")
    out.append("")
    for w in workloads:
        out.append(f"### {w.label}")
        out.append("")
        out.append("| server | conc | req/s (median) | ratio | p50 ms | p99 ms | p99 ratio | CPU µs/req | errors | other CPU |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for c in CONCURRENCIES:
            base = t.get((w.key, c, baseline_for(w, t, c)))
            for s in servers:
                me = t.get((w.key, c, s.key))
                if not me:
                    continue
                ratio = me["rps"] / base["rps"] if base and base["rps"] else None
                p99r = me["p99"] / base["p99"] if base and base["p99"] else None
                err = f"{me['errors']} of {me['requests']}" if me["errors"] else "0"
                out.append(f"| {s.label} | {c} | {me['rps']:,.0f} | {fmt_ratio(ratio)} | "
                           f"{fmt_ms(me['p50'])} | {fmt_ms(me['p99'])} | {fmt_ratio(p99r)} | {me['cpu']:.0f} | {err} | "
                           f"{100 * me['other_cpu']:.0f}% |")
        out.append("")
    out.append("### Start to first 200 and peak RSS (medians)")
    out.append("")
    out.append("| server | app | start to first 200 | peak RSS | RSS ratio |")
    out.append("| --- | --- | ---: | ---: | ---: |")
    for app in APPS:
        base_rss = med(results["rss"].get(f"{BASELINE}/{app}", [])) or \
            med(results["rss"].get(f"jacorn/{app}", []))
        for s in servers:
            starts = results["start"].get(f"{s.key}/{app}")
            rss = med(results["rss"].get(f"{s.key}/{app}", []))
            if not starts:
                if f"{s.key}/{app}" in results["failed"]:
                    out.append(f"| {s.label} | {app} | no 200 (deploy failed) | – | – |")
                continue
            rss_txt = f"{rss / 1024:.0f} MiB" if rss else "–"
            out.append(f"| {s.label} | {app} | {med(starts):.2f} s | {rss_txt} | "
                       f"{fmt_ratio(rss / base_rss if rss and base_rss else None)} |")
    out.append("")
    out.append("Gunicorn's RSS is the sum over its arbiter and both workers.")
    out.append("")
    out += render_targets(servers, workloads, results, t)
    return "\n".join(out) + "\n"


def render_engine_limit(servers, cols, t):
    """Each contestant's throughput and CPU per request as a ratio to the engine limit."""
    cols = [(w, c) for w, c in cols if (w.key, c, ENGINE_LIMIT) in t]
    if not cols:
        return []
    out = ["### Ratio to the engine limit (the same endpoints as undertow-core handlers on the I/O "
           "threads: no servlet layer, no hand-off)", "",
           "Throughput ratio, then CPU per request ratio in brackets (above 1x: costs more than the "
           "engine itself).", "",
           "| server | " + " | ".join(f"{w.key} c{c}" for w, c in cols) + " |",
           "| --- | " + " | ".join("---:" for _ in cols) + " |"]
    for s in servers:
        if s.key == ENGINE_LIMIT:
            continue
        cells = []
        for w, c in cols:
            me, limit = t.get((w.key, c, s.key)), t[(w.key, c, ENGINE_LIMIT)]
            cells.append(f"{fmt_ratio(me['rps'] / limit['rps'])} "
                         f"({fmt_ratio(me['cpu'] / limit['cpu'] if limit['cpu'] else None)})"
                         if me and limit["rps"] else "–")
        out.append(f"| {s.label} | " + " | ".join(cells) + " |")
    return out + [""]


def render_targets(servers, workloads, results, t):
    """The targets of issue 7, checked for Jacorn with its defaults."""
    out = ["### Issue 7 targets (Jacorn defaults)", ""]
    if not any(s.key == "jacorn" for s in servers) or not results["start"].get("jacorn/hello"):
        return out + ["Jacorn was not measured in this run.", ""]
    misses_floor, misses_p99, misses_peers, misses_limit = [], [], [], []
    for w in workloads:
        for c in CONCURRENCIES:
            me = t.get((w.key, c, "jacorn"))
            if not me:
                continue
            limit = t.get((w.key, c, ENGINE_LIMIT))
            if limit and limit["rps"] and w.key in ("hello", "echo") and me["rps"] < 0.8 * limit["rps"]:
                misses_limit.append(f"{w.key} c{c} {me['rps'] / limit['rps']:.2f}x")
            base = t.get((w.key, c, BASELINE))
            if base and base["rps"] and base["p99"]:
                r = me["rps"] / base["rps"]
                if r < 0.95:
                    misses_floor.append(f"{w.key} c{c} {r:.2f}x")
                pr = me["p99"] / base["p99"]
                if pr > 1.10:
                    misses_p99.append(f"{w.key} c{c} {pr:.2f}x")
            for peer in ("tomcat", "jetty"):
                p = t.get((w.key, c, peer))
                if p and me["rps"] < p["rps"]:
                    misses_peers.append(f"{w.key} c{c} {me['rps'] / p['rps']:.2f}x of {peer}")
    start = med(results["start"]["jacorn/hello"])
    rss = med(results["rss"].get("jacorn/hello", []))
    base_rss = med(results["rss"].get(f"{BASELINE}/hello", []))
    verdict = lambda misses: "met" if not misses else "MISSED: " + ", ".join(misses)
    out.append("| target | result |")
    out.append("| --- | --- |")
    out.append(f"| throughput >= 0.95x bare Undertow, every workload and concurrency | {verdict(misses_floor)} |")
    out.append(f"| p99 latency <= 1.10x bare Undertow | {verdict(misses_p99)} |")
    out.append(f"| at or ahead of Tomcat 11 and Jetty 12 everywhere | {verdict(misses_peers)} |")
    if any((w, c, ENGINE_LIMIT) in t for w in ("hello", "echo") for c in CONCURRENCIES):
        out.append(f"| >= 0.8x the engine limit on plaintext and echo (issue 16) | {verdict(misses_limit)} |")
    out.append(f"| start to first 200 (hello WAR) <= 0.8 s | "
               f"{'met' if start <= 0.8 else 'MISSED'}: {start:.2f} s |")
    if rss and base_rss:
        out.append(f"| peak RSS <= 1.2x bare Undertow | "
                   f"{'met' if rss <= 1.2 * base_rss else 'MISSED'}: {rss / base_rss:.2f}x |")
    out.append("")
    return out


# --------------------------------------------------------------------------------------------
# Deploy time (bench/deploy-time.sh)


def run_deploy_time(opts):
    if not os.path.isfile(opts.spring_war):
        sys.exit(f"Spring Boot WAR {opts.spring_war} not found; build sample-webapps/spring-boot first")
    if not os.path.isfile(opts.runner_jar):
        sys.exit(f"runner jar {opts.runner_jar} not found; build the reactor first")
    contenders = [
        Server("jacorn", "Jacorn (defaults)", ("spring",),
               lambda o, a, p: java(o) + ["-jar", o.runner_jar, "--bind", f"127.0.0.1:{p}", o.spring_war]),
        Server("boot", "Spring Boot executable WAR (embedded Tomcat)", ("spring",),
               lambda o, a, p: java(o) + ["-jar", o.spring_war, f"--server.port={p}",
                                          "--server.address=127.0.0.1"]),
    ]
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
    lines = [
        machine_description(opts),
        "",
        f"Measured {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} UTC, {opts.rounds} rounds, "
        f"medians; JVM options `{opts.jvm_opts}`; {os.path.basename(opts.spring_war)} "
        f"({os.path.getsize(opts.spring_war) // 1024} KiB). Time from process start to the first "
        "200 on `GET /api/greeting?name=bench`. Load average at the end: "
        f"{os.getloadavg()[0]:.2f} (other builds may have been running on this machine).",
        "",
        "| how the WAR runs | start to first 200 | all rounds | peak RSS at first 200 |",
        "| --- | ---: | --- | ---: |",
    ]
    for s in contenders:
        got = starts.get(s.key, [])
        med_txt = f"{med(got):.2f} s" if got else "no 200"
        rounds_txt = ", ".join(f"{x:.2f}" for x in got) or "–"
        rss_txt = f"{med(rss[s.key]) / 1024:.0f} MiB" if rss.get(s.key) else "–"
        lines.append(f"| {s.label} | {med_txt} | {rounds_txt} | {rss_txt} |")
    if starts.get("jacorn") and starts.get("boot"):
        lines += ["", f"Jacorn / Boot executable: {med(starts['jacorn']) / med(starts['boot']):.2f}x."]
    return "\n".join(lines) + "\n"


def splice(path, marker, body):
    """Replace the text between <!-- MARKER:begin --> and <!-- MARKER:end --> in PATH."""
    begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
    text = open(path).read() if os.path.exists(path) else ""
    block = f"{begin}\n{body}{end}"
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block + "\n"
    with open(path, "w") as f:
        f.write(text)


# --------------------------------------------------------------------------------------------
# Command line


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", nargs="?", default="run", choices=("run", "deploy-time", "render"))
    p.add_argument("--from-json", help="render: the .json a run left next to its report")
    p.add_argument("--rounds", type=int, default=None, help="interleaved rounds (default 3; --quick 1)")
    p.add_argument("--duration", type=int, default=None, help="seconds per measured wrk run (default 5)")
    p.add_argument("--warmup", type=int, default=None, help="seconds of wrk warm-up before each measured run (default 2)")
    p.add_argument("--jit-warmup", type=int, default=None,
                   help="seconds of load on a freshly started JVM before its first warm-up (default 12)")
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
    p.add_argument("--compare-jar", default=os.environ.get("BENCH_COMPARE_JAR"),
                   help="another runner.jar (say, main before a change) as one more contestant, "
                        "jacorn-compare, on the hello WAR with its defaults")
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


def jar_digest(path):
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()[:12]
    except OSError:
        return None


def stop_on_signals():
    """SIGTERM and SIGHUP unwind like Ctrl-C, so the server being measured is stopped too."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGHUP, interrupt)


def main(argv):
    stop_on_signals()
    opts = parse(argv)
    opts.runner_digest = jar_digest(opts.runner_jar)
    log(f"server logs in {opts.log_dir}")
    if opts.mode == "render":
        # Re-renders a finished run from its JSON (e.g. after the report format changed).
        with open(opts.from_json) as f:
            saved = json.load(f)
        opts = parse(saved["argv"] + [a for a in argv if a != "render"])
        opts.runner_version, opts.runner_digest = saved.get("runner_version"), saved.get("runner_digest")
        opts.runner_built = saved.get("runner_built")
        opts.finished = saved.get("finished") or datetime.datetime.utcfromtimestamp(
            os.path.getmtime(opts.from_json)).strftime("%Y-%m-%d %H:%M")
        seen = list(saved["results"]["start"]) + list(saved["results"]["failed"])
        servers = [s for s in all_servers(opts) if any(k.startswith(s.key + "/") for k in seen)]
        workloads = [w for w in WORKLOADS if any(k.startswith(w.key + "/") for k in saved["results"]["runs"])]
        report = render(opts, servers, workloads, saved["results"], saved.get("elapsed", 0.0))
        out = opts.out or os.path.splitext(opts.from_json)[0] + ".md"
        marker = "results"
    elif opts.mode == "deploy-time":
        report = run_deploy_time(opts)
        out = opts.out or os.path.join(BENCH_DIR, "results", "deploy-time.md")
        marker = "deploy-time"
    else:
        servers, workloads, results, elapsed = run_benchmark(opts)
        report = render(opts, servers, workloads, results, elapsed)
        if opts.runner_digest and jar_digest(opts.runner_jar) != opts.runner_digest:
            report = ("**Warning: the runner jar changed during this run** (rebuilt by someone); "
                      "Jacorn's rows may mix two builds.\n\n" + report)
        out = opts.out or os.path.join(BENCH_DIR, "results", "latest.md")
        marker = "results"
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        with open(os.path.splitext(out)[0] + ".json", "w") as f:
            opts.runner_built = None
            json.dump({"argv": argv, "elapsed": elapsed,
                       "runner_built": datetime.datetime.utcfromtimestamp(os.path.getmtime(opts.runner_jar))
                       .strftime("%Y-%m-%d %H:%M") if os.path.exists(opts.runner_jar) else None,
                       "finished": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), "runner_version": getattr(opts, "runner_version", None),
                       "runner_digest": opts.runner_digest, "results": results}, f, indent=1)
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

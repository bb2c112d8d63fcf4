"""The contestants of bench/run.py: how each server's command line is built, how it is started,
polled for its first 200 and stopped, and the redis-server the jacorn-redis contestant needs.
Standard library only."""

import os
import shlex
import signal
import socket
import ssl
import subprocess
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
SERVERS_DIR = os.path.join(BENCH_DIR, "servers")
FLASK_DIR = os.path.join(BENCH_DIR, "flask")

DEFAULT_JVM_OPTS = "-Xmx512m"
DEFAULT_TUNED_ARGS = ""  # set after measuring; empty means "Jacorn's defaults are the recommendation"
BASELINE = "undertow"
ENGINE_LIMIT = "undertow-core"  # the same endpoints as undertow-core handlers on the I/O threads
TLS_PORT_OFFSET = 100  # a server's HTTPS listener: its HTTP port plus this
TLS_PASSWORD = "bench"

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


def jacorn_args(opts):
    """--jacorn-args: the same flags for jacorn and jacorn-compare, for an A/B of a setting's path."""
    return shlex.split(opts.jacorn_args or "")


def jacorn_label(opts, what):
    return f"Jacorn ({what} + {opts.jacorn_args.strip()})" if (opts.jacorn_args or "").strip() else f"Jacorn ({what})"


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
        Server("jacorn", jacorn_label(opts, "defaults"), APPS, jacorn(lambda o: o.runner_jar, jacorn_args),
               tls=jacorn_tls),
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
            only=("session", "sessions")))
    if opts.compare_jar:
        # Another build of Jacorn with its defaults: a before/after A/B of a change, interleaved
        # with the rest like every contestant, on every application the run's workloads use.
        servers.append(Server(
            "jacorn-compare", jacorn_label(opts, f"defaults, {os.path.basename(opts.compare_jar)}"), APPS,
            jacorn(lambda o: o.compare_jar, jacorn_args), tls=jacorn_tls))
    servers += [
        # Tomcat has Jasper and its WebSocket on the class path; Jetty its WebSocket and apache-jsp.
        Server("tomcat", "Tomcat 11.0.27", APPS,
               lambda o, a, p: java(o) + ["-jar", jar("tomcat"), war(o, a), str(p)], tls=reference_tls),
        Server("jetty", "Jetty 12.1.14 ee10", APPS,
               lambda o, a, p: java(o) + ["-jar", jar("jetty"), war(o, a), str(p)], tls=reference_tls),
        Server("gunicorn-sync", "Gunicorn sync (2 workers)", ("hello",),
               gunicorn("sync", []), kind="python"),
        Server("gunicorn-gthread", "Gunicorn gthread (2 workers x 4 threads)", ("hello",),
               gunicorn("gthread", ["--threads", "4"]), kind="python"),
    ]
    return servers



def deploy_time_contenders():
    """bench/deploy-time.sh's two ways to run the Spring Boot WAR."""
    return [
        Server("jacorn", "Jacorn (defaults)", ("spring",),
               lambda o, a, p: java(o) + ["-jar", o.runner_jar, "--bind", f"127.0.0.1:{p}", o.spring_war]),
        Server("boot", "Spring Boot executable WAR (embedded Tomcat)", ("spring",),
               lambda o, a, p: java(o) + ["-jar", o.spring_war, f"--server.port={p}",
                                          "--server.address=127.0.0.1"]),
    ]


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


def thread_stats(pids):
    """(pid, tid, thread name, the /proc/PID/task/TID/stat fields after the name) for every thread
    of PIDS still there."""
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for tid in tids:
            try:
                with open(f"/proc/{pid}/task/{tid}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            yield pid, tid, stat[stat.index("(") + 1:stat.rindex(")")], stat.rsplit(")", 1)[1].split()


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

    def jit_ticks(self):
        """CPU ticks the JIT compiler threads (C1 and C2, "C2 CompilerThre..." in /proc) have used so
        far, over the process tree; 0 for a server that is not a JVM."""
        return sum(int(fields[11]) + int(fields[12]) for _, _, name, fields in thread_stats(self.tree())
                   if "CompilerThre" in name)

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


def start_redis(opts):
    """A throwaway redis-server (no persistence) for the jacorn-redis contestant."""
    redis = subprocess.Popen(["redis-server", "--port", str(opts.redis_port), "--bind", "127.0.0.1",
                              "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    for _ in range(100):
        if not port_is_free(opts.redis_port):
            return redis
        time.sleep(0.05)
    raise RuntimeError("redis-server did not start")



#!/usr/bin/env python3
"""A client that keeps no cookies against a page that makes a session: what the heap does.

    bench/session_flood.py [--seconds 60] [--connections 64] [--jvm-opts '-Xmx512m']
                           [--runner-args '--max-sessions 0'] JAR [JAR ...]

Each jar in turn serves the jsp sample (sample-webapps/jsp, built by bench/build.sh or mvn
package) with -Xlog:gc and an admin listener, and wrk sends /scriptlet.jsp for --seconds at
--connections: every request makes a new session, as crawlers and monitors do. Printed, one
markdown row per jar: requests per second, the sessions counters (made, kept, evicted), the full
collections, the heap after the last collection, and the process's peak RSS (VmHWM). The jars run
one after the other, not side by side: this is about memory, not a throughput ranking.
--runner-args is given to every jar (e.g. '--max-sessions 0' for the unbounded behaviour).
Standard library only; needs wrk.
"""

import argparse
import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from servers import REPO_ROOT, Running, http_get  # noqa: E402  (the harness's process handling)

PAGE = "/scriptlet.jsp"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def metric(scrape, name):
    """The value of the first series called name (any labels), 0 when absent."""
    match = re.search(rf"^{name}(?:{{[^}}]*}})? ([0-9.eE+-]+)$", scrape, re.MULTILINE)
    return int(float(match.group(1))) if match else 0


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    return 0


def gc_summary(log_path):
    """(full collections, heap in MiB after the last collection) from a -Xlog:gc file."""
    full, after = 0, None
    with open(log_path) as f:
        for line in f:
            if "Pause Full" in line:
                full += 1
            match = re.search(r"->(\d+)M\(\d+M\)", line)
            if match:
                after = int(match.group(1))
    return full, after


def flood(jar, war, opts, work):
    port, admin = free_port(), free_port()
    gc_log = os.path.join(work, f"gc-{port}.log")
    argv = ["java", *shlex.split(opts.jvm_opts), f"-Xlog:gc:file={gc_log}", "-jar", jar,
            "--bind", f"http://127.0.0.1:{port}", "--admin-bind", f"127.0.0.1:{admin}",
            *shlex.split(opts.runner_args), war]
    running = Running(None, "jsp", port, argv, os.path.join(work, f"server-{port}.log"))
    try:
        if running.wait_first_200(PAGE, 60) is None:
            raise SystemExit(f"{jar} served no 200 on {PAGE} within 60 s (log: {running.log_path})")
        wrk = subprocess.run(["wrk", "-t", "2", "-c", str(opts.connections), "-d", f"{opts.seconds}s",
                              f"http://127.0.0.1:{port}{PAGE}"], capture_output=True, text=True, check=True)
        rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", wrk.stdout).group(1))
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk.stdout)
        _, body = http_get(admin, "/metrics", timeout=30)
        scrape = body.decode() if isinstance(body, bytes) else body
        full, after = gc_summary(gc_log)
        return {
            "rate": rate,
            "errors": int(errors.group(1)) if errors else 0,
            "made": metric(scrape, "jacorn_sessions_started_total"),
            "kept": metric(scrape, "jacorn_sessions_active"),
            "evicted": metric(scrape, "jacorn_sessions_evicted_total"),
            "full": full,
            "after": after,
            "rss": peak_rss_mib(running.proc.pid),
        }
    finally:
        running.stop()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--war", default=os.path.join(REPO_ROOT, "sample-webapps", "jsp", "target", "jsp.war"))
    parser.add_argument("--jvm-opts", default="-Xmx512m", help="options for every start (default -Xmx512m)")
    parser.add_argument("--runner-args", default="", help="runner options for every start")
    parser.add_argument("jars", nargs="+")
    opts = parser.parse_args(argv)
    print(f"{opts.seconds} s of `wrk -c{opts.connections}` on {PAGE} without cookies, `{opts.jvm_opts}`"
          + (f", `{opts.runner_args}`" if opts.runner_args else "") + "\n")
    print("| jar | req/s | non-2xx | sessions made | kept | evicted | full GCs | heap after last GC | peak RSS |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="jacorn-flood-") as work:
        for jar in opts.jars:
            r = flood(os.path.abspath(jar), opts.war, opts, work)
            print(f"| {os.path.basename(jar)} | {r['rate']:,.0f} | {r['errors']} | {r['made']:,} | {r['kept']:,}"
                  f" | {r['evicted']:,} | {r['full']} | {r['after']} MiB | {r['rss']} MiB |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

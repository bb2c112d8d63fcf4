#!/usr/bin/env python3
"""Start to first 200: interleaved starts of one or more runner jars on the same WAR.

    bench/startup.py [--starts 12] [--war sample-webapps/hello/target/hello.war]
                     [--jvm-opts '-Xmx512m'] [--tls] [--appcds] JAR [JAR ...]

Each round starts every jar once, in turn (A B A B ...), so the machine's drift reaches them all
alike. A start is timed from just before the spawn to the first 200 on /hello, polled every
millisecond; CPU is the process's user + system time at that moment, read from /proc. Prints a
markdown table of the medians (with every start, for reading the spread) and the ratio of each
jar's medians to the first one's. With --tls every start also has an HTTPS listener (a fresh
self-signed PEM certificate and key, as the benchmark's contestants get). With --appcds each jar
also runs the README's AppCDS recipe: one start with -XX:ArchiveClassesAtExit (first 200, then
TERM) makes its archive, and every round then starts it once more with -XX:SharedArchiveFile.
Standard library only.
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import process_ticks  # noqa: E402  (the harness's /proc readings)
from servers import REPO_ROOT, Running  # noqa: E402  (and its process handling)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_once(jar, war, jvm_opts, runner_args=()):
    """Seconds from the spawn to the first 200 on /hello, and the CPU seconds used by then."""
    port = free_port()
    if "-XX:SharedArchiveFile" in " ".join(jvm_opts):
        jvm_opts = [*jvm_opts, "-Xshare:on"]  # a stale or missing archive fails the start, not the figures
    running = Running(None, "hello", port, ["java", *jvm_opts, "-jar", jar, "--bind", f"http://127.0.0.1:{port}", *runner_args, war],
                      os.devnull)
    try:
        elapsed = running.wait_first_200("/hello", 30)
        if elapsed is None:
            raise SystemExit(f"{jar} served no 200 on /hello within 30 s")
        return elapsed, process_ticks(running.tree()) / os.sysconf("SC_CLK_TCK")
    finally:
        running.stop()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--starts", type=int, default=12, help="starts of each jar (default 12)")
    parser.add_argument("--war", default=os.path.join(REPO_ROOT, "sample-webapps", "hello", "target", "hello.war"))
    parser.add_argument("--jvm-opts", default="-Xmx512m", help="options for every start (default -Xmx512m)")
    parser.add_argument("--appcds", action="store_true",
                        help="also start each jar with an AppCDS archive made by the README's recipe")
    parser.add_argument("--tls", action="store_true", help="also bind an HTTPS listener (PEM files, as the benchmark does)")
    parser.add_argument("jars", nargs="+")
    opts = parser.parse_args(argv)
    base = opts.jvm_opts.split()
    runner_args = tls_args() if opts.tls else []
    contestants = [(jar, jar, base) for jar in opts.jars]
    if opts.appcds:
        contestants += [(f"{jar} with AppCDS", jar, [*base, f"-XX:SharedArchiveFile={make_archive(jar, opts.war, base, runner_args)}"])
                        for jar in opts.jars]
    times = {label: [] for label, _, _ in contestants}
    cpus = {label: [] for label, _, _ in contestants}
    for _ in range(opts.starts):
        for label, jar, jvm_opts in contestants:
            elapsed, cpu = start_once(jar, opts.war, jvm_opts, runner_args)
            times[label].append(elapsed)
            cpus[label].append(cpu)
    first = contestants[0][0]
    print("| jar | median start to first 200 | ratio | CPU at first 200 (median) | ratio | every start (s) |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for label, _, _ in contestants:
        t, c = statistics.median(times[label]), statistics.median(cpus[label])
        print(f"| {label} | {t:.3f} s | {t / statistics.median(times[first]):.2f}x | {c:.2f} s"
              f" | {c / statistics.median(cpus[first]):.2f}x | {', '.join(f'{x:.2f}' for x in times[label])} |")


def tls_args():
    """An HTTPS listener on a free port with a fresh self-signed EC certificate: the runner's arguments."""
    directory = tempfile.mkdtemp(prefix="jacorn-startup-tls-")
    key, cert = os.path.join(directory, "key.pem"), os.path.join(directory, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-days", "2", "-subj", "/CN=localhost", "-keyout", key, "-out", cert], check=True, capture_output=True)
    return ["--bind", f"https://127.0.0.1:{free_port()}", "--certfile", cert, "--keyfile", key]


def make_archive(jar, war, jvm_opts, runner_args):
    """The README's recipe, once: serve with -XX:ArchiveClassesAtExit, stop with TERM; the archive's path."""
    archive = os.path.join(tempfile.mkdtemp(prefix="jacorn-appcds-"), "jacorn.jsa")
    start_once(jar, war, [*jvm_opts, f"-XX:ArchiveClassesAtExit={archive}"], runner_args)
    if not os.path.isfile(archive):
        raise SystemExit(f"{jar} wrote no AppCDS archive at {archive}")
    return archive


if __name__ == "__main__":
    main(sys.argv[1:])

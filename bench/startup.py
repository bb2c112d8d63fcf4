#!/usr/bin/env python3
"""Start to first 200: interleaved starts of one or more runner jars on the same WAR.

    bench/startup.py [--starts 12] [--war sample-webapps/hello/target/hello.war]
                     [--jvm-opts '-Xmx512m'] JAR [JAR ...]

Each round starts every jar once, in turn (A B A B ...), so the machine's drift reaches them all
alike. A start is timed from just before the spawn to the first 200 on /hello, polled every
millisecond; CPU is the process's user + system time at that moment, read from /proc. Prints a
markdown table of the medians (with every start, for reading the spread) and the ratio of each
jar's medians to the first one's. Standard library only.
"""

import argparse
import os
import socket
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import process_ticks  # noqa: E402  (the harness's /proc readings)
from servers import REPO_ROOT, Running  # noqa: E402  (and its process handling)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_once(jar, war, jvm_opts):
    """Seconds from the spawn to the first 200 on /hello, and the CPU seconds used by then."""
    port = free_port()
    running = Running(None, "hello", port, ["java", *jvm_opts, "-jar", jar, "--bind", f"127.0.0.1:{port}", war],
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
    parser.add_argument("jars", nargs="+")
    opts = parser.parse_args(argv)
    times = {jar: [] for jar in opts.jars}
    cpus = {jar: [] for jar in opts.jars}
    for _ in range(opts.starts):
        for jar in opts.jars:
            elapsed, cpu = start_once(jar, opts.war, opts.jvm_opts.split())
            times[jar].append(elapsed)
            cpus[jar].append(cpu)
    first = opts.jars[0]
    print("| jar | median start to first 200 | ratio | CPU at first 200 (median) | ratio | every start (s) |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for jar in opts.jars:
        t, c = statistics.median(times[jar]), statistics.median(cpus[jar])
        print(f"| {jar} | {t:.3f} s | {t / statistics.median(times[first]):.2f}x | {c:.2f} s"
              f" | {c / statistics.median(cpus[first]):.2f}x | {', '.join(f'{x:.2f}' for x in times[jar])} |")


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Latency during a reload, with and without --warmup (issue 16, item 4).

For each variant, interleaved over --rounds: start the runner on the Spring Boot sample, put a
closed-loop keep-alive load on it (bench/reload/LatencyLoad.java, --connections), send SIGHUP
after --steady seconds, and keep the load on until --after seconds past the HUP. The report gives
the steady p99 (the --steady seconds before the HUP, less the first 5 s) and the p99 of two
5-second windows: right after the HUP, and right after the new workers are READY ("Reloaded");
the load goes on until --after seconds past READY.

    python3 bench/reload/reload_p99.py [--runner-jar J] [--war W] [--rounds N] [--out FILE.md]

Standard library only; needs java (17+) on PATH.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


class Runner:
    """The runner as a child process whose error log is read line by line, with arrival times."""

    def __init__(self, jar, war, extra):
        argv = ["java", "-jar", jar, "--bind", "127.0.0.1:0", *extra, war]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines = []
        self.lock = threading.Condition()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stderr:
            with self.lock:
                self.lines.append((time.time() * 1000.0, line.rstrip("\n")))
                self.lock.notify_all()

    def await_line(self, pattern, timeout=180.0, after=0):
        deadline = time.time() + timeout
        with self.lock:
            while True:
                for i, (at, line) in enumerate(self.lines[after:], start=after):
                    match = re.search(pattern, line)
                    if match:
                        return at, match, i
                if self.proc.poll() is not None or time.time() > deadline:
                    sys.exit("runner never logged %r:\n%s" % (pattern, "\n".join(l for _, l in self.lines)))
                self.lock.wait(0.2)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def one_run(opts, classes, name, extra):
    runner = Runner(opts.runner_jar, opts.war, extra)
    try:
        _, listening, _ = runner.await_line(r"Listening at: http://[^:]+:(\d+)")
        port = listening.group(1)
        _, _, ready_index = runner.await_line(r"READY")
        samples = tempfile.NamedTemporaryFile(suffix=".csv", delete=False).name
        load_started = time.time() * 1000.0
        load = subprocess.Popen(["java", "-cp", classes, "LatencyLoad", port, opts.path,
                                 str(opts.connections), "600", samples], stdin=subprocess.PIPE)
        time.sleep(opts.steady)
        hup = time.time() * 1000.0
        runner.proc.send_signal(signal.SIGHUP)
        reloaded, _, _ = runner.await_line(r"Reloaded: ", after=ready_index + 1)
        time.sleep(max(0.0, reloaded / 1000.0 + opts.after - time.time()))
        load.stdin.close()
        load.wait()
        rows = []
        with open(samples) as f:
            for line in f:
                end, micros, status = line.strip().split(",")
                rows.append((float(end), int(micros), int(status)))
        os.unlink(samples)
    finally:
        runner.stop()

    def window(start, length):
        return [m / 1000.0 for end, m, s in rows if start <= end < start + length and s]

    if opts.timeline:
        # p99 per half second from 2 s before the HUP to the end, with the runner's log lines at
        # the moment they were read: where a reload's latency goes up, and what happened then.
        marks = [(at, line.split("] ", 3)[-1]) for at, line in runner.lines if at >= hup - 2000]
        t = hup - 2000
        while t < rows[-1][0] if rows else False:
            bucket = window(t, 500)
            print("  %+6.1f s  p99 %7.2f ms  %5d req  %s" % (
                (t - hup) / 1000.0, percentile(bucket, 99), len(bucket),
                " | ".join(m for at, m in marks if t <= at < t + 500)[:160]), flush=True)
            t += 500
    steady = window(load_started + 5000, hup - load_started - 5000)
    after_hup = window(hup, 5000)
    after_ready = window(reloaded, 5000)
    failed = sum(1 for _, _, s in rows if s == 0 or s >= 500)
    result = {
        "variant": name,
        "steady_p99": percentile(steady, 99),
        "hup_p99": percentile(after_hup, 99),
        "ready_p99": percentile(after_ready, 99),
        "reload_s": (reloaded - hup) / 1000.0,
        "requests": len(rows),
        "failed": failed,
    }
    print("%(variant)-12s steady p99 %(steady_p99)7.2f ms | 5 s after HUP %(hup_p99)7.2f ms | 5 s after READY"
          " %(ready_p99)7.2f ms | reload %(reload_s)5.1f s | %(requests)d requests, %(failed)d failed" % result,
          flush=True)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runner-jar", default=os.path.join(ROOT, "runner/target/runner.jar"))
    parser.add_argument("--war", default=os.path.join(ROOT, "sample-webapps/spring-boot/target/spring-boot.war"))
    parser.add_argument("--path", default="/api/greeting?name=bench")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--steady", type=float, default=20.0)
    parser.add_argument("--after", type=float, default=10.0)
    parser.add_argument("--warmup-requests", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--timeline", action="store_true",
                        help="also print p99 per half second around the reload, beside the runner's log lines")
    parser.add_argument("--only", choices=("no warm-up", "--warmup"), help="run one variant only")
    parser.add_argument("--out")
    opts = parser.parse_args()

    classes = tempfile.mkdtemp(prefix="latency-load-")
    subprocess.check_call(["javac", "-d", classes, os.path.join(HERE, "LatencyLoad.java")])
    variants = [("no warm-up", []),
                ("--warmup", ["--warmup", opts.path, "--warmup-requests", str(opts.warmup_requests)])]
    variants = [v for v in variants if opts.only in (None, v[0])]
    results = []
    for _ in range(opts.rounds):
        for name, extra in variants:
            results.append(one_run(opts, classes, name, extra))

    lines = ["| variant | round | steady p99 (ms) | p99, 5 s after HUP (ms) | ratio | p99, 5 s after READY (ms)"
             " | ratio | HUP to READY (s) | requests | failed |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    rounds = {}
    for r in results:
        rounds[r["variant"]] = rounds.get(r["variant"], 0) + 1
        lines.append("| %s | %d | %.2f | %.2f | %.2fx | %.2f | %.2fx | %.1f | %d | %d |" % (
            r["variant"], rounds[r["variant"]], r["steady_p99"], r["hup_p99"], r["hup_p99"] / r["steady_p99"],
            r["ready_p99"], r["ready_p99"] / r["steady_p99"], r["reload_s"], r["requests"], r["failed"]))
    report = "\n".join(lines) + "\n"
    print(report)
    if opts.out:
        with open(opts.out, "w") as f:
            f.write("# Latency during a reload of the Spring Boot sample, %d connections\n\n" % opts.connections)
            f.write("Command: `python3 bench/reload/reload_p99.py --rounds %d` (warm-up: %d requests)\n\n"
                    % (opts.rounds, opts.warmup_requests))
            f.write(report)


if __name__ == "__main__":
    main()

"""The markdown of bench/run.py: a run's results (the JSON a run leaves beside its report) ->
the report, and the deploy-time table. A run's report depends on its JSON alone (no clock, no
machine, no environment), so a saved run renders to the same text anywhere
(bench/tests/test_report.py holds it to the saved reports). Standard library only."""

import collections
import os
import statistics

from measure import CONCURRENCIES, WORKLOADS
from servers import APPS, BASELINE, ENGINE_LIMIT

# A contestant as a report names it (its label can depend on the run's options, so the run
# records it).
Contestant = collections.namedtuple("Contestant", "key label")

RUNNER_CHANGED = ("**Warning: the runner jar changed during this run** (rebuilt by someone); "
                  "Jacorn's rows may mix two builds.")


def med(values):
    return statistics.median(values) if values else None


def fmt_ratio(x):
    return "–" if x is None else f"{x:.2f}x"


def fmt_ms(us):
    return "–" if us is None else f"{us / 1000:.2f}"


def summarize(servers, workloads, results, cpus):
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
                    "cpu": med([cpu_per_request(r, cpus) for r in runs]),
                }
    return table


def cpu_per_request(r, cpus):
    """Server CPU time per request in microseconds. Runs recorded before this was measured
    directly are estimated from the server's CPU share over wrk's duration (about 1 % high)."""
    if "cpu_us_per_req" in r:
        return r["cpu_us_per_req"]
    return r.get("server_cpu", 0.0) * r["duration_us"] * cpus / max(1, r["requests"])


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


def settled_seconds(run, key):
    """The limit of a settle option (jit_settle, cell_settle) and the seconds each settle added,
    or (None, []) for runs made before that option existed or without it."""
    limit = run["options"].get(key)
    return (limit, [s for v in run["results"].get(key, {}).values() for s in v]) if limit else (None, [])


def jit_settle_text(run):
    """How long the JVMs were loaded after the fixed JIT warm-up until their compilers went quiet."""
    limit, added = settled_seconds(run, "jit_settle")
    if not limit:
        return ""
    spread = ""
    if added:
        spread = f", {min(added)}s in this run" if min(added) == max(added) else \
            f", {min(added)}-{max(added)}s in this run"
    return f" and then more until its JIT compilers were quiet (at most {limit}s{spread})"


def cell_settle_text(run):
    """After each cell's warm-up, how much more load it took until the compilers were quiet again."""
    limit, added = settled_seconds(run, "cell_settle")
    if not limit:
        return ""
    busy = sum(1 for s in added if s)
    spread = f", {busy} of {len(added)} cells needed more, up to {max(added)}s" if added else ""
    return f" and more at its concurrency until the JIT compilers were quiet again (at most {limit}s{spread})"


def render(run):
    """The markdown report of RUN, a run as bench/run.py saves it in JSON (see measure.run_record):
    machine, cpus, finished, elapsed, options, servers ([key, label] in report order), workloads
    (keys), runner_changed, note (optional), results."""
    servers = [Contestant(key, label) for key, label in run["servers"]]
    workloads = [w for key in run["workloads"] for w in WORKLOADS if w.key == key]
    results, o = run["results"], run["options"]
    t = summarize(servers, workloads, results, run["cpus"])
    # A note written by hand about the run (say, what disturbed it) comes first, in place of the
    # generic warning.
    note = run.get("note") or (RUNNER_CHANGED if run.get("runner_changed") else None)
    out = [note, ""] if note else []
    out += [run["machine"], ""]
    out.append(f"Measured {run['finished']} UTC, "
               f"{o['rounds']} round(s), wrk {o['wrk_threads']} threads, "
               f"{o['jit_warmup']}s JIT warm-up per JVM start{jit_settle_text(run)}, then {o['warmup']}s warm-up{cell_settle_text(run)} + "
               f"{o['duration']}s measured per cell, "
               f"whole run {run['elapsed'] / 60:.1f} min. JVM options: `{o['jvm_opts']}`. "
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


def render_deploy_time(d):
    """The deploy-time table from measure.run_deploy_time's record."""
    lines = [
        d["machine"],
        "",
        f"Measured {d['finished']} UTC, {d['rounds']} rounds, "
        f"medians; JVM options `{d['jvm_opts']}`; {d['war']} "
        f"({d['war_kib']} KiB). Time from process start to the first "
        "200 on `GET /api/greeting?name=bench`. Load average at the end: "
        f"{d['load']:.2f} (other builds may have been running on this machine).",
        "",
        "| how the WAR runs | start to first 200 | all rounds | peak RSS at first 200 |",
        "| --- | ---: | --- | ---: |",
    ]
    starts, rss = d["starts"], d["rss"]
    for key, label in d["contenders"]:
        got = starts.get(key, [])
        med_txt = f"{med(got):.2f} s" if got else "no 200"
        rounds_txt = ", ".join(f"{x:.2f}" for x in got) or "–"
        rss_txt = f"{med(rss[key]) / 1024:.0f} MiB" if rss.get(key) else "–"
        lines.append(f"| {label} | {med_txt} | {rounds_txt} | {rss_txt} |")
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



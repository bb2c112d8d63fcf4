package dev.jacorn.runner.config;

import java.util.List;

/** Settings of the "Worker processes" section: workers, threads, timeouts, recycling, reloading. Registered in {@link Settings#ALL}. */
public final class WorkerSettings {

    private WorkerSettings() {
    }

    public static final Setting<Integer> WORKERS = Setting.single("workers", Parsers.integer(1, 1024))
            .shortName("-w").section(Section.WORKERS).metavar("N").defaultValue(1)
            .help("Independent instances of each application, each with its own class loader and threads.")
            .build();

    public static final Setting<Integer> THREADS = Setting.single("threads", Parsers.integer(1, 10_000))
            .section(Section.WORKERS).metavar("N")
            .defaultValue(() -> Math.max(8, 8 * Runtime.getRuntime().availableProcessors()), "8 per CPU core")
            .help("Request threads of each worker.")
            .build();

    public static final Setting<Double> TIMEOUT = Setting.single("timeout", Parsers::seconds)
            .shortName("-t").section(Section.WORKERS).metavar("SECONDS").defaultValue(30.0)
            .help("A request running longer is logged with its stack, interrupted and answered 503; 0 turns"
                    + " the watchdog off.")
            .build();

    public static final Setting<Double> GRACEFUL_TIMEOUT = Setting.single("graceful-timeout", Parsers::seconds)
            .section(Section.WORKERS).metavar("SECONDS").defaultValue(30.0)
            .help("How long in-flight requests may run on after a stop or a reload before they are cut.")
            .build();

    public static final Setting<String> WORKER_CLASS = Setting.single("worker-class", Parsers.choice("thread", "virtual"))
            .section(Section.WORKERS).metavar("CLASS").defaultValue("thread")
            .help("How a worker runs requests: thread (a pool of --threads platform threads) or virtual"
                    + " (one virtual thread per request; needs Java 21 or newer).")
            .build();

    public static final Setting<Integer> MAX_REQUESTS = Setting.single("max-requests", Parsers.integer(0, Integer.MAX_VALUE))
            .section(Section.WORKERS).metavar("N").defaultValue(0)
            .help("A worker that has served this many requests is replaced by a fresh one; 0 never recycles.")
            .build();

    public static final Setting<Integer> MAX_REQUESTS_JITTER = Setting.single("max-requests-jitter",
                    Parsers.integer(0, Integer.MAX_VALUE))
            .section(Section.WORKERS).metavar("N").defaultValue(0)
            .help("Adds a random 0 to N to each worker's --max-requests, so that workers do not all recycle at once.")
            .build();

    public static final Setting<Boolean> RELOAD = Setting.flag("reload")
            .section(Section.WORKERS).defaultValue(false)
            .help("Watch the application (WAR file, exploded directory, classpath) and reload the workers when it"
                    + " changes, as SIGHUP does; for development.")
            .build();

    public static final Setting<List<String>> WARMUP = Setting.list("warmup", WorkerSettings::warmupPath)
            .section(Section.WORKERS).metavar("PATH").defaultValue(List.of())
            .help("A path (with its query, context path included) that every new worker is sent --warmup-requests"
                    + " GETs to, on a private loopback port, before the router gives it traffic; repeat for several.")
            .build();

    public static final Setting<Integer> WARMUP_REQUESTS = Setting.single("warmup-requests", Parsers.integer(0, 1_000_000))
            .section(Section.WORKERS).metavar("N").defaultValue(1000)
            .help("GETs a new worker is sent to each --warmup path before it becomes READY; 0 turns the warm-up off.")
            .build();

    public static final Setting<Integer> WARMUP_MAX_REQUESTS = Setting.single("warmup-max-requests",
                    Parsers.integer(0, 10_000_000))
            .section(Section.WORKERS).metavar("N").defaultValue(20_000)
            .help("After --warmup-requests, the warm-up goes on while the JIT compiler is still busy with the new"
                    + " worker's code, up to this many GETs per path; at most --warmup-requests turns that off.")
            .build();

    static final List<Setting<?>> ALL = List.of(WORKERS, THREADS, WORKER_CLASS, TIMEOUT, GRACEFUL_TIMEOUT,
            MAX_REQUESTS, MAX_REQUESTS_JITTER, RELOAD, WARMUP, WARMUP_REQUESTS, WARMUP_MAX_REQUESTS);

    private static String warmupPath(String raw) {
        if (!raw.startsWith("/") || raw.chars().anyMatch(c -> c <= ' ' || c == 0x7f) || raw.contains("#")) {
            throw new IllegalArgumentException("'" + raw + "' is not a request path: give one that starts with /,"
                    + " such as /health or /api/items?page=1");
        }
        return raw;
    }
}

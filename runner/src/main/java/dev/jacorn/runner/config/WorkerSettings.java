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

    static final List<Setting<?>> ALL = List.of(WORKERS, THREADS, WORKER_CLASS, TIMEOUT, GRACEFUL_TIMEOUT,
            MAX_REQUESTS, MAX_REQUESTS_JITTER, RELOAD);
}

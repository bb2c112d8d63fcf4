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

    static final List<Setting<?>> ALL = List.of(WORKERS, THREADS, TIMEOUT, GRACEFUL_TIMEOUT);
}

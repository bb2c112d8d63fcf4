package dev.jacorn.runner.config;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

/**
 * The registry: every setting Jacorn has, declared once. The command line, the config file, the
 * environment, {@code --help}, {@code --print-config} and docs/settings.md are all derived from
 * {@link #ALL}; add a setting here and it appears everywhere.
 */
public final class Settings {

    private Settings() {
    }

    // Application

    public static final Setting<List<Path>> CLASSPATH = Setting.list("classpath", Parsers::path)
            .section(Section.APPLICATION).metavar("PATHS").separator(File.pathSeparator)
            .defaultValue(List.of())
            .help("Jars and directories holding the servlet class named as APP; repeat it or separate"
                    + " entries with '" + File.pathSeparator + "'.")
            .build();

    public static final Setting<Path> WORK_DIR = Setting.single("work-dir", Parsers::path)
            .section(Section.APPLICATION).metavar("DIR")
            .defaultValue(() -> Path.of(System.getProperty("java.io.tmpdir"), "jacorn-" + System.getProperty("user.name")),
                    "$TMPDIR/jacorn-$USER")
            .help("Where packed WARs are unpacked; an unchanged WAR reuses its directory.")
            .build();

    // Server socket

    public static final Setting<List<BindAddress>> BIND = Setting.list("bind", BindAddress::parse)
            .shortName("-b").section(Section.SERVER).metavar("ADDRESS")
            .defaultValue(List.of(new BindAddress(null, "127.0.0.1", 8000)))
            .help("Address to listen on: HOST:PORT, :PORT, [IPv6]:PORT or PORT; repeat for several."
                    + " Port 0 picks a free port.")
            .build();

    // Workers

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

    // Logging

    public static final Setting<String> LOG_LEVEL = Setting.single("log-level",
                    Parsers.choice("trace", "debug", "info", "warning", "error"))
            .section(Section.LOGGING).metavar("LEVEL").defaultValue("info")
            .help("The error log's level: trace, debug, info, warning or error.")
            .build();

    /** Every setting, in the order help and the reference list them. */
    public static final List<Setting<?>> ALL = List.of(
            CLASSPATH, WORK_DIR,
            BIND,
            WORKERS, THREADS, TIMEOUT, GRACEFUL_TIMEOUT,
            LOG_LEVEL);
}

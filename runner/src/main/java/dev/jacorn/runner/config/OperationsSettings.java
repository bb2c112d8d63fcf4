package dev.jacorn.runner.config;

import java.nio.file.Path;
import java.util.List;

/** Settings of the "Operations" section: config file, metrics, health. Registered in {@link Settings#ALL}. */
public final class OperationsSettings {

    private OperationsSettings() {
    }

    /** Read before the file it names, so it can be set on the command line or in the environment only. */
    public static final Setting<Path> CONFIG = Setting.single("config", Parsers::existingFile)
            .shortName("-c").section(Section.OPERATIONS).metavar("FILE")
            .defaultValue(() -> null, "./jacorn.conf if it exists")
            .help("A config file of name = value lines; see docs/settings.md for its format.")
            .build();

    public static final Setting<Boolean> PRINT_CONFIG = Setting.flag("print-config")
            .section(Section.OPERATIONS).defaultValue(false)
            .help("Print every setting with its value and where it came from, then exit.")
            .build();

    public static final Setting<Boolean> CHECK_CONFIG = Setting.flag("check-config")
            .section(Section.OPERATIONS).defaultValue(false)
            .help("Load every application, deploy and undeploy it once, then exit: 0 when it works, else the"
                    + " usual exit code with the reason.")
            .build();

    public static final Setting<Path> PID = Setting.single("pid", Parsers::path)
            .section(Section.OPERATIONS).metavar("FILE")
            .help("Write the process id to FILE at start-up and remove it at exit.")
            .build();

    public static final Setting<BindAddress> ADMIN_BIND = Setting.single("admin-bind", BindAddress::parse)
            .section(Section.OPERATIONS).metavar("ADDRESS")
            .help("Address of the admin listener serving /metrics (Prometheus), /healthz and /readyz; off"
                    + " when unset.")
            .build();

    public static final Setting<Integer> ADMIN_MAX_CONNECTIONS = Setting.single("admin-max-connections",
                    Parsers.integer(1, 10_000))
            .section(Section.OPERATIONS).metavar("N").defaultValue(16)
            .help("Most open connections to the admin listener (probes and scrapers need a few); further ones"
                    + " wait in its backlog. --header-timeout and --keepalive apply there too.")
            .build();

    public static final Setting<BindAddress> STATSD_HOST = Setting.single("statsd-host", Parsers::statsdAddress)
            .section(Section.OPERATIONS).metavar("HOST:PORT")
            .help("Push the metrics over StatsD (UDP) to this address; off when unset.")
            .build();

    public static final Setting<String> STATSD_PREFIX = Setting.single("statsd-prefix", Parsers::statsdPrefix)
            .section(Section.OPERATIONS).metavar("PREFIX").defaultValue(() -> "", "(none)")
            .help("Prepended, with a dot, to every StatsD metric name.")
            .build();

    static final List<Setting<?>> ALL = List.of(CONFIG, PRINT_CONFIG, CHECK_CONFIG, PID, ADMIN_BIND,
            ADMIN_MAX_CONNECTIONS, STATSD_HOST, STATSD_PREFIX);
}

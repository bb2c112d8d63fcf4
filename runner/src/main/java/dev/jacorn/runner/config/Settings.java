package dev.jacorn.runner.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry: every setting Jacorn has, declared once, one class per section. The command
 * line, the config file, the environment, {@code --help}, {@code --print-config} and the settings
 * reference are all derived from {@link #ALL}; declare a setting in its section's class, add it
 * to that class's list, and it appears everywhere. The constants here are shortcuts for code that
 * reads them.
 */
public final class Settings {

    private Settings() {
    }

    public static final Setting<List<Path>> CLASSPATH = ApplicationSettings.CLASSPATH;
    public static final Setting<Path> WORK_DIR = ApplicationSettings.WORK_DIR;
    public static final Setting<Path> USERS = ApplicationSettings.USERS;
    public static final Setting<List<BindAddress>> BIND = ServerSettings.BIND;
    public static final Setting<Path> CERTFILE = ServerSettings.CERTFILE;
    public static final Setting<Path> KEYFILE = ServerSettings.KEYFILE;
    public static final Setting<Boolean> HTTP2 = ServerSettings.HTTP2;
    public static final Setting<Integer> WORKERS = WorkerSettings.WORKERS;
    public static final Setting<Integer> THREADS = WorkerSettings.THREADS;
    public static final Setting<Double> TIMEOUT = WorkerSettings.TIMEOUT;
    public static final Setting<Double> GRACEFUL_TIMEOUT = WorkerSettings.GRACEFUL_TIMEOUT;
    public static final Setting<String> WORKER_CLASS = WorkerSettings.WORKER_CLASS;
    public static final Setting<Integer> MAX_REQUESTS = WorkerSettings.MAX_REQUESTS;
    public static final Setting<Integer> MAX_REQUESTS_JITTER = WorkerSettings.MAX_REQUESTS_JITTER;
    public static final Setting<Boolean> RELOAD = WorkerSettings.RELOAD;
    public static final Setting<List<String>> WARMUP = WorkerSettings.WARMUP;
    public static final Setting<Integer> WARMUP_REQUESTS = WorkerSettings.WARMUP_REQUESTS;
    public static final Setting<Integer> WARMUP_MAX_REQUESTS = WorkerSettings.WARMUP_MAX_REQUESTS;
    public static final Setting<SessionStoreAddress> SESSION_STORE = SessionSettings.SESSION_STORE;
    public static final Setting<SessionStoreAddress.Secret> SESSION_STORE_PASSWORD = SessionSettings.SESSION_STORE_PASSWORD;
    public static final Setting<Boolean> SESSION_PERSIST = SessionSettings.SESSION_PERSIST;
    public static final Setting<Integer> MAX_SESSIONS = SessionSettings.MAX_SESSIONS;
    public static final Setting<String> SESSION_COOKIE_SAMESITE = SessionSettings.SESSION_COOKIE_SAMESITE;
    public static final Setting<Path> PID = OperationsSettings.PID;
    public static final Setting<String> LOG_LEVEL = LoggingSettings.LOG_LEVEL;
    public static final Setting<Path> LOG_CONFIG = LoggingSettings.LOG_CONFIG;
    public static final Setting<String> ERROR_LOGFILE = LoggingSettings.ERROR_LOGFILE;
    public static final Setting<String> ACCESS_LOGFILE = LoggingSettings.ACCESS_LOGFILE;
    public static final Setting<AccessLogFormat> ACCESS_LOGFORMAT = LoggingSettings.ACCESS_LOGFORMAT;
    public static final Setting<Boolean> ACCESS_LOG_JSON = LoggingSettings.ACCESS_LOG_JSON;
    public static final Setting<Path> CONFIG = OperationsSettings.CONFIG;
    public static final Setting<Boolean> PRINT_CONFIG = OperationsSettings.PRINT_CONFIG;
    public static final Setting<Boolean> CHECK_CONFIG = OperationsSettings.CHECK_CONFIG;
    public static final Setting<BindAddress> ADMIN_BIND = OperationsSettings.ADMIN_BIND;
    public static final Setting<Integer> ADMIN_MAX_CONNECTIONS = OperationsSettings.ADMIN_MAX_CONNECTIONS;
    public static final Setting<BindAddress> STATSD_HOST = OperationsSettings.STATSD_HOST;
    public static final Setting<String> STATSD_PREFIX = OperationsSettings.STATSD_PREFIX;

    /** The setting called {@code name} (as in a config file; '_' may stand for '-'), if there is one. */
    public static java.util.Optional<Setting<?>> named(String name) {
        String wanted = name.replace('_', '-').toLowerCase(java.util.Locale.ROOT);
        return ALL.stream().filter(s -> s.name().equals(wanted)).findFirst();
    }

    /** Every setting, section by section, in the order help and the reference list them. */
    public static final List<Setting<?>> ALL = all();

    private static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>();
        all.addAll(ApplicationSettings.ALL);
        all.addAll(JspSettings.ALL);
        all.addAll(ServerSettings.ALL);
        all.addAll(ProtocolSettings.ALL);
        all.addAll(WebSocketSettings.ALL);
        all.addAll(WorkerSettings.ALL);
        all.addAll(SessionSettings.ALL);
        all.addAll(LoggingSettings.ALL);
        all.addAll(OperationsSettings.ALL);
        return List.copyOf(all);
    }
}

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
    public static final Setting<List<BindAddress>> BIND = ServerSettings.BIND;
    public static final Setting<Path> CERTFILE = ServerSettings.CERTFILE;
    public static final Setting<Path> KEYFILE = ServerSettings.KEYFILE;
    public static final Setting<Boolean> HTTP2 = ServerSettings.HTTP2;
    public static final Setting<Integer> WORKERS = WorkerSettings.WORKERS;
    public static final Setting<Integer> THREADS = WorkerSettings.THREADS;
    public static final Setting<Double> TIMEOUT = WorkerSettings.TIMEOUT;
    public static final Setting<Double> GRACEFUL_TIMEOUT = WorkerSettings.GRACEFUL_TIMEOUT;
    public static final Setting<String> LOG_LEVEL = LoggingSettings.LOG_LEVEL;

    /** Every setting, section by section, in the order help and the reference list them. */
    public static final List<Setting<?>> ALL = all();

    private static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>();
        all.addAll(ApplicationSettings.ALL);
        all.addAll(ServerSettings.ALL);
        all.addAll(WorkerSettings.ALL);
        all.addAll(LoggingSettings.ALL);
        all.addAll(OperationsSettings.ALL);
        return List.copyOf(all);
    }
}

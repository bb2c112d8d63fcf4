package dev.jacorn.runner;

import dev.jacorn.runner.exit.JacornException;
import dev.jacorn.runner.exit.ExitCode;
import dev.jacorn.adapter.AppLoadException;
import dev.jacorn.adapter.AppSource;
import dev.jacorn.adapter.Application;
import dev.jacorn.adapter.JspOptions;
import dev.jacorn.adapter.WebSocketLimits;
import dev.jacorn.adapter.session.SharedSessions;
import dev.jacorn.adapter.Realm;
import dev.jacorn.adapter.UnpackLimits;
import dev.jacorn.adapter.WorkDir;
import dev.jacorn.adapter.WorkDirException;
import dev.jacorn.runner.config.ApplicationSettings;
import dev.jacorn.runner.config.BindAddress;
import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.config.JspSettings;
import dev.jacorn.runner.config.ServerSettings;
import dev.jacorn.runner.config.Setting;
import dev.jacorn.runner.config.SettingSource;
import dev.jacorn.runner.config.Settings;
import dev.jacorn.runner.config.WebSocketSettings;
import dev.jacorn.runner.server.ListenerOptions;
import dev.jacorn.runner.supervise.Generation;
import dev.jacorn.runner.supervise.Warmup;
import dev.jacorn.runner.supervise.WorkerClass;
import dev.jacorn.runner.supervise.WorkerOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path from resolved settings to what a start needs: worker settings, TLS material (in
 * the listener options), the realm, the work directory and the prepared applications. A start,
 * a reload (SIGHUP) and {@code --check-config} all load through here, so that {@code --check-config}
 * refuses exactly what a start refuses, with the same sentence and exit code.
 *
 * <p>Order: worker class (exit 2), TLS (exit 2), realm (exit 2), work directory (exit 2),
 * applications (exit 4). One instance per process, used from the thread that starts and then from
 * the arbiter thread; it keeps one {@link WorkDir} per directory so that the unpacked versions old
 * workers still serve from survive a reload.
 */
public final class Loader {

    private static final Logger LOG = LoggerFactory.getLogger(Loader.class);

    /** What a reload applies; every other setting takes effect at the next start only. */
    private static final Set<Setting<?>> APPLIED_BY_RELOAD = Set.of(Settings.CLASSPATH, Settings.WORK_DIR,
            ApplicationSettings.LIMIT_UNPACK_SIZE, ApplicationSettings.LIMIT_UNPACK_ENTRIES, Settings.USERS,
            ApplicationSettings.LOCKOUT_FAILURES, ApplicationSettings.LOCKOUT_TIME, Settings.WORKERS, Settings.THREADS,
            Settings.WORKER_CLASS, Settings.TIMEOUT, Settings.GRACEFUL_TIMEOUT, Settings.MAX_REQUESTS,
            Settings.MAX_REQUESTS_JITTER, Settings.WARMUP, Settings.WARMUP_REQUESTS,
            Settings.WARMUP_MAX_REQUESTS, JspSettings.JSP_DEVELOPMENT,
            JspSettings.JSP_PRECOMPILE, WebSocketSettings.WEBSOCKET_MAX_MESSAGE, WebSocketSettings.WEBSOCKET_IDLE_TIMEOUT,
            WebSocketSettings.WEBSOCKET_COMPRESSION, Settings.CONFIG, Settings.PRINT_CONFIG, Settings.CHECK_CONFIG);

    private final Map<Path, WorkDir> workDirs = new HashMap<>();
    private final Function<Application, SharedSessions> sessions;
    private Config started;

    /** A loader whose workers keep their sessions to themselves (what {@code --check-config} needs). */
    public Loader() {
        this(application -> null);
    }

    /** @param sessions each application's shared sessions, handed to its workers */
    public Loader(Function<Application, SharedSessions> sessions) {
        this.sessions = sessions;
    }

    /**
     * Everything a start needs, loaded.
     *
     * @param workDir the opened work directory; {@link #close} deletes this process's scratch in it
     */
    public record Loaded(Generation generation, ListenerOptions listeners, Realm realm, WorkDir workDir)
            implements AutoCloseable {

        /** Deletes this run's scratch directory ({@code tmp-PID}). */
        @Override
        public void close() {
            workDir.deleteScratch();
        }
    }

    /**
     * Loads everything a start needs from {@code config}.
     *
     * @throws JacornException with the one-line message and exit code a start gives
     */
    public Loaded load(Config config) {
        started = config;
        checkWorkerClass(config);
        ListenerOptions listeners = ListenerOptions.from(config);
        Realm realm = realm(config);
        WorkDir workDir = workDir(config);
        List<Application> applications = applications(config, workDir, realm);
        warnAboutStatsdHost(config);
        return new Loaded(new Generation(applications, workerSettings(config, workDir)), listeners, realm, workDir);
    }

    /**
     * For a reload: the applications and worker settings as {@code next} says, and one log line for
     * each changed setting that only a restart applies.
     *
     * @throws JacornException when they cannot be used; the running generation keeps serving
     */
    public Generation reload(Config next) {
        if (started != null) {
            for (Setting<?> setting : Settings.ALL) {
                // Compared as printed: every value type prints what it means, not all of them define equals.
                String running = setting.format(started.get(setting));
                String wanted = setting.format(next.get(setting));
                if (!APPLIED_BY_RELOAD.contains(setting) && !running.equals(wanted)) {
                    LOG.warn("Reload: {} changed from {} to {} but only a restart applies it; the running value is"
                            + " kept", setting.flag(), running, wanted);
                }
            }
        }
        checkWorkerClass(next);
        Realm realm = realm(next);
        WorkDir workDir = workDir(next);
        return new Generation(applications(next, workDir, realm), workerSettings(next, workDir));
    }

    private WorkDir workDir(Config config) {
        Path dir = config.get(Settings.WORK_DIR).toAbsolutePath().normalize();
        WorkDir known = workDirs.get(dir);
        UnpackLimits limits = new UnpackLimits(config.get(ApplicationSettings.LIMIT_UNPACK_SIZE),
                config.get(ApplicationSettings.LIMIT_UNPACK_ENTRIES));
        if (known != null) {
            if (!known.limits().equals(limits)) {
                known = known.withLimits(limits);
                workDirs.put(dir, known);
            }
            return known;
        }
        SettingSource source = config.sourceOf(Settings.WORK_DIR);
        // The default location is made private if an older version left it readable; a chosen one keeps its mode.
        boolean isDefault = source.kind() == SettingSource.Kind.DEFAULT || source.where().equals("TMPDIR and USER");
        try {
            WorkDir opened = WorkDir.open(dir, isDefault, limits);
            workDirs.put(dir, opened);
            return opened;
        } catch (WorkDirException e) {
            throw new JacornException(ExitCode.USAGE, e.getMessage(), e.getCause());
        }
    }

    private static List<Application> applications(Config config, WorkDir workDir, Realm realm) {
        List<Application> applications = new ArrayList<>();
        List<String> contextPaths = new ArrayList<>();
        for (String app : config.apps()) {
            try {
                AppSource source = AppSource.parse(app, config.get(Settings.CLASSPATH));
                if (contextPaths.contains(source.contextPath())) {
                    throw new JacornException(ExitCode.USAGE, "Two applications are mounted at "
                            + (source.contextPath().isEmpty() ? "/" : source.contextPath())
                            + "; give each APP its own context path, e.g. api.war:/api site.war.", null);
                }
                contextPaths.add(source.contextPath());
                Application application = Application.prepare(source, workDir, realm, new JspOptions(
                        config.get(JspSettings.JSP_DEVELOPMENT), config.get(JspSettings.JSP_PRECOMPILE)));
                if (config.get(Settings.USERS) == null && application.declaresSecurityConstraints()) {
                    LOG.warn("Application {} declares security constraints but no {} realm file was given, so its"
                            + " protected resources refuse everyone; add {} FILE", application.name(),
                            Settings.USERS.flag(), Settings.USERS.flag());
                }
                if (application.logsInByClientCertificate() && !asksForClientCertificates(config)) {
                    LOG.warn("Application {} logs users in by client certificate (CLIENT-CERT) but no HTTPS listener"
                            + " asks for one, so its protected resources refuse everyone; serve HTTPS ({}, {}) with"
                            + " {} FILE and {} optional", application.name(), Settings.CERTFILE.flag(),
                            ServerSettings.KEYFILE.flag(), ServerSettings.CA_CERTS.flag(),
                            ServerSettings.CERT_REQS.flag());
                }
                applications.add(application);
            } catch (AppLoadException e) {
                LOG.debug("Application load failure", e);
                throw new JacornException(ExitCode.APP_LOAD, e.getMessage(), e.getCause());
            }
        }
        return applications;
    }

    private static boolean asksForClientCertificates(Config config) {
        return config.get(Settings.CERTFILE) != null && !"none".equals(config.get(ServerSettings.CERT_REQS));
    }

    /** The users of {@code --users}, or none: protected resources are then refused. */
    private static Realm realm(Config config) {
        Path file = config.get(Settings.USERS);
        if (file == null) {
            return Realm.empty();
        }
        Realm.Lockout lockout = new Realm.Lockout(config.get(ApplicationSettings.LOCKOUT_FAILURES),
                Duration.ofMillis(Math.round(config.get(ApplicationSettings.LOCKOUT_TIME) * 1000)));
        try {
            Realm realm = Realm.read(file, lockout);
            if (realm.certificateUsers() == 0) {
                LOG.info("Realm {}: {} user(s)", file, realm.size());
            } else {
                LOG.info("Realm {}: {} user(s), {} of them by client certificate", file, realm.size(),
                        realm.certificateUsers());
            }
            return realm;
        } catch (IllegalArgumentException e) {
            throw new JacornException(ExitCode.USAGE, Settings.USERS.flag() + " " + file + " is not valid: "
                    + e.getMessage() + ".", e.getCause());
        }
    }

    /** @throws JacornException (usage) when {@code --worker-class virtual} is asked of a JVM older than 21 */
    private static void checkWorkerClass(Config config) {
        if (!WorkerClass.parse(config.get(Settings.WORKER_CLASS)).isAvailable()) {
            throw new JacornException(ExitCode.USAGE, "--worker-class virtual needs Java 21 or newer, and this is Java "
                    + Runtime.version().feature() + "; run Jacorn with a newer java, or use --worker-class thread.", null);
        }
    }

    private WorkerOptions workerSettings(Config config, WorkDir workDir) {
        return new WorkerOptions(config.get(Settings.WORKERS), config.get(Settings.THREADS),
                WorkerClass.parse(config.get(Settings.WORKER_CLASS)), seconds(config.get(Settings.TIMEOUT)),
                seconds(config.get(Settings.GRACEFUL_TIMEOUT)), config.get(Settings.MAX_REQUESTS),
                config.get(Settings.MAX_REQUESTS_JITTER), workDir.scratch(),
                new WebSocketLimits(config.get(WebSocketSettings.WEBSOCKET_MAX_MESSAGE).intValue(),
                        seconds(config.get(WebSocketSettings.WEBSOCKET_IDLE_TIMEOUT)),
                        config.get(WebSocketSettings.WEBSOCKET_COMPRESSION)),
                new Warmup(config.get(Settings.WARMUP), config.get(Settings.WARMUP_REQUESTS),
                        config.get(Settings.WARMUP_MAX_REQUESTS), warmupTimeout(config)),
                sessions);
    }

    /** A warm-up request may take as long as any request (--timeout), or 30 s when the watchdog is off. */
    private static Duration warmupTimeout(Config config) {
        double timeout = config.get(Settings.TIMEOUT);
        return seconds(timeout > 0 ? timeout : 30);
    }

    /** An unresolvable StatsD host is not fatal (DNS may come later), but it is said once. */
    private static void warnAboutStatsdHost(Config config) {
        BindAddress statsd = config.get(Settings.STATSD_HOST);
        if (statsd == null) {
            return;
        }
        try {
            InetAddress.getByName(statsd.host());
        } catch (UnknownHostException e) {
            LOG.warn("{} {}: the host {} does not resolve, so metrics are not sent until it does",
                    Settings.STATSD_HOST.flag(), statsd, statsd.host());
        }
    }

    static Duration seconds(double value) {
        return Duration.ofMillis(Math.round(value * 1000));
    }
}

package dev.jacorn.runner;

import dev.jacorn.adapter.AppBootException;
import dev.jacorn.adapter.AppLoadException;
import dev.jacorn.adapter.AppSource;
import dev.jacorn.adapter.Application;
import dev.jacorn.adapter.Realm;
import dev.jacorn.runner.admin.AdminListener;
import dev.jacorn.runner.admin.Health;
import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.config.Settings;
import dev.jacorn.runner.observe.Telemetry;
import dev.jacorn.runner.server.ListenerOptions;
import dev.jacorn.runner.server.Listeners;
import dev.jacorn.runner.server.RequestGuard;
import dev.jacorn.runner.session.SessionStores;
import dev.jacorn.runner.supervise.AppWatcher;
import dev.jacorn.runner.supervise.Arbiter;
import dev.jacorn.runner.supervise.Command;
import dev.jacorn.runner.supervise.Generation;
import dev.jacorn.runner.supervise.PidFile;
import dev.jacorn.runner.supervise.Router;
import dev.jacorn.runner.supervise.Signals;
import dev.jacorn.runner.supervise.WorkerClass;
import dev.jacorn.runner.supervise.WorkerSettings;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the applications, the listeners and the arbiter from the resolved
 * settings, and orders start and stop.
 *
 * <p>Start: load every application (exit 4), bind every listener without accepting (exit 1),
 * boot the workers (exit 3), accept. Stop: readiness off, stop accepting, every response closes
 * its connection, let in-flight requests finish (up to {@code --graceful-timeout}), undeploy,
 * close the listeners.
 */
public final class Jacorn {

    private static final Logger LOG = LoggerFactory.getLogger(Jacorn.class);

    private final Config config;
    private final Supplier<Config> reread;
    private SessionStores sessions;

    public Jacorn(Config config) {
        this(config, () -> config);
    }

    /**
     * @param reread resolves the settings again, from the same sources, for a reload (SIGHUP)
     */
    public Jacorn(Config config, Supplier<Config> reread) {
        this.config = config;
        this.reread = reread;
    }

    /** Runs until a shutdown signal and returns the exit code; start-up failures are thrown. */
    public ExitCode run() {
        try (Telemetry telemetry = Telemetry.start(config);
                SessionStores stores = SessionStores.open(config, telemetry.sessionMetrics())) {
            sessions = stores;
            return run(telemetry);
        }
    }

    private ExitCode run(Telemetry telemetry) {
        WorkerSettings settings = workerSettings(config);
        LOG.info("Starting jacorn {}", Version.jacorn());
        try (PidFile pid = writePidFile()) {
            Generation generation = new Generation(loadApplications(config), settings);
            Router router = new Router();
            // Outermost the telemetry, so that refused requests are logged and counted too.
            Listeners listeners = new Listeners(ListenerOptions.from(config),
                    telemetry.observe(new RequestGuard(router)));
            Arbiter arbiter = new Arbiter(generation, router, telemetry.events(), this::nextGeneration);
            AdminListener admin = new AdminListener(config.get(Settings.ADMIN_BIND), telemetry.prometheus(),
                    new Health(router::isReady, arbiter::lastTurnNanos, System::nanoTime));
            listeners.bind();
            try {
                admin.start();
                LOG.info("Using worker: {}", describe(settings));
                Signals.install(arbiter::submit);
                arbiter.spawnAll();
            } catch (AppBootException e) {
                admin.close();
                listeners.close();
                LOG.debug("Worker boot failure", e);
                throw new JacornException(ExitCode.WORKER_BOOT, e.getMessage(), null);
            } catch (RuntimeException e) {
                admin.close();
                listeners.close();
                throw e;
            }
            listeners.startAccepting();
            try (AppWatcher watcher = watchApplications(generation, arbiter)) {
                Command reason = arbiter.run();
                stop(reason, router, listeners, arbiter);
            }
            // Last: /readyz answers 503 for the whole drain (the router stopped being ready first).
            admin.close();
        }
        return ExitCode.OK;
    }

    /** For a reload: the settings and the applications as they are now; throws with a one-line message when they cannot be used. */
    private Generation nextGeneration() {
        Config next = reread.get();
        return new Generation(loadApplications(next), workerSettings(next));
    }

    private PidFile writePidFile() {
        Path file = config.get(Settings.PID);
        if (file == null) {
            return null;
        }
        try {
            return PidFile.write(file);
        } catch (IllegalStateException | UncheckedIOException e) {
            throw new JacornException(ExitCode.ERROR, e.getMessage(), e.getCause());
        }
    }

    private AppWatcher watchApplications(Generation generation, Arbiter arbiter) {
        if (!config.get(Settings.RELOAD)) {
            return null;
        }
        List<Path> paths = new ArrayList<>();
        generation.applications().forEach(application -> paths.addAll(application.source().watchedPaths()));
        AppWatcher watcher = new AppWatcher(paths, Duration.ofSeconds(1), () -> arbiter.submit(Command.RELOAD));
        watcher.start();
        return watcher;
    }

    private static String describe(WorkerSettings settings) {
        if (settings.workerClass() == WorkerClass.VIRTUAL) {
            return "virtual (one virtual thread per request, " + settings.workers() + " worker(s) per application)";
        }
        return "thread (" + settings.threads() + " per worker, " + settings.workers() + " worker(s) per application)";
    }

    private void stop(Command reason, Router router, Listeners listeners, Arbiter arbiter) {
        // Readiness off, then no new connection, and only then ask open ones to close: a client
        // told to close reconnects, and a connection still in the listen backlog when the socket
        // closes would be reset by the kernel.
        router.stopReadiness();
        listeners.stopAccepting();
        router.closeConnections();
        if (reason == Command.SHUTDOWN_GRACEFULLY) {
            arbiter.shutdownGracefully(seconds(config.get(Settings.GRACEFUL_TIMEOUT)));
        } else {
            LOG.info("Shutting down: quick stop");
            arbiter.stopAll(Duration.ZERO);
        }
        listeners.close();
        LOG.info("Shutting down: Master");
    }

    private static List<Application> loadApplications(Config config) {
        Realm realm = realm(config);
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
                applications.add(Application.prepare(source, config.get(Settings.WORK_DIR), realm));
            } catch (AppLoadException e) {
                LOG.debug("Application load failure", e);
                throw new JacornException(ExitCode.APP_LOAD, e.getMessage(), e.getCause());
            }
        }
        return applications;
    }

    /** The users of {@code --users}, or none: protected resources are then refused. */
    private static Realm realm(Config config) {
        Path file = config.get(Settings.USERS);
        if (file == null) {
            return Realm.EMPTY;
        }
        try {
            Realm realm = Realm.read(file);
            LOG.info("Realm {}: {} user(s)", file, realm.size());
            return realm;
        } catch (IllegalArgumentException e) {
            throw new JacornException(ExitCode.USAGE, Settings.USERS.flag() + " " + file + " is not valid: "
                    + e.getMessage() + ".", e.getCause());
        }
    }

    /** @throws JacornException (usage) when {@code --worker-class virtual} is asked of a JVM older than 21 */
    private WorkerSettings workerSettings(Config config) {
        WorkerClass workerClass = WorkerClass.parse(config.get(Settings.WORKER_CLASS));
        if (!workerClass.isAvailable()) {
            throw new JacornException(ExitCode.USAGE, "--worker-class virtual needs Java 21 or newer, and this is Java "
                    + Runtime.version().feature() + "; run Jacorn with a newer java, or use --worker-class thread.", null);
        }
        Path temp = config.get(Settings.WORK_DIR).resolve("tmp-" + ProcessHandle.current().pid());
        return new WorkerSettings(config.get(Settings.WORKERS), config.get(Settings.THREADS), workerClass,
                seconds(config.get(Settings.TIMEOUT)), seconds(config.get(Settings.GRACEFUL_TIMEOUT)),
                config.get(Settings.MAX_REQUESTS), config.get(Settings.MAX_REQUESTS_JITTER), temp, sessions::of);
    }

    private static Duration seconds(double value) {
        return Duration.ofMillis(Math.round(value * 1000));
    }
}

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
import dev.jacorn.runner.exit.ExitCode;
import dev.jacorn.runner.exit.JacornException;
import dev.jacorn.runner.lifecycle.LifeCycle;
import dev.jacorn.runner.lifecycle.LifeCycleList;
import dev.jacorn.runner.observe.Telemetry;
import dev.jacorn.runner.server.ListenerOptions;
import dev.jacorn.runner.server.Listeners;
import dev.jacorn.runner.server.RequestGuard;
import dev.jacorn.runner.supervise.AppWatcher;
import dev.jacorn.runner.supervise.Arbiter;
import dev.jacorn.runner.supervise.Command;
import dev.jacorn.runner.supervise.Generation;
import dev.jacorn.runner.supervise.PidFile;
import dev.jacorn.runner.supervise.Router;
import dev.jacorn.runner.supervise.Signals;
import dev.jacorn.runner.supervise.SupervisorEvents;
import dev.jacorn.runner.supervise.SupervisorMetrics;
import dev.jacorn.runner.supervise.WorkerClass;
import dev.jacorn.runner.supervise.WorkerOptions;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the applications, the listeners and the arbiter from the resolved
 * settings, and orders start and stop.
 *
 * <p>Start: load every application (exit 4), then start one {@link LifeCycleList}: bind every
 * listener without accepting (exit 1), the admin listener, boot the workers (exit 3), accept,
 * watch the files. Stop, the same list in reverse: stop watching, readiness off, stop accepting,
 * every response closes its connection, let in-flight requests finish (up to
 * {@code --graceful-timeout}), undeploy, close the admin listener, close the listeners. A start
 * that fails part-way stops what had started, the same way.
 */
public final class Jacorn {

    private static final Logger LOG = LoggerFactory.getLogger(Jacorn.class);

    private final Config config;
    private final Supplier<Config> reread;

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
        // First and on its own: the logging settings apply to everything that follows, the
        // loading of the applications included.
        Telemetry telemetry = new Telemetry(config);
        new LifeCycleList("telemetry", telemetry).run(() -> serve(telemetry));
        return ExitCode.OK;
    }

    /**
     * Start the list (listeners bound, admin listener, workers booted, connections let in, the
     * file watcher); run the arbiter until a shutdown signal; finally stop the list in reverse.
     */
    private void serve(Telemetry telemetry) {
        WorkerOptions settings = workerSettings(config);
        LOG.info("Starting jacorn {}", Version.jacorn());
        try (PidFile pid = writePidFile()) {
            Generation generation = new Generation(loadApplications(config), settings);
            Router router = new Router();
            // Outermost the telemetry, so that refused requests are logged and counted too.
            Listeners listeners = new Listeners(ListenerOptions.from(config),
                    telemetry.observe(new RequestGuard(router)));
            SupervisorEvents events = telemetry.registry() == null ? SupervisorEvents.NONE
                    : new SupervisorMetrics(telemetry.registry());
            Arbiter arbiter = new Arbiter(generation, router, events, this::nextGeneration);
            AdminListener admin = new AdminListener(config.get(Settings.ADMIN_BIND), telemetry.prometheus(),
                    new Health(router::isReady, arbiter::lastTurnNanos, System::nanoTime));
            // Stopped in reverse: the watcher, then no new connection, the workers drain, and only
            // then the admin listener (so /readyz answers 503 for the whole drain) and the sockets.
            List<LifeCycle> components = new ArrayList<>(List.of(listeners, admin, arbiter,
                    new Intake(listeners, router)));
            watchApplications(generation, arbiter).ifPresent(components::add);
            LifeCycleList jacorn = new LifeCycleList("jacorn", components);
            Signals.install(arbiter::submit);
            try {
                jacorn.run(arbiter::run);
            } catch (AppBootException e) {
                // Only a start throws it (exit 3); what had started is stopped again by then.
                LOG.debug("Worker boot failure", e);
                throw new JacornException(ExitCode.WORKER_BOOT, e.getMessage(), null);
            }
            LOG.info("Shutting down: Master");
        }
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

    private Optional<AppWatcher> watchApplications(Generation generation, Arbiter arbiter) {
        if (!config.get(Settings.RELOAD)) {
            return Optional.empty();
        }
        List<Path> paths = new ArrayList<>();
        generation.applications().forEach(application -> paths.addAll(application.source().watchedPaths()));
        return Optional.of(new AppWatcher(paths, Duration.ofSeconds(1), () -> arbiter.submit(Command.RELOAD)));
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
    private static WorkerOptions workerSettings(Config config) {
        WorkerClass workerClass = WorkerClass.parse(config.get(Settings.WORKER_CLASS));
        if (!workerClass.isAvailable()) {
            throw new JacornException(ExitCode.USAGE, "--worker-class virtual needs Java 21 or newer, and this is Java "
                    + Runtime.version().feature() + "; run Jacorn with a newer java, or use --worker-class thread.", null);
        }
        Path temp = config.get(Settings.WORK_DIR).resolve("tmp-" + ProcessHandle.current().pid());
        return new WorkerOptions(config.get(Settings.WORKERS), config.get(Settings.THREADS), workerClass,
                seconds(config.get(Settings.TIMEOUT)), seconds(config.get(Settings.GRACEFUL_TIMEOUT)),
                config.get(Settings.MAX_REQUESTS), config.get(Settings.MAX_REQUESTS_JITTER), temp);
    }

    private static Duration seconds(double value) {
        return Duration.ofMillis(Math.round(value * 1000));
    }
}

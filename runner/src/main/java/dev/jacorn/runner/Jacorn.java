package dev.jacorn.runner;

import dev.jacorn.adapter.AppBootException;
import dev.jacorn.runner.admin.AdminListener;
import dev.jacorn.runner.admin.Health;
import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.config.Settings;
import dev.jacorn.runner.exit.ExitCode;
import dev.jacorn.runner.exit.JacornException;
import dev.jacorn.runner.lifecycle.LifeCycle;
import dev.jacorn.runner.lifecycle.LifeCycleList;
import dev.jacorn.runner.observe.Telemetry;
import dev.jacorn.runner.server.Listeners;
import dev.jacorn.runner.session.SessionStores;
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
    private Loader loader = new Loader();

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
        new LifeCycleList("telemetry", telemetry).run(() -> {
            try (SessionStores stores = SessionStores.open(config, telemetry.sessionMetrics())) {
                loader = new Loader(stores::of);
                serve(telemetry);
            }
        });
        return ExitCode.OK;
    }

    /**
     * Start the list (listeners bound, admin listener, workers booted, connections let in, the
     * file watcher); run the arbiter until a shutdown signal; finally stop the list in reverse.
     */
    private void serve(Telemetry telemetry) {
        LOG.info("Starting jacorn {}", Version.jacorn());
        try (PidFile pid = writePidFile(); Loader.Loaded loaded = loader.load(config)) {
            Generation generation = loaded.generation();
            WorkerOptions settings = generation.settings();
            Router router = new Router();
            Listeners listeners = new Listeners(loaded.listeners(), router, telemetry::observe);
            SupervisorEvents events = telemetry.registry() == null ? SupervisorEvents.NONE
                    : new SupervisorMetrics(telemetry.registry());
            Arbiter arbiter = new Arbiter(generation, router, events, this::nextGeneration,
                    listeners::closeIdleConnections);
            AdminListener admin = new AdminListener(config.get(Settings.ADMIN_BIND), telemetry.prometheus(),
                    new Health(router::isReady, arbiter::lastTurnNanos, System::nanoTime), AdminListener.Limits.from(config));
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
        return loader.reload(reread.get());
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

    private static Duration seconds(double value) {
        return Duration.ofMillis(Math.round(value * 1000));
    }
}

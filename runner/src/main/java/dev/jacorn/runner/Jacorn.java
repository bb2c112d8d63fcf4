package dev.jacorn.runner;

import dev.jacorn.adapter.AppBootException;
import dev.jacorn.adapter.AppLoadException;
import dev.jacorn.adapter.AppSource;
import dev.jacorn.adapter.Application;
import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.config.Settings;
import dev.jacorn.runner.observe.Logging;
import dev.jacorn.runner.server.ListenerOptions;
import dev.jacorn.runner.server.Listeners;
import dev.jacorn.runner.supervise.Arbiter;
import dev.jacorn.runner.supervise.Command;
import dev.jacorn.runner.supervise.Router;
import dev.jacorn.runner.supervise.Signals;
import dev.jacorn.runner.supervise.SupervisorEvents;
import dev.jacorn.runner.supervise.WorkerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds the applications, the listeners and the arbiter from the resolved
 * settings, and orders start and stop.
 *
 * <p>Start: load every application (exit 4), bind every listener without accepting (exit 1),
 * boot the workers (exit 3), accept. Stop: readiness off and every response closes its
 * connection, stop accepting, let in-flight requests finish (up to {@code --graceful-timeout}),
 * undeploy, close the listeners.
 */
public final class Jacorn {

    private static final Logger LOG = LoggerFactory.getLogger(Jacorn.class);

    private final Config config;

    public Jacorn(Config config) {
        this.config = config;
    }

    /** Runs until a shutdown signal and returns the exit code; start-up failures are thrown. */
    public ExitCode run() {
        Logging.apply(config.get(Settings.LOG_LEVEL));
        LOG.info("Starting jacorn {}", Version.jacorn());
        List<Application> applications = loadApplications();
        Router router = new Router();
        Listeners listeners = new Listeners(ListenerOptions.from(config), router);
        Arbiter arbiter = new Arbiter(applications, workerSettings(), router, SupervisorEvents.NONE);
        listeners.bind();
        try {
            LOG.info("Using worker: thread ({} per worker, {} worker(s) per application)",
                    config.get(Settings.THREADS), config.get(Settings.WORKERS));
            Signals.install(arbiter::submit);
            arbiter.spawnAll();
        } catch (AppBootException e) {
            listeners.close();
            LOG.debug("Worker boot failure", e);
            throw new JacornException(ExitCode.WORKER_BOOT, e.getMessage(), null);
        } catch (RuntimeException e) {
            listeners.close();
            throw e;
        }
        listeners.startAccepting();
        Command reason = arbiter.run();
        stop(reason, router, listeners, arbiter);
        return ExitCode.OK;
    }

    private void stop(Command reason, Router router, Listeners listeners, Arbiter arbiter) {
        router.closeConnections();
        listeners.stopAccepting();
        if (reason == Command.SHUTDOWN_GRACEFULLY) {
            arbiter.shutdownGracefully(seconds(config.get(Settings.GRACEFUL_TIMEOUT)));
        } else {
            LOG.info("Shutting down: quick stop");
            arbiter.stopAll(Duration.ZERO);
        }
        listeners.close();
        LOG.info("Shutting down: Master");
    }

    private List<Application> loadApplications() {
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
                applications.add(Application.prepare(source, config.get(Settings.WORK_DIR)));
            } catch (AppLoadException e) {
                LOG.debug("Application load failure", e);
                throw new JacornException(ExitCode.APP_LOAD, e.getMessage(), e.getCause());
            }
        }
        return applications;
    }

    private WorkerSettings workerSettings() {
        Path temp = config.get(Settings.WORK_DIR).resolve("tmp-" + ProcessHandle.current().pid());
        return new WorkerSettings(config.get(Settings.WORKERS), config.get(Settings.THREADS),
                seconds(config.get(Settings.TIMEOUT)), seconds(config.get(Settings.GRACEFUL_TIMEOUT)), temp);
    }

    private static Duration seconds(double value) {
        return Duration.ofMillis(Math.round(value * 1000));
    }
}

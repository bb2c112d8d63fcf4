package dev.jacorn.runner.cli;

import dev.jacorn.adapter.AppBootException;
import dev.jacorn.adapter.Application;
import dev.jacorn.adapter.DeployOptions;
import dev.jacorn.adapter.Deployment;
import dev.jacorn.runner.exit.ExitCode;
import dev.jacorn.runner.exit.JacornException;
import dev.jacorn.runner.Loader;
import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.observe.Logging;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code --check-config}: applies the logging settings, loads everything through the
 * {@link Loader} a start uses (worker class, TLS material, realm, work directory, applications),
 * then deploys and undeploys each application once, as a worker would, without binding any socket.
 * Prints one line per application on success; a failure is thrown as the same
 * {@link JacornException} (same sentence, same exit code: 2 usage, 4 load, 3 boot) a real start
 * gives. Runs on the calling thread.
 */
final class ConfigCheck {

    private final Config config;
    private final PrintStream out;

    ConfigCheck(Config config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    ExitCode run() {
        Logging.configure(config);
        try (Loader.Loaded loaded = new Loader().load(config)) {
            for (Application application : loaded.generation().applications()) {
                long started = System.nanoTime();
                deployOnce(application, loaded.generation().settings().tempDir());
                out.println("OK: " + application.name() + " at "
                        + (application.contextPath().isEmpty() ? "/" : application.contextPath())
                        + " loaded, deployed and undeployed in "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
            }
        }
        out.println("Configuration OK");
        out.flush();
        return ExitCode.OK;
    }

    private static void deployOnce(Application application, Path scratch) {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Deployment deployment = application.deploy(new DeployOptions(application.name() + "#check", threads,
                    scratch.resolve("check")));
            deployment.undeploy();
        } catch (AppBootException e) {
            throw new JacornException(ExitCode.WORKER_BOOT, e.getMessage(), null);
        } finally {
            threads.shutdownNow();
        }
    }
}

package dev.jacorn.runner.cli;

import dev.jacorn.adapter.AppBootException;
import dev.jacorn.adapter.AppLoadException;
import dev.jacorn.adapter.AppSource;
import dev.jacorn.adapter.Application;
import dev.jacorn.adapter.DeployOptions;
import dev.jacorn.adapter.Deployment;
import dev.jacorn.runner.exit.ExitCode;
import dev.jacorn.runner.exit.JacornException;
import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.config.Settings;
import dev.jacorn.runner.observe.Logging;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code --check-config}: applies the logging settings, then loads every application and deploys
 * and undeploys it once, as a worker would, without binding any socket. Prints one line per
 * application on success; a failure is thrown as the same {@link JacornException} (exit 4 load,
 * 3 boot, 2 usage) a real start would give. Runs on the calling thread.
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
        List<String> contextPaths = new ArrayList<>();
        for (String app : config.apps()) {
            Application application = load(app, contextPaths);
            long started = System.nanoTime();
            deployOnce(application);
            out.println("OK: " + application.name() + " at "
                    + (application.contextPath().isEmpty() ? "/" : application.contextPath())
                    + " loaded, deployed and undeployed in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
        }
        out.println("Configuration OK");
        out.flush();
        return ExitCode.OK;
    }

    private Application load(String app, List<String> contextPaths) {
        try {
            AppSource source = AppSource.parse(app, config.get(Settings.CLASSPATH));
            if (contextPaths.contains(source.contextPath())) {
                throw new JacornException(ExitCode.USAGE, "Two applications are mounted at "
                        + (source.contextPath().isEmpty() ? "/" : source.contextPath())
                        + "; give each APP its own context path, e.g. api.war:/api site.war.", null);
            }
            contextPaths.add(source.contextPath());
            return Application.prepare(source, config.get(Settings.WORK_DIR));
        } catch (AppLoadException e) {
            throw new JacornException(ExitCode.APP_LOAD, e.getMessage(), e.getCause());
        }
    }

    private void deployOnce(Application application) {
        Path temp = config.get(Settings.WORK_DIR).resolve("check-" + ProcessHandle.current().pid());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Deployment deployment = application.deploy(new DeployOptions(application.name() + "#check", threads, temp));
            deployment.undeploy();
        } catch (AppBootException e) {
            throw new JacornException(ExitCode.WORKER_BOOT, e.getMessage(), null);
        } finally {
            threads.shutdownNow();
            delete(temp);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover scratch directory under --work-dir is harmless
        }
    }
}

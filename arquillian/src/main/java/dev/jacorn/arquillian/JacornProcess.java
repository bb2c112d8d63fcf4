package dev.jacorn.arquillian;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.arquillian.container.spi.client.container.DeploymentException;

/**
 * One {@code java -jar runner.jar} child process serving a set of applications, started the way
 * users start it. Its output (standard output and error, merged) is read by a daemon thread, kept
 * in a bounded tail for error messages and optionally copied to this JVM's standard output.
 *
 * <p>{@link #start} blocks until the runner logged {@code Listening at:} and a {@code READY} worker
 * for every application, or fails with a {@link DeploymentException} carrying the runner's last
 * lines when it exits first or the timeout passes. {@link #stop} sends SIGTERM (a graceful stop)
 * and kills the process if it outlives the stop timeout; a shutdown hook sends SIGTERM if this JVM
 * ends first. Not thread-safe: the container calls it
 * from Arquillian's single thread.
 */
final class JacornProcess {

    private static final Pattern LISTENING = Pattern.compile("Listening at: https?://\\S+:(\\d+)");
    private static final Pattern READY = Pattern.compile("Worker \\d+ READY: \\S+ at (\\S+) in ");
    private static final int TAIL_LINES = 200;

    /** An application to serve: its WAR file and its context path ({@code ""} for the root). */
    record App(Path war, String contextPath) {

        String argument() {
            return contextPath.isEmpty() ? war.toString() : war + ":" + contextPath;
        }

        String loggedContext() {
            return contextPath.isEmpty() ? "/" : contextPath;
        }
    }

    private final Process process;
    private final Thread reaper;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Set<String> readyContexts = new HashSet<>();
    private int port = -1;
    private boolean ended;

    private JacornProcess(Process process, PrintStream console) {
        this.process = process;
        // A test JVM that ends without undeploying (killed, System.exit) must not leave the runner behind.
        this.reaper = new Thread(process::destroy, "jacorn-runner-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        Thread pump = new Thread(() -> pump(console), "jacorn-runner-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Starts the runner on {@code host:port} (0 for a free port) and waits until every application is READY. */
    static JacornProcess start(JacornContainerConfiguration config, Path workDir, int port, List<App> apps)
            throws DeploymentException {
        List<String> command = new ArrayList<>();
        command.add(config.getJavaExecutable());
        command.addAll(config.javaVmArgumentList());
        command.add("-jar");
        command.add(config.getRunnerJar());
        List<String> runnerArguments = config.runnerArgumentList();
        if (!runnerArguments.contains("--work-dir")) {
            command.add("--work-dir");
            command.add(workDir.toString());
        }
        command.addAll(runnerArguments);
        command.add("--bind");
        command.add(hostForBind(config.getBindHost()) + ":" + port);
        apps.forEach(app -> command.add(app.argument()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The runner reads JACORN_* variables; the tests' own environment must not reconfigure it.
        builder.environment().keySet().removeIf(k -> k.startsWith("JACORN_") || k.equals("PORT")
                || k.equals("WEB_CONCURRENCY"));
        JacornProcess started;
        try {
            started = new JacornProcess(builder.start(), config.isOutputToConsole() ? System.out : null);
        } catch (IOException e) {
            throw new DeploymentException("Could not start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        started.awaitReady(apps, config.getStartupTimeoutInSeconds(), config.getStopTimeoutInSeconds());
        return started;
    }

    private static String hostForBind(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The port the runner listens on. */
    int port() {
        return port;
    }

    /** Stops the runner gracefully (SIGTERM), killing it when it is still running after the timeout. */
    void stop(int timeoutSeconds) {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook stops the runner
        }
        process.destroy();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(List<App> apps, int startupSeconds, int stopSeconds) throws DeploymentException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startupSeconds);
        synchronized (this) {
            while (!isReady(apps)) {
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (isReady(apps)) {
                return;
            }
        }
        // Its output ended: the runner is exiting (a failed start), so wait for its exit code.
        boolean exited = hasEnded() && awaitExit(stopSeconds);
        String why = exited ? "exited with " + process.exitValue()
                : "was not READY within " + startupSeconds + " s (startupTimeoutInSeconds)";
        stop(stopSeconds);
        throw new DeploymentException("The jacorn runner " + why + "; its last lines:\n" + tailText());
    }

    private boolean isReady(List<App> apps) {
        return port >= 0 && apps.stream().allMatch(app -> readyContexts.contains(app.loggedContext()));
    }

    private synchronized boolean hasEnded() {
        return ended;
    }

    private boolean awaitExit(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    synchronized String tailText() {
        return String.join("\n", tail);
    }

    private void pump(PrintStream console) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (console != null) {
                    console.println(line);
                }
                record(line);
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void record(String line) {
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        Matcher listening = LISTENING.matcher(line);
        if (port < 0 && listening.find()) {
            port = Integer.parseInt(listening.group(1));
        }
        Matcher ready = READY.matcher(line);
        if (ready.find()) {
            readyContexts.add(ready.group(1));
        }
        notifyAll();
    }
}

package dev.jacorn.runner.e2e;

import dev.jacorn.runner.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar runner.jar ...} as a real child process, the way users start it: its stdout
 * and stderr captured line by line, its port read from the {@code Listening at:} log line, real
 * signals sent with {@code kill}. Always bind port 0 (the default {@link #start} adds
 * {@code --bind 127.0.0.1:0} unless the arguments bind already).
 *
 * <p>Processes register with {@link ServerLogOnFailure}, which prints their output when a test
 * fails and kills any left running.
 */
public final class RunnerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening at: (https?)://(\\S+):(\\d+)");
    static final List<RunnerProcess> STARTED = new CopyOnWriteArrayList<>();

    private final Process process;
    private final List<String> command;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<Thread> pumps;

    private RunnerProcess(Process process, List<String> command) {
        this.process = process;
        this.command = command;
        this.pumps = List.of(pump(process.getInputStream(), stdout, "stdout"),
                pump(process.getErrorStream(), stderr, "stderr"));
        STARTED.add(this);
    }

    /** Starts the runner with {@code args}, binding 127.0.0.1:0 unless a bind is given. */
    public static RunnerProcess start(String... args) {
        return start(Map.of(), args);
    }

    /** Starts the runner with extra environment variables. */
    public static RunnerProcess start(Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (all.stream().noneMatch(a -> a.equals("--bind") || a.equals("-b") || a.startsWith("--bind="))
                && !environment.containsKey("PORT") && !environment.containsKey("JACORN_BIND")) {
            all.add(0, "127.0.0.1:0");
            all.add(0, "--bind");
        }
        return startExactly(environment, all);
    }

    /** Starts the runner with exactly these arguments. */
    public static RunnerProcess startExactly(Map<String, String> environment, List<String> args) {
        return startUnder(List.of(), environment, args);
    }

    /** Starts the runner with exactly these arguments through a wrapper command such as {@code nohup}. */
    public static RunnerProcess startUnder(List<String> wrapper, Map<String, String> environment, List<String> args) {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("jacorn.java", Path.of(System.getProperty("java.home"), "bin", "java")
                .toString())).toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-jar");
        command.add(Samples.runnerJar().toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("JACORN_") || k.equals("PORT")
                || k.equals("WEB_CONCURRENCY"));
        builder.environment().putAll(environment);
        try {
            return new RunnerProcess(builder.start(), command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts exactly {@code command}, which need not be {@code java -jar runner.jar}: the command a
     * container's entrypoint or a service unit declares, with {@code java} on the PATH.
     */
    public static RunnerProcess startCommand(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("JACORN_") || k.equals("PORT")
                || k.equals("WEB_CONCURRENCY"));
        builder.environment().putAll(environment);
        String javaBin = Path.of(System.getProperty("java.home"), "bin").toString();
        builder.environment().put("PATH", javaBin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        try {
            return new RunnerProcess(builder.start(), command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Thread pump(InputStream stream, List<String> sink, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "runner-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Once the process has exited: waits until both pumps have read its last line (end of stream). */
    private void joinPumps() {
        for (Thread pump : pumps) {
            try {
                pump.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits for the first {@code Listening at:} line and returns its port. */
    public int port() {
        return listening(0).port();
    }

    /** The n-th listener's scheme, host and port, waiting for it to be logged. */
    public Listener listening(int index) {
        awaitLog(l -> countListening() > index, Duration.ofSeconds(60));
        int seen = 0;
        for (String line : stderr) {
            Matcher m = LISTENING.matcher(line);
            if (m.find() && seen++ == index) {
                return new Listener(m.group(1), m.group(2), Integer.parseInt(m.group(3)));
            }
        }
        throw new AssertionError("unreachable");
    }

    private long countListening() {
        return stderr.stream().filter(l -> LISTENING.matcher(l).find()).count();
    }

    /**
     * Waits for the first {@code READY} line and returns the port. The runner accepts only once
     * every worker booted at start-up is READY; connections made before then wait in the listen
     * backlog.
     */
    public int awaitReady() {
        int port = port();
        awaitLine("READY", Duration.ofSeconds(120));
        return port;
    }

    /** Waits for a log line (stdout or stderr) containing {@code text}; fails with the log if it never comes. */
    public String awaitLine(String text, Duration timeout) {
        return awaitLog(line -> line.contains(text), timeout);
    }

    /** Waits for a log line matching {@code test}. */
    public String awaitLog(Predicate<String> test, Duration timeout) {
        Optional<String> found = Await.poll(timeout, () -> {
            boolean exited = !process.isAlive();
            if (exited) {
                joinPumps();
            }
            String line = find(test);
            if (line == null && exited) {
                throw new AssertionError("runner exited with " + process.exitValue()
                        + " before the expected log line\n" + log());
            }
            return line;
        });
        return found.orElseThrow(() -> new AssertionError("expected log line did not appear within " + timeout
                + "\n" + log()));
    }

    private String find(Predicate<String> test) {
        for (String line : allLines()) {
            if (test.test(line)) {
                return line;
            }
        }
        return null;
    }

    /** How many log lines contain {@code text}. */
    public long count(String text) {
        return allLines().stream().filter(l -> l.contains(text)).count();
    }

    /** Sends a signal by name (TERM, INT, HUP, TTIN, TTOU, USR1) with the real {@code kill} command. */
    public void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -s " + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Waits for the process to exit and returns its code; fails if it does not exit in time. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("runner did not exit within " + timeout + "\n" + log());
            }
            joinPumps();
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** What the operating system says about the process (its executable, for one). */
    public ProcessHandle.Info info() {
        return process.info();
    }

    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    public List<String> stderr() {
        return List.copyOf(stderr);
    }

    public List<String> allLines() {
        List<String> all = new ArrayList<>(stderr);
        all.addAll(stdout);
        return all;
    }

    /** The command and everything it printed, for failure messages. */
    public String log() {
        return "command: " + String.join(" ", command) + "\n--- stderr ---\n" + String.join("\n", stderr)
                + "\n--- stdout ---\n" + String.join("\n", stdout);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One logged listener. */
    public record Listener(String scheme, String host, int port) {
    }
}

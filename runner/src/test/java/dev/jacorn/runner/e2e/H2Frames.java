package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs {@code src/test/resources/h2/frames.py}, a raw-frame HTTP/2 client on Debian's python3-h2
 * (installed by {@code .ci/run}), and returns what it printed as {@code key=value} pairs. It sends
 * what well-behaved clients never do: streams past the limit, resets, floods of empty frames,
 * header blocks left open. See the script's docstring for the scenarios.
 */
public final class H2Frames {

    private static final String PYTHON = "/usr/bin/python3";

    private H2Frames() {
    }

    /** One run to its end; {@code mode} is {@code h2c} (prior knowledge) or {@code tls} (h2 by ALPN). */
    public static Map<String, String> run(int port, String mode, String... scenario) {
        try {
            Process process = start(port, mode, 60, scenario);
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "frames.py did not end");
            assertTrue(process.exitValue() == 0, "frames.py failed:\n" + output);
            return parse(output);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts a run in the background, waiting at most {@code waitSeconds} for the server. */
    public static Process start(int port, String mode, int waitSeconds, String... scenario) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON, script(), "--wait", Integer.toString(waitSeconds),
                "127.0.0.1", Integer.toString(port), mode));
        command.addAll(Arrays.asList(scenario));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /**
     * A connection that made one GET (answered 200: checked before this returns) and then waits,
     * for a GOAWAY or the end; its later output is read from the same reader as the first line.
     */
    public record IdleAfterRequest(Process process, BufferedReader output) {

        public static IdleAfterRequest start(int port, String mode, String path) throws IOException {
            Process process = H2Frames.start(port, mode, 30, "request-then-idle", path);
            BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("status=200", output.readLine());
            return new IdleAfterRequest(process, output);
        }

        /** Waits for the run to end and asserts a GOAWAY NO_ERROR naming stream 1, the one request. */
        public void assertGoneAwayAfterItsRequest() throws IOException, InterruptedException {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "frames.py did not end");
            Map<String, String> result = parse(output.lines().collect(Collectors.joining("\n")));
            assertEquals("0", result.get("goaway"), result.get("output"));
            assertEquals("1", result.get("last"), result.get("output"));
        }
    }

    public static Map<String, String> parse(String output) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.putIfAbsent(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        values.put("output", output);
        return values;
    }

    private static String script() {
        try {
            return Path.of(H2Frames.class.getResource("/h2/frames.py").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}

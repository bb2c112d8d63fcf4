package dev.jacorn.runner.e2e.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jacorn.runner.e2e.RunnerProcess;
import dev.jacorn.runner.e2e.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every case of the raw HTTP corpus over a raw socket against one running runner (the
 * recording servlet at /rec, the hello WAR at /) and checks the status, what the connection
 * did, and how many times the application was called. After each case a marker request is
 * recorded, so the application calls between two markers belong to that case alone.
 */
class HttpCorpusIT {

    private static RunnerProcess runner;
    private static int port;
    private static int markers;
    private static int lastCalls;

    @BeforeAll
    static void start() {
        runner = RunnerProcess.start("--classpath", Samples.testClasses().toString(),
                "dev.jacorn.runner.fixtures.RecordingServlet:/rec", Samples.war("hello").toString());
        port = runner.awaitReady();
        runner.awaitLine("Worker 2 READY", Duration.ofSeconds(60));
        recordedSinceLastMarker();
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGetsItsExpectedAnswer() throws IOException, URISyntaxException {
        Path root = Path.of(HttpCorpusIT.class.getResource("/http-corpus").toURI());
        List<HttpCase> cases = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".http")).sorted().toList()) {
                cases.add(HttpCase.read(root, file));
            }
        }
        assertTrue(cases.size() >= 100, "the corpus holds at least 100 cases, found " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            try {
                replay(c);
            } catch (IOException e) {
                throw new AssertionError(c.name() + ": " + e, e);
            }
        }));
    }

    private static void replay(HttpCase c) throws IOException {
        List<RawResponse> responses = new ArrayList<>();
        boolean closed;
        try {
            closed = exchange(c, responses);
        } finally {
            // Counted before any assertion, so that a failing case cannot leak its calls into the next.
            lastCalls = recordedSinceLastMarker();
        }
        String log = "\n" + c.name() + " got " + responses.stream().map(r -> r.head() + r.body()).toList();
        RawResponse first = responses.get(0);
        String firstStatus = first.status() == 0 ? "none" : first.status() < 0 ? "timeout" : Integer.toString(first.status());
        assertTrue(c.statuses().contains(firstStatus), "status " + firstStatus + ", expected " + c.statuses() + log);
        checkConnection(c, closed, log);
        checkContent(c, responses, log);
        if (c.appCalls() >= 0) {
            assertEquals(c.appCalls(), lastCalls, "application calls" + log);
        }
    }

    private static boolean exchange(HttpCase c, List<RawResponse> responses) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(Integer.parseInt(c.expectations().getOrDefault("wait", "5000")));
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(c.request());
            out.flush();
            boolean headFirst = "true".equals(c.expectations().get("head-first"));
            for (int i = 0; i < c.responses(); i++) {
                RawResponse response;
                try {
                    response = RawResponse.read(in, i == 0 && headFirst);
                } catch (SocketTimeoutException e) {
                    if (i == 0 && c.statuses().contains("timeout")) {
                        responses.add(new RawResponse(-1, "", "", false));
                        return false;
                    }
                    throw e;
                }
                responses.add(response);
                if (response.status() == 0 || response.closedAfter()) {
                    break;
                }
            }
            if (responses.get(responses.size() - 1).closedAfter()) {
                return true;
            }
            return switch (c.connection()) {
                case "close" -> isClosed(socket, in, 3000);
                case "keep" -> isClosed(socket, in, 300);
                default -> false;
            };
        }
    }

    private static void checkConnection(HttpCase c, boolean closed, String log) {
        if ("close".equals(c.connection())) {
            assertTrue(closed, "the connection should have been closed" + log);
        } else if ("keep".equals(c.connection())) {
            assertFalse(closed, "the connection should have stayed open" + log);
        }
    }

    private static void checkContent(HttpCase c, List<RawResponse> responses, String log) {
        String body = responses.get(0).body();
        String head = responses.get(0).head();
        String includes = c.expectations().get("body-includes");
        if (includes != null) {
            assertTrue(body.contains(includes), "body should include " + includes + log);
        }
        String excludes = c.expectations().get("body-excludes");
        if (excludes != null) {
            for (String forbidden : excludes.split("\\|")) {
                assertFalse(body.contains(forbidden), "body must not include " + forbidden + log);
            }
        }
        String header = c.expectations().get("header-includes");
        if (header != null) {
            assertTrue(head.contains(header), "head should include " + header + log);
        }
        String second = c.expectations().get("second-status");
        if (second != null) {
            assertTrue(responses.size() > 1, "a second response was expected" + log);
            assertEquals(Integer.parseInt(second), responses.get(1).status(), "second status" + log);
        }
        if (c.responses() > 1 && second == null) {
            assertEquals(c.responses(), responses.size(), "responses" + log);
        }
    }

    /** Whether the server closed the connection: EOF within a short wait, rather than silence. */
    private static boolean isClosed(Socket socket, InputStream in, int waitMillis) throws IOException {
        socket.setSoTimeout(waitMillis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Sends a marker request and returns how many other requests were recorded since the previous one. */
    private static int recordedSinceLastMarker() {
        String marker = "/rec/__marker__/" + (++markers);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + marker + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, RawResponse.read(socket.getInputStream(), false).status());
        } catch (IOException e) {
            fail("marker request failed: " + e);
        }
        runner.awaitLine("recorded: GET " + marker + " ", Duration.ofSeconds(10));
        List<String> out = runner.stdout();
        int end = -1;
        int start = -1;
        for (int i = out.size() - 1; i >= 0; i--) {
            if (end < 0 && out.get(i).startsWith("recorded: GET " + marker + " ")) {
                end = i;
            } else if (end >= 0 && out.get(i).startsWith("recorded: GET /rec/__marker__/")) {
                start = i;
                break;
            }
        }
        int calls = 0;
        for (int i = start + 1; i < end; i++) {
            if (out.get(i).startsWith("recorded: ")) {
                calls++;
            }
        }
        return calls;
    }
}

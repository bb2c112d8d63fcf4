package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request limit over raw sockets: the status, the closed connection, and that the
 * application never saw the request (the edge sample logs {@code edge: METHOD URI?QUERY} for
 * each request it serves). Small limits keep the requests small:
 * line 200, 10 fields, 100 bytes per field, 1 KiB of body, 2 s for the head, 3 s keep-alive.
 */
class LimitsIT {

    @RegisterExtension
    static final SharedRunners RUNNERS = new SharedRunners();

    private static RunnerProcess runner;
    private static int port;
    private static RunnerProcess unbufferedRunner;
    private static int unbuffered;

    @BeforeAll
    static void start() {
        runner = RUNNERS.add(RunnerProcess.start("--limit-request-line", "200", "--limit-request-fields", "10",
                "--limit-request-field-size", "100", "--limit-request-body", "1k", "--header-timeout", "2",
                "--keepalive", "3", Samples.war("edge").toString()));
        port = runner.awaitReady();
        // --body-buffer-size 0: the application reads the whole body itself.
        unbufferedRunner = RUNNERS.add(RunnerProcess.start("--limit-request-body", "1k", "--body-buffer-size", "0",
                Samples.war("edge").toString()));
        unbuffered = unbufferedRunner.awaitReady();
    }

    static Stream<Arguments> overLimit() {
        return Stream.of(
                Arguments.of("long-line", 414, "GET /info?case=long-line&pad=" + "a".repeat(200) + " HTTP/1.1\nHost: x\n\n"),
                Arguments.of("many-fields", 431, "GET /info?case=many-fields HTTP/1.1\nHost: x\n" + fields(10) + "\n"),
                Arguments.of("long-field", 431, "GET /info?case=long-field HTTP/1.1\nHost: x\nX-Big: "
                        + "b".repeat(94) + "\n\n"),
                Arguments.of("big-body", 413, "POST /info?case=big-body HTTP/1.1\nHost: x\nContent-Length: 1025\n"
                        + "Content-Type: text/plain\n\n"),
                // Past the parser's own ceilings (64 KiB of head, 4 x the field limit) Undertow answers 400 itself.
                Arguments.of("huge-head", 400, "GET /info?case=huge-head HTTP/1.1\nHost: x\nX-Big: "
                        + "h".repeat(70_000) + "\n\n"),
                Arguments.of("far-too-many-fields", 400, "GET /info?case=far-too-many-fields HTTP/1.1\nHost: x\n"
                        + fields(60) + "\n"));
    }

    @ParameterizedTest(name = "{0} gets {1}, the connection closed, the application not called")
    @MethodSource("overLimit")
    void overLimitRequestsAreRefusedBeforeTheApplication(String name, int status, String request) {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
            EdgeHttp.Response response = EdgeHttp.send(socket, request);
            assertEquals(status, response.status(), response.toString());
            assertEquals("close", response.header("Connection").toLowerCase());
            assertTrue(EdgeHttp.isClosedByServer(socket), "the server closes the connection");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertApplicationNeverSaw(name);
    }

    @Test
    void requestsExactlyAtEveryLimitAreServed() throws IOException {
        String target = "/info?case=at-limit&pad=";
        // "GET " + target + pad + " HTTP/1.1" is exactly 200 bytes.
        String pad = "p".repeat(200 - "GET ".length() - target.length() - " HTTP/1.1".length());
        String request = "GET " + target + pad + " HTTP/1.1\nHost: x\n" + fields(7)
                + "X-Big: " + "b".repeat(100 - "X-Big: ".length()) + "\nContent-Length: 1024\n\n" + "x".repeat(1024);
        try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
            EdgeHttp.Response response = EdgeHttp.send(socket, request);
            assertEquals(200, response.status(), response.toString());
            assertEquals("1024", response.info("bodyBytes"));
        }
    }

    @Test
    void aSmallChunkedBodyOverTheLimitIsCutOffBeforeTheApplication() throws IOException {
        // Within --body-buffer-size the body is read before the application runs, so the limit is found
        // first; Undertow's chunked reader then closes the connection (a 413 may or may not come first).
        try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
            EdgeHttp.write(socket, EdgeHttp.crlf("POST /info?case=chunked HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n"
                    + "Content-Type: text/plain\n\n7d0\n" + "c".repeat(2000) + "\n0\n\n").getBytes(StandardCharsets.US_ASCII));
            String answer;
            try {
                answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (java.net.SocketException reset) {
                answer = "";
            }
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 413"), answer);
        }
        assertApplicationNeverSaw("chunked");
    }

    @Test
    void aLargeChunkedBodyOverTheLimitFailsTheApplicationsReadAndClosesTheConnection() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", unbuffered)) {
            EdgeHttp.write(socket, EdgeHttp.crlf("POST /info?case=chunked-read HTTP/1.1\nHost: x\nTransfer-Encoding: chunked\n"
                    + "Content-Type: text/plain\n\n7d0\n" + "c".repeat(2000) + "\n0\n\n").getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(30_000);
            String answer;
            try {
                answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (java.net.SocketException reset) {
                answer = "";
            }
            // The connection ends; whatever came, it is not the application's answer to the whole body.
            assertFalse(answer.contains("bodyBytes="), answer);
        }
        unbufferedRunner.awaitLine("edge: POST /info?case=chunked-read", Duration.ofSeconds(10));
    }

    @Test
    void aClientThatSendsItsHeadersTooSlowlyIsDisconnected() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
            long start = System.nanoTime();
            EdgeHttp.write(socket, "GET /info?case=slow-head HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> EdgeHttp.isClosedByServer(socket));
            try {
                // One header line every 300 ms: never idle long, never done.
                for (int i = 0; i < 60 && !closed.isDone(); i++) {
                    EdgeHttp.write(socket, ("X-Drip-" + i + ": d\r\n").getBytes(StandardCharsets.US_ASCII));
                    RunnerProcess.sleep(300);
                }
            } catch (java.io.UncheckedIOException e) {
                // the server closed the connection while we were writing: what we want
            }
            assertTrue(closed.get(15, TimeUnit.SECONDS), "the server closed the connection");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds >= 1.5 && seconds < 10, "closed after " + seconds + " s, --header-timeout is 2 s");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertApplicationNeverSaw("slow-head");
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheKeepaliveSeconds() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
            assertEquals(200, EdgeHttp.send(socket, "GET /info?case=keepalive HTTP/1.1\nHost: x\n\n").status());
            long idleSince = System.nanoTime();
            // Still open well before the keep-alive time: a second request on it is served.
            assertEquals(200, EdgeHttp.send(socket, "GET /info?case=keepalive-again HTTP/1.1\nHost: x\n\n").status());
            idleSince = System.nanoTime();
            assertTrue(EdgeHttp.isClosedByServer(socket), "closed after the keep-alive time");
            double seconds = (System.nanoTime() - idleSince) / 1e9;
            assertTrue(seconds >= 2.5 && seconds < 10, "idle connection closed after " + seconds + " s, --keepalive is 3");
        }
    }

    /** Waits until a later request is logged (the log is in order), then checks the refused one never was. */
    private static void assertApplicationNeverSaw(String name) {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
            assertEquals(200, EdgeHttp.send(socket, "GET /info?after=" + name + " HTTP/1.1\nHost: x\n\n").status());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        runner.awaitLine("edge: GET /info?after=" + name, Duration.ofSeconds(10));
        assertFalse(runner.allLines().stream().anyMatch(l -> l.contains("case=" + name + "&") || l.endsWith("case=" + name)),
                "the application saw the refused request " + name);
    }

    private static String fields(int count) {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < count; i++) {
            fields.append("X-Field-").append(i).append(": v\n");
        }
        return fields.toString();
    }
}

package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import dev.jacorn.runner.testing.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an attacker sends over HTTP/2, with raw frames ({@link H2Frames}), over h2c by prior
 * knowledge and over h2 by ALPN: streams past {@code --http2-max-concurrent-streams}, Rapid Reset
 * (CVE-2023-44487), floods of empty or control frames, connections left idle or inside a header
 * block, and a body that never comes. Short timeouts keep it quick: 3 s keep-alive, 2 s for a
 * header block, 3 s for a body.
 */
class Http2DefenceIT {

    @RegisterExtension
    static final SharedRunners RUNNERS = new SharedRunners();
    @TempDir
    static Path dir;

    private static RunnerProcess runner;
    private static int tls;
    private static int h2c;
    private static RunnerProcess unbuffered;
    /** Defaults, with the admin listener; only the test that loads it uses it, so its in-flight gauge is its own. */
    private static RunnerProcess busy;

    @BeforeAll
    static void start() {
        Path[] files = EdgeCertificates.create(dir).server(KeyForm.EC_SEC1);
        runner = RUNNERS.add(RunnerProcess.start("--bind", "127.0.0.1:0", "--bind", "http://127.0.0.1:0",
                "--certfile", files[0].toString(), "--keyfile", files[1].toString(), "--keepalive", "3",
                "--header-timeout", "2", "--body-timeout", "3", Samples.war("edge").toString()));
        runner.awaitReady();
        tls = runner.listening(0).port();
        h2c = runner.listening(1).port();
        // No body buffering: the application's own thread waits for the body.
        unbuffered = RUNNERS.add(RunnerProcess.start("--threads", "1", "--body-buffer-size", "0", "--body-timeout", "3",
                "--bind", "http://127.0.0.1:0", "--bind", "127.0.0.1:0", "--certfile", files[0].toString(),
                "--keyfile", files[1].toString(), Samples.war("edge").toString()));
        unbuffered.awaitReady();
        busy = RUNNERS.add(RunnerProcess.start("--admin-bind", "127.0.0.1:0", "--bind", "127.0.0.1:0", "--bind",
                "http://127.0.0.1:0", "--certfile", files[0].toString(), "--keyfile", files[1].toString(),
                Samples.war("edge").toString()));
        busy.awaitReady();
    }

    private static int port(String mode) {
        return mode.equals("tls") ? tls : h2c;
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"h2c", "tls"})
    void streamsBeyondTheLimitAreRefusedNotQueued(String mode) {
        Map<String, String> result = H2Frames.run(port(mode), mode, "streams", "150");
        assertEquals("50", result.get("refused"), "150 streams, 100 allowed: " + result.get("output"));
        assertEquals("0", result.get("other"), result.get("output"));
    }

    /**
     * A client that keeps as many streams in flight as the server allows (100), opening the next as
     * soon as one ends, is never refused: a stream stops counting once the frame that ends it is
     * written, which is when the client sees it closed. Driven by h2load (nghttp2-client).
     */
    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"h2c", "tls"})
    void aClientKeepingTheStreamLimitInFlightIsNeverRefused(String mode) throws Exception {
        String url = (mode.equals("tls") ? "https" : "http") + "://127.0.0.1:" + busy.listening(mode.equals("tls") ? 0 : 1).port()
                + "/text?kb=1";
        Process h2load = new ProcessBuilder("h2load", "-c", "1", "-m", "100", "-n", "20000", url)
                .redirectErrorStream(true).start();
        String output = new String(h2load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(h2load.waitFor(60, TimeUnit.SECONDS), "h2load did not end");
        assertTrue(output.contains("20000 succeeded, 0 failed, 0 errored"), output);
        // Each stream's exchange ended too (their ends run on the I/O thread): none is left in flight.
        int admin = MetricsAndHealthIT.adminPort(busy);
        String[] last = {""};
        boolean none = Await.poll(Duration.ofSeconds(10), () -> {
            last[0] = MetricsAndHealthIT.scrape(admin);
            return last[0].contains("jacorn_requests_in_flight ")
                    && MetricsAndHealthIT.value(last[0], "jacorn_requests_in_flight") == 0 ? true : null;
        }).isPresent();
        assertTrue(none, "requests still in flight after h2load:\n" + last[0].lines()
                .filter(line -> line.startsWith("jacorn_requests_in_flight")).collect(java.util.stream.Collectors.joining("\n")));
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"h2c", "tls"})
    void rapidResetGetsGoawayEnhanceYourCalmAndRunsTheApplicationABoundedNumberOfTimes(String mode) {
        long before = runner.count("edge: GET /info?reset=");
        Map<String, String> result = H2Frames.run(port(mode), mode, "rapid-reset", "5000");
        assertEquals("11", result.get("goaway"), result.get("output"));
        long ran = runner.count("edge: GET /info?reset=") - before;
        // At most the reset budget plus the open-stream limit, never one run per reset (5,000).
        assertTrue(ran <= 300, "the application ran " + ran + " times for reset streams");
        runner.awaitLine("sent more than 200 RST_STREAM frames in 30 s", java.time.Duration.ofSeconds(10));
    }

    /**
     * Every flood gets GOAWAY ENHANCE_YOUR_CALM, also one whose first frames arrive in the same read
     * as the preface ({@code preface-ping}: 300 PINGs in the preface's write), which are counted
     * before the connection's own reads begin.
     */
    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"ping, h2c", "settings, h2c", "empty-data, h2c", "empty-continuation, h2c", "empty-continuation, tls",
            "ping, tls", "preface-ping, h2c", "preface-ping, tls"})
    void floodsOfEmptyOrControlFramesGetGoawayEnhanceYourCalm(String kind, String mode) {
        Map<String, String> result = H2Frames.run(port(mode), mode, "flood", kind, "5000");
        assertEquals("11", result.get("goaway"), result.get("output"));
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"h2c", "tls"})
    void anIdleConnectionGetsGoawayAfterTheKeepalive(String mode) {
        Map<String, String> result = H2Frames.run(port(mode), mode, "idle");
        assertEquals("0", result.get("goaway"), result.get("output"));
        double seconds = Double.parseDouble(result.get("seconds"));
        assertTrue(seconds >= 2.5, "closed after " + seconds + " s, --keepalive is 3");
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"h2c", "tls"})
    void aHeaderBlockLeftOpenIsClosedAfterTheHeaderTimeout(String mode) {
        Map<String, String> result = H2Frames.run(port(mode), mode, "open-header-block");
        assertEquals("0", result.get("goaway"), result.get("output"));
        double seconds = Double.parseDouble(result.get("seconds"));
        assertTrue(seconds >= 1.5, "closed after " + seconds + " s, --header-timeout is 2");
        assertEquals(0, runner.count("open-block"), "the application never saw it");
    }

    /** Empty CONTINUATION frames every 0.5 s (under the frame budget) do not keep a header block open past the timeout. */
    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"h2c", "tls"})
    void aHeaderBlockDrippedOutInContinuationFramesIsClosedAfterTheHeaderTimeout(String mode) {
        Map<String, String> result = H2Frames.run(port(mode), mode, "dripped-header-block");
        assertEquals("0", result.get("goaway"), result.get("output"));
        int dripped = Integer.parseInt(result.get("dripped"));
        assertTrue(dripped >= 3 && dripped < 40, "GOAWAY after " + dripped + " CONTINUATION frames, --header-timeout is 2 s,"
                + " one frame every 0.5 s: " + result.get("output"));
        assertEquals(0, runner.count("dripped-block"), "the application never saw it");
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"h2c", "tls"})
    void aBodyThatNeverComesGets408AfterTheBodyTimeout(String mode) {
        Map<String, String> result = H2Frames.run(port(mode), mode, "stalled-body", "/info?stalled=" + mode);
        assertEquals("408", result.get("status"), result.get("output"));
    }

    @Test
    void aBodyThatNeverComesGets408AndACloseOverHttp11() {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", h2c)) {
            EdgeHttp.write(socket, EdgeHttp.crlf("POST /info?stalled=http11 HTTP/1.1\nHost: x\nContent-Length: 10\n"
                    + "Content-Type: text/plain\n\nabc").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            EdgeHttp.Response response = EdgeHttp.read(socket);
            assertEquals(408, response.status(), response.toString());
            assertTrue(EdgeHttp.isClosedByServer(socket), "the connection is closed after the 408");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A client that opens no flow-control window cannot hold a request thread with a response that
     * has been written: its last frame waits on the connection, and the worker's one thread serves
     * the next request meanwhile; once the window opens, the response ends whole.
     */
    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"h2c", "tls"})
    void aResponseWaitingForTheClientsWindowDoesNotHoldTheRequestThread(String mode) throws Exception {
        int port = unbuffered.listening(mode.equals("tls") ? 1 : 0).port();
        Process client = H2Frames.start(port, mode, 30, "closed-window", "/info?closed-window=" + mode);
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("sent=1", output.readLine());
            unbuffered.awaitLine("edge: GET /info?closed-window=" + mode, java.time.Duration.ofSeconds(10));
            try (Socket socket = EdgeHttp.connect("127.0.0.1", unbuffered.port())) {
                socket.setSoTimeout(10_000);
                assertEquals(200, EdgeHttp.send(socket, "GET /info?while-window-closed HTTP/1.1\nHost: x\n\n").status(),
                        "served by the one request thread while the first response waits for its window");
            }
            client.getOutputStream().write('\n');
            client.getOutputStream().flush();
            assertTrue(client.waitFor(30, TimeUnit.SECONDS), "frames.py did not end");
            Map<String, String> result = H2Frames.parse(output.lines().collect(Collectors.joining("\n")));
            assertEquals("200", result.get("status"), result.get("output"));
            assertEquals("yes", result.get("ended"), result.get("output"));
            assertTrue(Integer.parseInt(result.get("length")) > 0, result.get("output"));
        } finally {
            client.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"http/1.1", "h2c"})
    void anApplicationThreadBlockedReadingABodyIsReleasedAfterTheBodyTimeout(String protocol) throws Exception {
        String marker = "/info?blocked=" + protocol.replace("/", "");
        if (protocol.equals("h2c")) {
            Map<String, String> result = H2Frames.run(unbuffered.port(), "h2c", "stalled-body", marker);
            assertEquals("408", result.get("status"), result.get("output"));
        } else {
            try (Socket socket = EdgeHttp.connect("127.0.0.1", unbuffered.port())) {
                EdgeHttp.write(socket, EdgeHttp.crlf("POST " + marker + " HTTP/1.1\nHost: x\nContent-Length: 10\n"
                        + "Content-Type: text/plain\n\nabc").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertEquals(408, EdgeHttp.read(socket).status());
                assertTrue(EdgeHttp.isClosedByServer(socket));
            }
        }
        // The application ran the request (its one thread waited for the body), and that thread is free again.
        unbuffered.awaitLine("edge: POST " + marker, java.time.Duration.ofSeconds(10));
        try (Socket socket = EdgeHttp.connect("127.0.0.1", unbuffered.port())) {
            assertEquals(200, EdgeHttp.send(socket, "GET /info?after-blocked HTTP/1.1\nHost: x\n\n").status());
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"h2c", "tls"})
    void aHeaderBlockOverTheHeaderListSizeIsRefusedBeforeTheApplication(String mode) {
        String marker = "/info?big-list=" + mode;
        // 70,000 bytes of one field: over --http2-max-header-list-size (65,536), under the HTTP/1.1 ceilings.
        Map<String, String> result = H2Frames.run(port(mode), mode, "request", "GET", marker, "x-big: " + "a".repeat(70_000));
        assertTrue(result.get("status") == null, "refused without a response: " + result.get("output"));
        assertTrue("1".equals(result.get("goaway")) || result.containsKey("reset"), result.get("output"));
        assertEquals(0, runner.count("big-list=" + mode), "the application never saw it");
    }
}

package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow or absent request bodies do not hold request threads (the runner has only 4): small bodies
 * are read on the I/O threads before a request takes a thread, so a normal request is answered
 * while 40 clients upload one byte a second, and while ten h2c connections hold 1,000 POST streams
 * whose bodies never come (5,000 on one connection are refused past the stream limit). Nothing
 * here is timed: the normal request must be answered while the slow ones are still running.
 */
class SlowUploadsIT {

    @RegisterExtension
    static final SharedRunners RUNNERS = new SharedRunners();

    private static RunnerProcess runner;
    private static int port;

    @BeforeAll
    static void start() {
        runner = RUNNERS.add(RunnerProcess.start("--threads", "4", "--body-timeout", "20",
                Samples.war("edge").toString()));
        port = runner.awaitReady();
    }

    @Test
    void fortyUploadsAtOneBytePerSecondDoNotDelayANormalRequest() throws Exception {
        List<Socket> uploads = new ArrayList<>();
        AtomicBoolean dripping = new AtomicBoolean(true);
        Thread drip = new Thread(() -> {
            while (dripping.get()) {
                for (Socket socket : uploads) {
                    try {
                        socket.getOutputStream().write('u');
                    } catch (IOException e) {
                        // counted below: an upload the server ended is not "still running"
                    }
                }
                RunnerProcess.sleep(1000);
            }
        }, "drip");
        try {
            for (int i = 0; i < 40; i++) {
                Socket socket = EdgeHttp.connect("127.0.0.1", port);
                EdgeHttp.write(socket, EdgeHttp.crlf("POST /info?upload=" + i + " HTTP/1.1\nHost: x\nContent-Length: 1000\n"
                        + "Content-Type: text/plain\n\n").getBytes(StandardCharsets.US_ASCII));
                uploads.add(socket);
            }
            drip.start();
            HttpResponse<String> normal = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/info?normal")).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, normal.statusCode());
            // Answered while every upload is still going: none got an answer, none reached the application.
            for (Socket socket : uploads) {
                assertEquals(0, socket.getInputStream().available(), "an upload was answered already");
            }
            assertEquals(0, runner.count("edge: POST /info?upload="), "an upload took a thread");
        } finally {
            dripping.set(false);
            drip.join();
            for (Socket socket : uploads) {
                socket.close();
            }
        }
    }

    @Test
    void aThousandBodilessPostStreamsDoNotStarveHttp11Clients() throws Exception {
        // Ten h2c connections, each with the 100 streams it may open, whose bodies never come.
        List<Process> holders = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                Process holder = H2Frames.start(port, "h2c", 120, "streams", "100");
                holders.add(holder);
                outputs.add(new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)));
            }
            for (BufferedReader out : outputs) {
                String line = out.readLine();
                assertTrue(line != null && line.startsWith("sent="), "frames.py did not send: " + line);
            }
            try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
                assertEquals(200, EdgeHttp.send(socket, "GET /info?while-streams HTTP/1.1\nHost: x\n\n").status());
            }
            for (Process holder : holders) {
                assertTrue(holder.isAlive(), "answered while the 1,000 streams are still open");
            }
            assertEquals(0, runner.count("edge: POST /info?stream="), "a bodiless stream took a thread");
            for (BufferedReader out : outputs) {
                StringBuilder rest = new StringBuilder();
                String line;
                while ((line = out.readLine()) != null) {
                    rest.append(line).append('\n');
                }
                Map<String, String> result = H2Frames.parse(rest.toString());
                assertEquals("100", result.get("answered"), rest.toString());
                assertEquals("408", result.get("statuses"), "they get 408 at --body-timeout: " + rest);
            }
        } finally {
            holders.forEach(Process::destroy);
        }
    }

    @Test
    void fiveThousandStreamsOnOneConnectionAreRefusedPastTheLimitAndTheConnectionClosed() {
        Map<String, String> result = H2Frames.run(port, "h2c", "streams", "5000");
        assertTrue(Integer.parseInt(result.get("refused")) >= 100, "refused with REFUSED_STREAM: " + result.get("output"));
        assertEquals("0", result.get("other"), result.get("output"));
        // Undertow counts the resets it sends too: past 200 in 30 s it sends GOAWAY and closes the
        // connection (the client, still sending, may see only the close).
        assertEquals(0, runner.count("edge: POST /info?stream="), "a bodiless stream took a thread");
        try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
            assertEquals(200, EdgeHttp.send(socket, "GET /info?after-5000 HTTP/1.1\nHost: x\n\n").status());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

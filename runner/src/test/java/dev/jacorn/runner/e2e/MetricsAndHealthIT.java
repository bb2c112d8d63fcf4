package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.testing.Await;
import io.restassured.response.Response;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin listener ({@code /metrics}, {@code /healthz}, {@code /readyz}) and StatsD, against the
 * real command: counters move by exactly the requests sent, readiness is off for the whole
 * graceful shutdown, and StatsD datagrams reach a UDP socket the test opened.
 */
@ExtendWith(ServerLogOnFailure.class)
class MetricsAndHealthIT {

    private static final Pattern ADMIN = Pattern.compile("Admin listening at: http://127\\.0\\.0\\.1:(\\d+) ");

    @Test
    void metricsCountExactlyTheRequestsSentAndReadyzIsOffDuringTheGracefulShutdown() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--admin-bind", "127.0.0.1:0", "--graceful-timeout", "20",
                Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            int admin = adminPort(runner);
            given().port(admin).get("/healthz").then().statusCode(200).body(equalTo("ok\n"));
            given().port(admin).get("/readyz").then().statusCode(200).body(equalTo("ready\n"));
            given().port(admin).head("/readyz").then().statusCode(200);
            given().port(admin).post("/metrics").then().statusCode(405);
            given().port(admin).get("/other").then().statusCode(404);

            String before = scrape(admin);
            for (int i = 0; i < 3; i++) {
                given().port(port).get("/hello?name=n" + i).then().statusCode(200);
            }
            for (int i = 0; i < 2; i++) {
                given().port(port).body("{}").contentType("application/json").post("/echo").then().statusCode(200);
            }
            given().port(port).get("/no/such/page").then().statusCode(404);
            String after = scrape(admin);

            assertEquals(3, delta(before, after, "jacorn_requests_total{method=\"GET\",status=\"2xx\"}"));
            assertEquals(2, delta(before, after, "jacorn_requests_total{method=\"POST\",status=\"2xx\"}"));
            assertEquals(1, delta(before, after, "jacorn_requests_total{method=\"GET\",status=\"4xx\"}"));
            assertEquals(0, delta(before, after, "jacorn_requests_total{method=\"GET\",status=\"5xx\"}"));
            assertEquals(6, delta(before, after, "jacorn_request_duration_seconds_count"));
            assertEquals(0, value(after, "jacorn_requests_in_flight"));
            assertTrue(delta(before, after, "jacorn_request_duration_seconds_bucket{le=\"30.0\"}") == 6, after);
            for (String jvm : List.of("jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads ",
                    "process_uptime_seconds ")) {
                assertTrue(after.contains(jvm), jvm + " in\n" + after);
            }

            CompletableFuture<Response> slow = CompletableFuture.supplyAsync(() -> given().port(port).get("/slow?ms=3000"));
            runner.awaitLine("slow: sleeping", Duration.ofSeconds(10));
            runner.signal("TERM");
            awaitStatus(admin, "/readyz", 503);
            assertFalse(slow.isDone(), "readiness must be off while the request is still draining");
            given().port(admin).get("/readyz").then().statusCode(503).body(equalTo("not ready\n"));
            given().port(admin).get("/healthz").then().statusCode(200);
            assertEquals(200, slow.get(30, TimeUnit.SECONDS).statusCode());
            assertEquals(0, runner.awaitExit(Duration.ofSeconds(30)));
            assertRefused(admin);
        }
    }

    @Test
    void statsdReceivesTheSameCountersAndPortAndWebConcurrencyApply() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                RunnerProcess runner = RunnerProcess.start(Map.of("PORT", "0", "WEB_CONCURRENCY", "2"),
                        "--statsd-host", "127.0.0.1:" + udp.getLocalPort(), "--statsd-prefix", "app",
                        Samples.war("hello").toString())) {
            RunnerProcess.Listener listener = runner.listening(0);
            assertEquals("0.0.0.0", listener.host());
            runner.awaitLine("Worker 2 READY", Duration.ofSeconds(120));
            for (int i = 0; i < 2; i++) {
                given().port(listener.port()).get("/hello").then().statusCode(200);
            }
            List<String> lines = new ArrayList<>();
            udp.setSoTimeout(1000);
            Await.poll(Duration.ofSeconds(40), () -> {
                receive(udp, lines);
                return count(lines, "app.jacorn.requests.method.GET.status.2xx:") >= 2
                        && lines.stream().anyMatch(l -> l.startsWith("app.jvm.memory.used.")) ? true : null;
            });
            assertEquals(2, count(lines, "app.jacorn.requests.method.GET.status.2xx:"), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.matches("app\\.jacorn\\.request\\.duration:[0-9.]+\\|ms")),
                    String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("app.jvm.memory.used.")), String.join("\n", lines));
        }
    }

    private static void receive(DatagramSocket udp, List<String> lines) {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
            udp.receive(packet);
        } catch (SocketTimeoutException e) {
            return;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
    }

    /** The sum of the counter increments in lines like {@code name:1|c}. */
    private static long count(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix) && l.endsWith("|c"))
                .mapToLong(l -> Math.round(Double.parseDouble(l.substring(prefix.length(), l.length() - 2)))).sum();
    }

    static int adminPort(RunnerProcess runner) {
        Matcher m = ADMIN.matcher(runner.awaitLog(l -> ADMIN.matcher(l).find(), Duration.ofSeconds(30)));
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    static String scrape(int admin) {
        Response response = given().port(admin).get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.contentType().startsWith("text/plain; version=0.0.4"), response.contentType());
        return response.asString();
    }

    private static long delta(String before, String after, String series) {
        return value(after, series) - value(before, series);
    }

    /** The value of one series in a Prometheus text scrape (0 when absent). */
    static long value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Math.round(Double.parseDouble(line.substring(series.length() + 1).strip()));
            }
        }
        return 0;
    }

    private static void awaitStatus(int port, String path, int status) {
        int[] last = {-1};
        Await.poll(Duration.ofSeconds(10), () -> (last[0] = given().port(port).get(path).statusCode()) == status
                ? true : null).orElseThrow(() -> new AssertionError(path + " answered " + last[0] + ", not " + status));
    }

    private static void assertRefused(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            throw new AssertionError("the admin listener is still open after the exit");
        } catch (IOException expected) {
            // refused: closed with the process
        }
    }
}

package dev.jacorn.runner.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.config.BindAddress;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The admin listener's answers for each state of the probes, its connection cap and its
 * timeouts, in-process on port 0.
 */
class AdminListenerTest {

    @Test
    void probesAnswer503WhenNotReadyOrStalledAnd200Otherwise() {
        AtomicBoolean ready = new AtomicBoolean(false);
        AtomicLong clock = new AtomicLong(0);
        Health health = new Health(ready::get, () -> 0, clock::get);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("jacorn.test").increment();
        AdminListener admin = new AdminListener(new BindAddress(null, "127.0.0.1", 0), registry, health);
        try {
            admin.start();
            int port = admin.port();
            given().port(port).get("/readyz").then().statusCode(503).body(equalTo("not ready\n"));
            ready.set(true);
            given().port(port).get("/readyz").then().statusCode(200).body(equalTo("ready\n"));
            given().port(port).get("/healthz").then().statusCode(200).body(equalTo("ok\n"));
            clock.set(Health.STALL.plusSeconds(1).toNanos());
            given().port(port).get("/healthz").then().statusCode(503).body(equalTo("arbiter loop stalled for 61 s\n"));
            given().port(port).get("/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString(
                    "jacorn_test_total 1.0"));
        } finally {
            admin.close();
            admin.close();
        }
        assertEquals(-1, admin.port());
    }

    @Test
    void connectionsOverTheCapWaitUntilOneCloses() throws IOException {
        AdminListener admin = new AdminListener(new BindAddress(null, "127.0.0.1", 0), null,
                new Health(() -> true, () -> 0, () -> 0), new AdminListener.Limits(60_000, 60_000, 2));
        List<Socket> halfSent = new ArrayList<>();
        try {
            admin.start();
            for (int i = 0; i < 2; i++) {
                halfSent.add(halfSentRequest(admin.port()));
            }
            try (Socket third = new Socket("127.0.0.1", admin.port())) {
                third.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                third.setSoTimeout(1000);
                // At the cap the listener accepts nothing: the request waits in the backlog, unanswered.
                assertThrows(SocketTimeoutException.class, () -> third.getInputStream().read());
                halfSent.remove(0).close();
                third.setSoTimeout(30_000);
                assertTrue(statusLine(third).startsWith("HTTP/1.1 200"), "answered once a connection closed");
            }
        } finally {
            for (Socket socket : halfSent) {
                socket.close();
            }
            admin.close();
        }
    }

    @Test
    void aHalfSentRequestAndAnIdleConnectionAreClosed() throws IOException {
        AdminListener admin = new AdminListener(new BindAddress(null, "127.0.0.1", 0), null,
                new Health(() -> true, () -> 0, () -> 0), new AdminListener.Limits(500, 1000, 4));
        try {
            admin.start();
            try (Socket halfSent = halfSentRequest(admin.port())) {
                halfSent.setSoTimeout(30_000);
                assertEquals(-1, halfSent.getInputStream().read(), "closed without an answer by the header timeout");
            }
            try (Socket idle = new Socket("127.0.0.1", admin.port())) {
                idle.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                idle.setSoTimeout(30_000);
                InputStream in = idle.getInputStream();
                assertTrue(statusLine(idle).startsWith("HTTP/1.1 200"));
                int read;
                do {
                    read = in.read(); // the rest of the response, then the close of the idle connection
                } while (read >= 0);
            }
        } finally {
            admin.close();
        }
    }

    private static Socket halfSentRequest(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private static String statusLine(Socket socket) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = socket.getInputStream().read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }

    @Test
    void withoutAnAddressNothingListens() {
        AdminListener admin = new AdminListener(null, null, new Health(() -> true, () -> 0, () -> 0));
        admin.start();
        assertEquals(-1, admin.port());
        admin.close();
    }
}

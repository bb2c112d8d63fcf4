package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The websocket-chat sample (an annotated endpoint, a programmatic one chosen by a
 * ServerApplicationConfig) served to the JDK's WebSocket client: the limits and permessage-deflate
 * settings, the watchdog leaving sessions alone, the metrics, and reloads under load that keep
 * sessions on their draining worker until they close or --graceful-timeout passes.
 */
@ExtendWith(ServerLogOnFailure.class)
class WebSocketChatIT {

    private static final String CHAT = Samples.war("websocket-chat").toString();

    @Test
    void annotatedAndProgrammaticEndpointsServeARealClientWithTheDefaultLimitsAndDeflate() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(CHAT)) {
            int port = runner.awaitReady();
            given().port(port).get("/container").then().statusCode(200)
                    .body(containsString("maxText=65536 maxBinary=65536 idleMillis=300000"))
                    // From the shaded runner.jar's manifest, as Tomcat and Jetty report them.
                    .body(containsString("servlet=6.1 websocket=2.2"));
            // Each member is in its room once its own join notice came, not when its handshake completed.
            try (WebSocketClient alice = join(port, "lobby", "alice");
                    WebSocketClient bob = join(port, "lobby", "bob");
                    WebSocketClient carol = join(port, "kitchen", "carol");
                    WebSocketClient echo = WebSocketClient.connect(port, "/echo")) {
                alice.await("* bob joined lobby");
                alice.send("hello, room");
                bob.await("alice: hello, room");
                carol.send("anyone?");
                carol.await("carol: anyone?");
                echo.assertEcho("ping");
                assertEquals(1000, bob.closeNormally());
                alice.await("* bob left");
                runner.awaitLine("chat: bob closed with 1000", Duration.ofSeconds(30));
            }
            String head = WebSocketClient.handshakeAskingForDeflate(port, "/chat/lobby");
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            assertTrue(head.toLowerCase(Locale.ROOT).contains("sec-websocket-extensions: permessage-deflate"), head);
        }
    }

    /**
     * The container runs an endpoint's {@code @OnOpen} after the handshake's response went out (on
     * Undertow, on another thread still), so a client whose handshake completed may not be in its
     * room yet: a member joining then was not announced to it. This test made that window wide
     * (the first member's {@code @OnOpen} takes 2 s); the test above once failed in CI through the
     * same window, narrow there, when it connected the next member right after the handshake.
     */
    @Test
    void aMemberIsInItsRoomOnceItsOwnJoinNoticeCameEvenWhenItsOpenIsSlow() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(CHAT)) {
            int port = runner.awaitReady();
            try (WebSocketClient slow = join(port, "porch", "slow", "&openDelayMs=2000");
                    WebSocketClient quick = join(port, "porch", "quick")) {
                slow.await("* quick joined porch");
                quick.send("hi");
                slow.await("quick: hi");
            }
        }
    }

    /**
     * Connects a member to a chat room and waits for its own join notice (sent by the endpoint's
     * {@code @OnOpen}): from then on, the room's messages and joins reach it.
     */
    private static WebSocketClient join(int port, String room, String name) throws Exception {
        return join(port, room, name, "");
    }

    /** As {@link #join(int, String, String)}, with more query parameters ({@code &openDelayMs=...}). */
    private static WebSocketClient join(int port, String room, String name, String moreQuery) throws Exception {
        WebSocketClient member = WebSocketClient.connect(port, "/chat/" + room + "?name=" + name + moreQuery);
        try {
            member.await("* " + name + " joined " + room);
            return member;
        } catch (Throwable e) {
            member.close();
            throw e;
        }
    }

    @Test
    void theMessageSizeIdleAndCompressionSettingsApply() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--websocket-max-message", "1k",
                "--websocket-idle-timeout", "2", "--no-websocket-compression", CHAT)) {
            int port = runner.awaitReady();
            given().port(port).get("/container").then().statusCode(200)
                    .body(containsString("maxText=1024 maxBinary=1024 idleMillis=2000"));
            try (WebSocketClient big = WebSocketClient.connect(port, "/echo")) {
                big.assertEcho("x".repeat(1000));
                big.send("x".repeat(2000));
                assertEquals(1009, big.closeCode(Duration.ofSeconds(60)));
            }
            try (WebSocketClient idle = WebSocketClient.connect(port, "/echo")) {
                // Nothing is sent: the idle timeout closes the session (the client sees the connection end).
                idle.awaitEnd(Duration.ofSeconds(60));
            }
            String head = WebSocketClient.handshakeAskingForDeflate(port, "/chat/lobby");
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            assertFalse(head.toLowerCase(Locale.ROOT).contains("permessage-deflate"), head);
        }
    }

    @Test
    void theWatchdogLeavesOpenSessionsAloneAndTheMetricsCountThem() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--timeout", "3", "--admin-bind", "127.0.0.1:0", CHAT)) {
            int port = runner.awaitReady();
            int admin = MetricsAndHealthIT.adminPort(runner);
            try (WebSocketClient first = WebSocketClient.connect(port, "/echo");
                    WebSocketClient second = join(port, "room", "second")) {
                first.assertEcho("warm");
                assertEquals(2, metric(admin, "jacorn_websocket_sessions"));
                long before = metric(admin, "jacorn_websocket_events_total");
                for (int i = 0; i < 3; i++) {
                    first.assertEcho("message " + i);
                }
                assertEquals(before + 3, metric(admin, "jacorn_websocket_events_total"));
                // A request past --timeout is cut while both sessions are open: they outlive it.
                Response slow = given().port(port).get("/slow?ms=30000");
                assertEquals(503, slow.statusCode());
                runner.awaitLine("WORKER TIMEOUT (worker 1, websocket-chat): GET /slow?ms=30000", Duration.ofSeconds(30));
                first.assertEcho("still here");
                second.send("me too");
                second.await("second: me too");
                assertFalse(first.isClosedByServer());
                assertFalse(second.isClosedByServer());
                assertEquals(1000, first.closeNormally());
                assertEquals(1000, second.closeNormally());
                awaitMetric(admin, "jacorn_websocket_sessions", 0);
            }
        }
    }

    @Test
    void aReloadUnderLoadKeepsSessionsOnTheDrainingWorkerUntilTheGracefulTimeoutThenClosesThemWith1001()
            throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--graceful-timeout", "4", CHAT)) {
            int port = runner.awaitReady();
            List<String[]> clients = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                clients.add(new String[] {"/container", "servlet=6.1"});
            }
            try (KeepAliveLoad load = new KeepAliveLoad(port, clients).start();
                    WebSocketClient stays = WebSocketClient.connect(port, "/echo");
                    WebSocketClient leaves = WebSocketClient.connect(port, "/echo")) {
                load.awaitSucceeded(200, 120);
                stays.assertEcho("before");
                long reloaded = System.nanoTime();
                runner.signal("HUP");
                // Under load some requests may be in flight too: the line names both.
                runner.awaitLog(line -> line.contains("Worker 1 DRAINING (reload), ")
                        && line.endsWith(" request(s) in flight, 2 WebSocket session(s) open"), Duration.ofSeconds(120));
                runner.awaitLine("Reloaded: ", Duration.ofSeconds(120));
                // The sessions stay on worker 1 while it drains; a new one goes to worker 2.
                stays.assertEcho("during the drain");
                try (WebSocketClient fresh = WebSocketClient.connect(port, "/echo")) {
                    fresh.assertEcho("on the new worker");
                    assertEquals(1000, leaves.closeNormally());
                    assertEquals(1001, stays.closeCode(Duration.ofSeconds(60)));
                    long afterSeconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reloaded);
                    assertTrue(afterSeconds >= 4000, "closed " + afterSeconds + " ms after the reload began:"
                            + " before --graceful-timeout");
                    runner.awaitLine("Worker 1: closing 1 WebSocket session(s) with 1001 (going away)",
                            Duration.ofSeconds(10));
                    fresh.assertEcho("unaffected");

                    // A drain whose sessions all close first ends then, without any 1001.
                    runner.signal("HUP");
                    runner.awaitLine("Worker 2 DRAINING (reload), ", Duration.ofSeconds(120));
                    fresh.assertEcho("draining");
                    assertEquals(1000, fresh.closeNormally());
                    runner.awaitLine("Worker exiting (worker 2, ", Duration.ofSeconds(30));
                    assertEquals(0, runner.count("Worker 2: closing"), runner.log());
                }
                load.awaitSucceeded(load.succeeded() + 200, 60);
                assertEquals(0, load.failed(), load.summary());
                assertEquals(0, load.resets(), load.summary());
                assertEquals(0, load.retries(), "no kept-alive connection was closed under a request; " + load.summary());
            }
            // Once the load has stopped: under load the leak check waits for the JVM's own collections
            // rather than stopping every request for one (LeakDetector).
            runner.awaitLine("Class loader of worker 1 (websocket-chat) collected", Duration.ofSeconds(60));
            assertEquals(0, runner.count("not collected"), runner.log());
        }
    }

    @Test
    void endpointsThatBlockDoNotHoldUpTheOtherSessions() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(CHAT)) {
            int port = runner.awaitReady();
            // Three members whose @OnOpen blocks for 75 s (a slow database): more than one per core.
            List<WebSocketClient> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    slow.add(WebSocketClient.connect(port, "/chat/attic?name=slow" + i + "&openDelayMs=75000"));
                }
                try (WebSocketClient echo = WebSocketClient.connect(port, "/echo")) {
                    echo.assertEcho("not held up by the blocked endpoints");
                }
            } finally {
                for (WebSocketClient client : slow) {
                    client.close();
                }
            }
        }
    }

    /**
     * The stop also closes the connections that sit between two requests, or have not sent one yet,
     * before the workers drain (HTTP/1.1: closed; h2c: GOAWAY NO_ERROR naming the last stream served), so that their clients
     * go elsewhere rather than find workers that are gone; the WebSocket session, an upgraded
     * connection, is left to its worker's drain.
     */
    @Test
    void aGracefulStopClosesIdleConnectionsAndKeepsSessionsUntilTheGracefulTimeoutThenClosesThemWith1001AndExits0()
            throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--graceful-timeout", "3", CHAT)) {
            int port = runner.awaitReady();
            try (WebSocketClient open = WebSocketClient.connect(port, "/echo");
                    Socket http1 = EdgeHttp.connect("127.0.0.1", port);
                    Socket silent = EdgeHttp.connect("127.0.0.1", port)) {
                open.assertEcho("before the stop");
                assertEquals(200, EdgeHttp.send(http1, "GET /index.html HTTP/1.1\nHost: x\n\n").status());
                H2Frames.IdleAfterRequest h2c = H2Frames.IdleAfterRequest.start(port, "h2c", "/index.html");
                long stopped = System.nanoTime();
                runner.signal("TERM");
                runner.awaitLine("Worker 1 DRAINING (shutdown), 0 request(s) in flight, 1 WebSocket session(s) open",
                        Duration.ofSeconds(30));
                assertTrue(EdgeHttp.isClosedByServer(http1), "the idle HTTP/1.1 connection is closed");
                assertTrue(EdgeHttp.isClosedByServer(silent), "the connection that never sent a request is closed");
                long closedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
                assertTrue(closedMillis < 2500, "closed " + closedMillis + " ms after SIGTERM: not before the drain");
                h2c.assertGoneAwayAfterItsRequest();
                open.assertEcho("while the worker drains");
                assertEquals(1001, open.closeCode(Duration.ofSeconds(60)));
                long afterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
                assertTrue(afterMillis >= 3000, "closed " + afterMillis + " ms after SIGTERM: before --graceful-timeout");
                assertEquals(0, runner.awaitExit(Duration.ofSeconds(60)), runner.log());
                runner.awaitLine("Worker 1: closing 1 WebSocket session(s) with 1001 (going away)", Duration.ofSeconds(5));
            }
        }
    }

    private static void awaitMetric(int admin, String series, long wanted) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (metric(admin, series) != wanted) {
            if (System.nanoTime() > end) {
                throw new AssertionError(series + " stayed at " + metric(admin, series) + ", not " + wanted);
            }
            Thread.sleep(50);
        }
    }

    private static long metric(int admin, String series) {
        String scrape = given().port(admin).get("/metrics").asString();
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Math.round(Double.parseDouble(line.substring(series.length() + 1).strip()));
            }
        }
        throw new AssertionError(series + " is not in /metrics:\n" + scrape);
    }
}

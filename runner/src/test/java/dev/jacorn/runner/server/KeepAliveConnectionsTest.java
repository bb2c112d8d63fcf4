package dev.jacorn.runner.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.testing.Await;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which HTTP/1.1 connections a graceful stop closes, on a real Undertow listener behind {@link IoThreadCompletion}. */
class KeepAliveConnectionsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final LocalUndertow undertow = new LocalUndertow();

    private final KeepAliveConnections connections = new KeepAliveConnections();
    private final CountDownLatch release = new CountDownLatch(1);

    @Test
    void closesTheConnectionsBetweenTwoRequestsAndLetsARequestInProgressFinishOnItsOwn() throws Exception {
        int port = start();
        try (Socket idle = connect(port); Socket busy = connect(port)) {
            assertTrue(exchange(idle, "/").contains("served /"));
            send(busy, "/hold");
            Await.until("both connections are known", WAIT, () -> connections.size() == 2);

            assertEquals(-1, closeIdleUntilClosed(idle), "the idle connection is closed without a byte");
            release.countDown();
            assertTrue(response(busy).contains("served /hold"), "the request in progress is answered in full");
            assertTrue(exchange(busy, "/after").contains("served /after"), "and its connection is not closed after it");
            Await.until("the closed connection is forgotten", WAIT, () -> connections.size() == 1);
        }
    }

    @Test
    void leavesAnUpgradedConnectionToWhoeverTookItOver() throws Exception {
        int port = start();
        try (Socket upgraded = connect(port)) {
            String switched = exchange(upgraded, "/upgrade");
            assertTrue(switched.startsWith("HTTP/1.1 101"), switched);
            Await.until("the upgraded connection is no longer counted", WAIT, () -> connections.size() == 0);

            connections.closeIdle();

            upgraded.setSoTimeout(500);
            assertThrows(SocketTimeoutException.class, () -> upgraded.getInputStream().read(),
                    "the upgraded connection stays open");
        }
    }

    /**
     * Asks for the idle connections to be closed until {@code idle} is: the client can read a
     * response before the server's last step of that exchange has marked the connection idle (seen
     * in CI), and a stop asks only once the last response is out. Returns the first read's result.
     */
    private int closeIdleUntilClosed(Socket idle) throws IOException {
        idle.setSoTimeout(200);
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            connections.closeIdle();
            try {
                return idle.getInputStream().read();
            } catch (SocketTimeoutException e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
            }
        }
    }

    /** Serves "served PATH" from a request thread; /hold waits for {@link #release}; /upgrade switches protocols. */
    private int start() {
        HttpHandler app = exchange -> {
            if (exchange.getRequestPath().equals("/upgrade")) {
                exchange.upgradeChannel((channel, done) -> { });
                exchange.setStatusCode(StatusCodes.SWITCHING_PROTOCOLS);
                exchange.getResponseHeaders().put(Headers.UPGRADE, "test");
                exchange.getResponseHeaders().put(Headers.CONNECTION, "Upgrade");
                exchange.endExchange();
                return;
            }
            exchange.dispatch(undertow.requestThreads(), () -> respond(exchange));
        };
        return undertow.serve(new IoThreadCompletion(connections, app));
    }

    private void respond(HttpServerExchange exchange) {
        try {
            if (exchange.getRequestPath().equals("/hold")) {
                release.await(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.getResponseSender().send("served " + exchange.getRequestPath());
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    private static String exchange(Socket socket, String path) throws IOException {
        send(socket, path);
        return response(socket);
    }

    private static void send(Socket socket, String path) throws IOException {
        String upgrade = path.equals("/upgrade") ? "Connection: Upgrade\r\nUpgrade: test\r\n" : "";
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: test\r\n" + upgrade + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** The head, and a body of the Content-Length it declares (none on a 101). */
    private static String response(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed inside a response: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}

package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * A real WebSocket client (the JDK's {@link WebSocket}) that queues every text message it receives
 * and records the close code the server sent.
 */
final class WebSocketClient implements AutoCloseable {

    /** How long {@link #next}, {@link #await} and {@link #assertEcho} wait for a message. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    /** Every text message received, in order, for failure messages. */
    private final List<String> history = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    private final URI uri;
    private final WebSocket socket;

    private WebSocketClient(URI uri, SSLContext tls) throws Exception {
        this.uri = uri;
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    history.add(partial.toString());
                    received.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closedWith.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closedWith.completeExceptionally(error);
            }
        };
        HttpClient.Builder http = HttpClient.newBuilder();
        if (tls != null) {
            http.sslContext(tls);
        }
        socket = http.build().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, listener).get(60, TimeUnit.SECONDS);
    }

    static WebSocketClient connect(int port, String path) throws Exception {
        return new WebSocketClient(URI.create("ws://127.0.0.1:" + port + path), null);
    }

    /** Over TLS ({@code wss://}), trusting what {@code tls} trusts. */
    static WebSocketClient connectSecure(SSLContext tls, int port, String path) throws Exception {
        return new WebSocketClient(URI.create("wss://127.0.0.1:" + port + path), tls);
    }

    void send(String text) throws Exception {
        socket.sendText(text, true).get(30, TimeUnit.SECONDS);
    }

    /** The next text message, waiting up to a minute; fails if none comes, saying what this session received. */
    String next() throws InterruptedException {
        String message = poll(WAIT);
        if (message == null) {
            throw new AssertionError(describe("no message within " + WAIT.toSeconds() + " s"));
        }
        return message;
    }

    /** The next text message, or null when none comes within {@code timeout}. */
    String poll(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Skips messages until {@code expected} arrives; fails after a minute naming it and what came instead. */
    void await(String expected) throws InterruptedException {
        List<String> skipped = new ArrayList<>();
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String message = poll(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
            if (message == null) {
                throw new AssertionError(describe("waited " + WAIT.toSeconds() + " s for \"" + expected
                        + "\"; it did not come (skipped meanwhile: " + skipped + ")"));
            }
            if (message.equals(expected)) {
                return;
            }
            skipped.add(message);
        }
    }

    void assertEcho(String text) throws Exception {
        send(text);
        String message = poll(WAIT);
        if (message == null) {
            throw new AssertionError(describe("sent \"" + abbreviate(text) + "\" and waited " + WAIT.toSeconds()
                    + " s for its echo; nothing came"));
        }
        assertEquals(text, message, () -> describe("sent \"" + abbreviate(text) + "\", expected it echoed"));
    }

    /** A failure message: what went wrong, on which session, with everything it received and how it ended. */
    String describe(String problem) {
        List<String> all;
        synchronized (history) {
            all = history.stream().map(WebSocketClient::abbreviate).toList();
        }
        String state = !closedWith.isDone() ? "open"
                : closedWith.isCompletedExceptionally() ? "failed: " + closedWith.handle((c, e) -> String.valueOf(e)).join()
                : "closed by the server with " + closedWith.join();
        return "WebSocket " + uri.getPath() + (uri.getQuery() == null ? "" : "?" + uri.getQuery()) + ": " + problem
                + "; all " + all.size() + " message(s) received on this session: " + all + "; session " + state;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 40) + "...(" + text.length() + " chars)";
    }

    /** The close code the server sent, waiting up to {@code timeout}. */
    int closeCode(Duration timeout) throws Exception {
        try {
            return closedWith.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(describe("no close frame from the server within " + timeout.toSeconds() + " s"), e);
        }
    }

    /** Waits until the session ends, by a close frame or by the connection going away. */
    void awaitEnd(Duration timeout) throws Exception {
        try {
            closedWith.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException connectionEnded) {
            // The server closed the connection without a close frame: ended all the same.
        }
    }

    boolean isClosedByServer() {
        return closedWith.isDone();
    }

    /** Closes normally (1000) and waits for the server's answer. */
    int closeNormally() throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(30, TimeUnit.SECONDS);
        return closeCode(Duration.ofSeconds(60));
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** The response head of a WebSocket handshake asking for permessage-deflate, read from a raw socket. */
    static String handshakeAskingForDeflate(int port, String path) throws IOException {
        try (Socket raw = new Socket("127.0.0.1", port)) {
            raw.setSoTimeout(30_000);
            OutputStream out = raw.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString();
        }
    }
}

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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A real WebSocket client (the JDK's {@link WebSocket}) that queues every text message it receives
 * and records the close code the server sent.
 */
final class WebSocketClient implements AutoCloseable {

    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    private final WebSocket socket;

    private WebSocketClient(URI uri, SSLContext tls) throws Exception {
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
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

    /** The next text message, waiting up to a minute; fails if none comes. */
    String next() throws InterruptedException {
        String message = received.poll(60, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError("no WebSocket message within 60 s");
        }
        return message;
    }

    /** Skips messages until {@code expected} arrives. */
    void await(String expected) throws InterruptedException {
        while (true) {
            if (next().equals(expected)) {
                return;
            }
        }
    }

    void assertEcho(String text) throws Exception {
        send(text);
        assertEquals(text, next());
    }

    /** The close code the server sent, waiting up to {@code timeout}. */
    int closeCode(Duration timeout) throws Exception {
        return closedWith.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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

package dev.jacorn.runner.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jacorn.runner.testing.Await;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What {@link BodyReader} leaves behind once a request is answered, on a real Undertow listener:
 * nothing. Its body timer (60 s by default) must not keep a finished exchange, with its headers and
 * connection, reachable from the I/O thread's timer queue: under a stream of POSTs that is a heap of
 * dead exchanges (about 200 bytes each, plus their maps, times the requests of one minute).
 */
class BodyReaderTest {

    private static final long ONE_MINUTE_MILLIS = 60_000;

    @RegisterExtension
    final LocalUndertow undertow = new LocalUndertow();

    private final List<WeakReference<HttpServerExchange>> served = new CopyOnWriteArrayList<>();

    @Test
    void aBodyThatCameWithItsHeadersLeavesNoExchangeBehind() throws Exception {
        int port = start(16 * 1024);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            for (int i = 0; i < 20; i++) {
                send(socket.getOutputStream(), "body " + i, false);
                assertEquals("body " + i, readAnswer(socket.getInputStream()));
            }
        }
        awaitAllCollected(20);
    }

    @Test
    void aBodyThatCameSlowlyLeavesNoExchangeBehindEither() throws Exception {
        int port = start(16 * 1024);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            for (int i = 0; i < 5; i++) {
                send(socket.getOutputStream(), "slow " + i, true);
                assertEquals("slow " + i, readAnswer(socket.getInputStream()));
            }
        }
        awaitAllCollected(5);
    }

    @Test
    void withoutBufferingTheTimerIsCancelledToo() throws Exception {
        int port = start(0);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            for (int i = 0; i < 5; i++) {
                send(socket.getOutputStream(), "unbuffered " + i, false);
                assertEquals("unbuffered " + i, readAnswer(socket.getInputStream()));
            }
        }
        awaitAllCollected(5);
    }

    /** Echoes the body from a request thread, as a servlet would, behind the body reader. */
    private int start(long bodyBufferBytes) {
        ProtocolLimits limits = new ProtocolLimits(false, 100, 8192, 100, 100, ONE_MINUTE_MILLIS, bodyBufferBytes);
        HttpHandler echo = exchange -> {
            served.add(new WeakReference<>(exchange));
            exchange.dispatch(undertow.requestThreads(), () -> {
                exchange.startBlocking();
                try (InputStream in = exchange.getInputStream()) {
                    byte[] body = in.readAllBytes();
                    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
                    exchange.getOutputStream().write(body);
                } catch (Exception e) {
                    exchange.setStatusCode(500);
                }
                exchange.endExchange();
            });
        };
        return undertow.serve(Undertow.builder().setIoThreads(1), new BodyReader(limits, echo));
    }

    /** One keep-alive POST; a slow one sends its body a while after its headers. */
    private static void send(OutputStream out, String body, boolean slowly) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        out.write(("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (slowly) {
            Thread.sleep(50); // the headers go on alone, so the reader has to wait for the body
        }
        out.write(bytes);
        out.flush();
    }

    /** Reads one response with a Content-Length and returns its body. */
    private static String readAnswer(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("connection closed after " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    /** Every served exchange becomes unreachable, long before the body timeout could have passed. */
    private void awaitAllCollected(int expected) {
        assertEquals(expected, served.size());
        Await.until(expected + " finished exchanges collected", Duration.ofSeconds(20), () -> {
            System.gc();
            return served.stream().allMatch(reference -> reference.get() == null);
        });
    }
}

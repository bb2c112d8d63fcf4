package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Slowloris: 500 connections that dribble a header byte every two seconds neither keep a normal
 * client waiting nor stay open past {@code --header-timeout}.
 */
@ExtendWith(ServerLogOnFailure.class)
class SlowClientsIT {

    private static final int DRIBBLERS = 500;
    /**
     * Long enough that a normal request on a busy machine is answered well within it, and a
     * server that made normal clients wait for the dribblers could only answer once it expired.
     */
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
    private static final byte[] HEAD = "GET /hello HTTP/1.1\r\nHost: slow\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            .getBytes(StandardCharsets.US_ASCII);

    @Test
    void dribblingClientsDoNotDelayOthersAndAreClosedAfterTheHeaderTimeout() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--header-timeout", String.valueOf(HEADER_TIMEOUT.toSeconds()), Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            List<Socket> dribblers = new ArrayList<>();
            try {
                for (int i = 0; i < DRIBBLERS; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    dribblers.add(socket);
                }
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                // Dribble one byte per connection every ~2 s for about 4 s, with a normal request each
                // round. A server that made normal clients wait behind the dribblers would answer only
                // once their header timeout freed it, so the bound is that timeout, not a guess at how
                // fast this machine is.
                for (int round = 0; round < 2; round++) {
                    for (Socket socket : dribblers) {
                        dribble(socket, round);
                    }
                    long millis = timeNormalRequest(client, port);
                    assertTrue(millis < HEADER_TIMEOUT.toMillis(), "a normal request took " + millis + " ms while "
                            + DRIBBLERS + " clients dribbled: it waited for their --header-timeout");
                    Thread.sleep(2000); // the dribblers' pace, not a wait for the server
                }
                awaitAllClosed(dribblers, HEADER_TIMEOUT.plusSeconds(20));
                timeNormalRequest(client, port);
            } finally {
                for (Socket socket : dribblers) {
                    socket.close();
                }
            }
        }
    }

    private static void dribble(Socket socket, int round) {
        try {
            socket.getOutputStream().write(HEAD[Math.min(round, HEAD.length - 1)]);
        } catch (IOException closed) {
            // closed by the server already: that is what the header timeout is for
        }
    }

    /** A normal request's time to its 200, in milliseconds. */
    private static long timeNormalRequest(HttpClient client, int port) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/hello")).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }

    /** Every dribbler sees end-of-stream (or a reset): the server closed it. */
    private static void awaitAllClosed(List<Socket> sockets, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        int open = 0;
        for (Socket socket : sockets) {
            long left = Math.max(1, Duration.ofNanos(end - System.nanoTime()).toMillis());
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // a 408 or 400 answer may come before the close
                }
            } catch (SocketTimeoutException stillOpen) {
                open++;
            } catch (IOException reset) {
                // closed with a reset: closed all the same
            }
        }
        assertEquals(0, open, open + " of " + sockets.size() + " slow connections were still open after "
                + timeout.toSeconds() + " s");
    }
}

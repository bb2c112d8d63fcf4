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
    private static final byte[] HEAD = "GET /hello HTTP/1.1\r\nHost: slow\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            .getBytes(StandardCharsets.US_ASCII);

    @Test
    void dribblingClientsDoNotDelayOthersAndAreClosedAfterTheHeaderTimeout() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--header-timeout", "6", Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            List<Socket> dribblers = new ArrayList<>();
            try {
                for (int i = 0; i < DRIBBLERS; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    dribblers.add(socket);
                }
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                long started = System.nanoTime();
                int round = 0;
                long worst = 0;
                // Dribble one byte per connection every ~2 s for 4 s, timing a normal request each round.
                while (System.nanoTime() - started < Duration.ofSeconds(4).toNanos()) {
                    for (Socket socket : dribblers) {
                        dribble(socket, round);
                    }
                    worst = Math.max(worst, timeNormalRequest(client, port));
                    round++;
                    Thread.sleep(2000);
                }
                assertTrue(worst < 1000, "a normal request took " + worst + " ms while 500 clients dribbled");
                awaitAllClosed(dribblers, Duration.ofSeconds(20));
                assertTrue(timeNormalRequest(client, port) < 1000, "the server still answers promptly");
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

    private static long timeNormalRequest(HttpClient client, int port) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/hello")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(200, response.statusCode());
        return millis;
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

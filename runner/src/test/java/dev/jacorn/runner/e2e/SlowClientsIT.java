package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                // Dribble one byte per connection every ~2 s for about 4 s, with a normal request each
                // round. A server that made normal clients wait behind the dribblers would answer only
                // once their header timeout had closed them, so no wall-clock bound is needed.
                for (int round = 0; round < 2; round++) {
                    for (Socket socket : dribblers) {
                        dribble(socket, round);
                    }
                    normalRequest(client, port);
                    if (round == 0) {
                        assertEquals(0, closedByServer(dribblers), "a normal request was answered while every one"
                                + " of the " + DRIBBLERS + " dribblers was still open, none timed out yet");
                    }
                    Thread.sleep(2000); // the dribblers' pace, not a wait for the server
                }
                awaitAllClosed(dribblers, Duration.ofSeconds(20));
                normalRequest(client, port);
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

    private static void normalRequest(HttpClient client, int port) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/hello")).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
    }

    /** How many of the sockets the server has closed (or answered) by now; a quick look at each. */
    private static int closedByServer(List<Socket> sockets) throws IOException {
        int closed = 0;
        for (Socket socket : sockets) {
            socket.setSoTimeout(1);
            try {
                socket.getInputStream().read();
                closed++; // end of stream, or the first byte of a 408/400 answer
            } catch (SocketTimeoutException stillOpen) {
                // nothing from the server yet
            } catch (IOException reset) {
                closed++;
            }
        }
        return closed;
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

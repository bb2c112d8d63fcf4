package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --max-connections}: at the limit further connections wait in the backlog (they are not
 * refused) and are served as soon as an open one closes; and the default body limit is larger
 * than Undertow's own 2 MiB.
 */
@ExtendWith(ServerLogOnFailure.class)
class ConnectionLimitsIT {

    @Test
    void connectionsOverTheLimitWaitUntilOneCloses() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--max-connections", "2", "--backlog", "64",
                Samples.war("edge").toString())) {
            int port = runner.awaitReady();
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Socket socket = EdgeHttp.connect("127.0.0.1", port);
                    open.add(socket);
                    assertEquals(200, EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: x\n\n").status());
                }
                Socket third = EdgeHttp.connect("127.0.0.1", port);
                open.add(third);
                EdgeHttp.write(third, EdgeHttp.crlf("GET /info?third HTTP/1.1\nHost: x\n\n").getBytes(StandardCharsets.US_ASCII));
                third.setSoTimeout(1500);
                // Not served while two connections are open: nothing arrives (a bounded negative wait).
                assertThrows(SocketTimeoutException.class, () -> third.getInputStream().read());
                open.get(0).close();
                third.setSoTimeout(30_000);
                assertEquals(200, EdgeHttp.read(third).status());
            } finally {
                for (Socket socket : open) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void theDefaultBodyLimitAcceptsUploadsLargerThanUndertowsTwoMebibytes() throws IOException {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("edge").toString())) {
            int port = runner.awaitReady();
            int size = 3 * 1024 * 1024;
            try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
                EdgeHttp.write(socket, EdgeHttp.crlf("POST /info HTTP/1.1\nHost: x\nContent-Type: application/octet-stream\n"
                        + "Content-Length: " + size + "\n\n").getBytes(StandardCharsets.US_ASCII));
                EdgeHttp.write(socket, new byte[size]);
                EdgeHttp.Response response = EdgeHttp.read(socket);
                assertEquals(200, response.status(), response.toString());
                assertEquals(String.valueOf(size), response.info("bodyBytes"));
            }
        }
    }
}

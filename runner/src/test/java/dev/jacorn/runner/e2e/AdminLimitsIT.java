package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that open connections to the admin listener and never finish a request cannot take the
 * process's file descriptors: the runner gets a limit of 600 (with {@code prlimit}), the test
 * opens 900 half-sent requests to {@code --admin-bind}, and the application's listener must still
 * answer. Before the admin listener had a connection cap, it accepted them all until
 * {@code accept} failed with "Too many open files", on the main listener too.
 */
@ExtendWith(ServerLogOnFailure.class)
class AdminLimitsIT {

    private static final int DESCRIPTORS = 600;
    private static final int HALF_SENT = 900;

    @Test
    void halfSentRequestsToTheAdminPortDoNotStarveTheMainListener() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--admin-bind", "127.0.0.1:0", "--admin-max-connections", "8",
                Samples.war("edge").toString())) {
            int port = runner.awaitReady();
            int admin = MetricsAndHealthIT.adminPort(runner);
            Process prlimit = new ProcessBuilder("prlimit", "--pid", Long.toString(runner.pid()),
                    "--nofile=" + DESCRIPTORS + ":" + DESCRIPTORS).inheritIO().start();
            assertTrue(prlimit.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, prlimit.exitValue(), "prlimit (util-linux) could not lower the runner's descriptor limit");
            List<Socket> halfSent = new ArrayList<>();
            try {
                for (int i = 0; i < HALF_SENT; i++) {
                    Socket socket = new Socket("127.0.0.1", admin);
                    socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: "
                            .getBytes(StandardCharsets.US_ASCII));
                    halfSent.add(socket);
                }
                for (int i = 0; i < 20; i++) {
                    try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
                        socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
                        assertEquals(200, EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: x\n\n").status());
                    }
                }
            } finally {
                for (Socket socket : halfSent) {
                    socket.close();
                }
            }
            // Once the clients are gone the admin listener answers again.
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try (Socket socket = EdgeHttp.connect("127.0.0.1", admin)) {
                    socket.setSoTimeout(5000);
                    assertEquals(200, EdgeHttp.send(socket, "GET /healthz HTTP/1.1\nHost: x\n\n").status());
                    break;
                } catch (IOException | java.io.UncheckedIOException e) {
                    if (System.nanoTime() > end) {
                        throw e;
                    }
                    RunnerProcess.sleep(100);
                }
            }
            assertEquals(0, runner.count("Too many open files"), runner.log());
        }
    }
}

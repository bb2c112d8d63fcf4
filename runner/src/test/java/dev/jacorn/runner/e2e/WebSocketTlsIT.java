package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** WebSocket over TLS ({@code wss://}, HTTP/2 on for the listener): the endpoints, the message limit and the graceful stop apply there too. */
@ExtendWith(ServerLogOnFailure.class)
class WebSocketTlsIT {

    @TempDir
    Path dir;

    @Test
    void aWssSessionEchoesAndIsClosedWith1009PastTheMessageLimit() throws Exception {
        EdgeCertificates pki = EdgeCertificates.create(dir);
        Path[] files = pki.server(KeyForm.EC_SEC1);
        try (RunnerProcess runner = RunnerProcess.start("--certfile", files[0].toString(), "--keyfile",
                files[1].toString(), "--websocket-max-message", "1k", Samples.war("websocket-chat").toString())) {
            int port = runner.awaitReady();
            try (WebSocketClient chat = WebSocketClient.connectSecure(pki.clientContext(false), port, "/chat/tls?name=t");
                    WebSocketClient echo = WebSocketClient.connectSecure(pki.clientContext(false), port, "/echo")) {
                chat.await("* t joined tls");
                echo.assertEcho("x".repeat(1000));
                echo.send("x".repeat(2000));
                assertEquals(1009, echo.closeCode(Duration.ofSeconds(60)));
                chat.send("still open");
                chat.await("t: still open");
            }
        }
    }

    /** The graceful stop's idle-connection step over TLS: HTTPS/1.1 closed, h2 (ALPN) sent GOAWAY, wss left to drain. */
    @Test
    void aGracefulStopClosesIdleHttpsConnectionsOnBothProtocolsAndLeavesTheWssSessionToItsDrain() throws Exception {
        EdgeCertificates pki = EdgeCertificates.create(dir);
        Path[] files = pki.server(KeyForm.EC_SEC1);
        try (RunnerProcess runner = RunnerProcess.start("--certfile", files[0].toString(), "--keyfile",
                files[1].toString(), "--graceful-timeout", "3", Samples.war("websocket-chat").toString())) {
            int port = runner.awaitReady();
            try (WebSocketClient open = WebSocketClient.connectSecure(pki.clientContext(false), port, "/echo");
                    Socket https = pki.clientContext(false).getSocketFactory().createSocket("127.0.0.1", port)) {
                https.setSoTimeout(30_000);
                assertEquals(200, EdgeHttp.send(https, "GET /index.html HTTP/1.1\nHost: x\n\n").status());
                H2Frames.IdleAfterRequest h2 = H2Frames.IdleAfterRequest.start(port, "tls", "/index.html");
                open.assertEcho("before the stop");
                long stopped = System.nanoTime();
                runner.signal("TERM");
                runner.awaitLine("Worker 1 DRAINING (shutdown), 0 request(s) in flight, 1 WebSocket session(s) open",
                        Duration.ofSeconds(30));
                assertTrue(EdgeHttp.isClosedByServer(https), "the idle HTTPS/1.1 connection is closed");
                long closedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
                assertTrue(closedMillis < 2500, "closed " + closedMillis + " ms after SIGTERM: not before the drain");
                h2.assertGoneAwayAfterItsRequest();
                open.assertEcho("while the worker drains");
                assertEquals(1001, open.closeCode(Duration.ofSeconds(60)));
                assertEquals(0, runner.awaitExit(Duration.ofSeconds(60)), runner.log());
            }
        }
    }
}

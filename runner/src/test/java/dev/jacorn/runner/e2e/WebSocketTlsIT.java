package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** WebSocket over TLS ({@code wss://}, HTTP/2 on for the listener): the endpoints and the message limit apply there too. */
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
}

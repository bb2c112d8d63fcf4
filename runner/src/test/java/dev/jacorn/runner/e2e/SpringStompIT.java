package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Spring Boot 4 WAR with STOMP over WebSocket: Spring finds the container's
 * {@code jakarta.websocket.server.ServerContainer} in the servlet context and upgrades through it
 * (the WAR carries no WebSocket API of its own); its page is a Thymeleaf view.
 */
@ExtendWith(ServerLogOnFailure.class)
class SpringStompIT {

    @Test
    void aStompClientSubscribesSendsAndReceivesThroughSpringsBrokerAndThePageRendersAndAReloadDrainsIt()
            throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--graceful-timeout", "3",
                Samples.war("spring-stomp").toString())) {
            int port = runner.awaitReady();
            given().port(port).get("/").then().statusCode(200)
                    .body(containsString("<title>Chat in lobby</title>"))
                    .body(containsString("<code>/stomp</code>"));
            try (WebSocketClient stomp = WebSocketClient.connect(port, "/stomp")) {
                stomp.send("CONNECT\naccept-version:1.2\nhost:127.0.0.1\n\n\0");
                String connected = stomp.next();
                assertTrue(connected.startsWith("CONNECTED\n"), connected);
                stomp.send("SUBSCRIBE\nid:sub-0\ndestination:/topic/messages\n\n\0");
                String message = sendUntilBroadcast(stomp, "hello, stomp");
                assertTrue(message.startsWith("MESSAGE\n"), message);
                assertTrue(message.contains("destination:/topic/messages\n"), message);
                assertTrue(message.endsWith("\n\nsaid: hello, stomp\0"), message);

                // Spring upgraded this session itself; the drain of a reload still waits for it.
                runner.signal("HUP");
                runner.awaitLine("Worker 1 DRAINING (reload), 0 request(s) in flight, 1 WebSocket session(s) open",
                        Duration.ofSeconds(180));
                stomp.send("SEND\ndestination:/app/chat\ncontent-type:text/plain\n\nwhile draining\0");
                String draining = stomp.next();
                while (draining.endsWith("\n\nsaid: hello, stomp\0")) {
                    // A late copy of a SEND that sendUntilBroadcast repeated.
                    draining = stomp.next();
                }
                assertTrue(draining.endsWith("\n\nsaid: while draining\0"), draining);
                assertEquals(1001, stomp.closeCode(Duration.ofSeconds(120)));
                runner.awaitLine("Worker 1: closing 1 WebSocket session(s) with 1001 (going away)", Duration.ofSeconds(30));
            }
        }
    }

    /**
     * Sends {@code text} to the chat until the broker broadcasts it back: Spring handles one
     * session's frames on a pool of threads, so a SEND right behind the SUBSCRIBE can reach the
     * broker before the subscription does, and is then broadcast to nobody (seen in CI).
     */
    private static String sendUntilBroadcast(WebSocketClient stomp, String text) throws Exception {
        for (int attempt = 0; attempt < 30; attempt++) {
            stomp.send("SEND\ndestination:/app/chat\ncontent-type:text/plain\n\n" + text + "\0");
            String message = stomp.poll(Duration.ofSeconds(2));
            if (message != null) {
                return message;
            }
        }
        return stomp.next();
    }
}

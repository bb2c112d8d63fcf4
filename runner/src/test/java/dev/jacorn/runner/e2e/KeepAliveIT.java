package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One HTTP/1.1 connection carrying many requests: in turn, pipelined in a single write, sent while
 * the one before still runs, and with bodies that come after their heads. Each request runs on a
 * worker thread and its connection moves on to the next request on the I/O thread, so these are
 * the cases where the two hand over.
 */
@ExtendWith(ServerLogOnFailure.class)
class KeepAliveIT {

    private static RunnerProcess runner;
    private static int port;

    @BeforeAll
    static void start() {
        runner = RunnerProcess.start(Samples.war("hello").toString());
        port = runner.awaitReady();
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        String staticFile;
        try (Socket alone = EdgeHttp.connect("127.0.0.1", port)) {
            staticFile = EdgeHttp.send(alone, "GET /static-64k.txt HTTP/1.1\r\nHost: t\r\n\r\n").body();
        }
        assertEquals(64 * 1024, staticFile.length());
        StringBuilder pipeline = new StringBuilder();
        int rounds = 10;
        for (int i = 0; i < rounds; i++) {
            pipeline.append("GET /hello?name=p").append(i).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
            String body = "{\"n\":" + i + "}";
            pipeline.append("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ")
                    .append(body.length()).append("\r\n\r\n").append(body);
            pipeline.append("GET /static-64k.txt HTTP/1.1\r\nHost: t\r\n\r\n");
        }
        try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
            EdgeHttp.write(socket, pipeline.toString().getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < rounds; i++) {
                assertEquals("Hello, p" + i + "!\n", EdgeHttp.read(socket).body(), "pipelined hello " + i);
                assertEquals("{\"n\":" + i + "}", EdgeHttp.read(socket).body(), "pipelined echo " + i);
                EdgeHttp.Response file = EdgeHttp.read(socket);
                assertEquals(200, file.status());
                assertEquals(staticFile, file.body(), "pipelined static file " + i);
            }
        }
    }

    @Test
    void aRequestSentWhileTheOneBeforeItRunsIsAnsweredAfterIt() throws Exception {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
            for (int i = 0; i < 3; i++) {
                EdgeHttp.write(socket, EdgeHttp.crlf("GET /slow?ms=300 HTTP/1.1\nHost: t\n\n").getBytes(StandardCharsets.US_ASCII));
                Thread.sleep(100);
                EdgeHttp.write(socket, EdgeHttp.crlf("GET /hello?name=next" + i + " HTTP/1.1\nHost: t\n\n")
                        .getBytes(StandardCharsets.US_ASCII));
                assertEquals("slept 300 ms\n", EdgeHttp.read(socket).body(), "round " + i);
                assertEquals("Hello, next" + i + "!\n", EdgeHttp.read(socket).body(), "round " + i);
            }
            assertEquals("Hello, after!\n", EdgeHttp.send(socket, "GET /hello?name=after HTTP/1.1\nHost: t\n\n").body());
        }
    }

    @Test
    void bodiesThatComeAfterTheirHeadsAreReadOnTheSameConnection() throws Exception {
        // A small body is read on the I/O thread, one past --body-buffer-size (16k) by the request thread.
        for (int size : new int[] {100, 100_000}) {
            String body = "{\"pad\":\"" + "x".repeat(size) + "\"}";
            try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
                for (int i = 0; i < 3; i++) {
                    EdgeHttp.write(socket, EdgeHttp.crlf("POST /echo HTTP/1.1\nHost: t\nContent-Type: application/json\n"
                            + "Content-Length: " + body.length() + "\n\n").getBytes(StandardCharsets.US_ASCII));
                    Thread.sleep(150);
                    EdgeHttp.write(socket, body.substring(0, body.length() / 2).getBytes(StandardCharsets.US_ASCII));
                    Thread.sleep(150);
                    EdgeHttp.write(socket, body.substring(body.length() / 2).getBytes(StandardCharsets.US_ASCII));
                    assertEquals(body, EdgeHttp.read(socket).body(), size + " bytes, round " + i);
                }
                assertEquals("Hello, after!\n", EdgeHttp.send(socket, "GET /hello?name=after HTTP/1.1\nHost: t\n\n").body());
            }
        }
    }

    @Test
    void aConnectionServesThousandsOfRequestsInTurn() throws Exception {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
            for (int i = 0; i < 3000; i++) {
                String body = "{\"i\":" + i + "}";
                EdgeHttp.Response echoed = EdgeHttp.send(socket, i % 2 == 0
                        ? "GET /hello?name=" + i + " HTTP/1.1\r\nHost: t\r\n\r\n"
                        : "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                assertEquals(i % 2 == 0 ? "Hello, " + i + "!\n" : body, echoed.body(), "request " + i);
                assertEquals(200, echoed.status());
            }
        }
    }
}

package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One HTTP/1.1 connection carrying many requests: in turn, and pipelined in a single write. Each
 * request runs on a worker thread and its connection moves on to the next request on the I/O
 * thread, so these are the cases where the two hand over.
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

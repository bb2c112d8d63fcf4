package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The README's first promise: {@code java -jar runner.jar app.war} serves the WAR, and stops cleanly. */
@ExtendWith(ServerLogOnFailure.class)
class FoundationIT {

    @Test
    void servesTheHelloWarAtTheRootAndAtHello() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            given().port(port).get("/").then().statusCode(200)
                    .contentType(containsString("text/plain")).body(equalTo("Hello, world!\n"));
            given().port(port).get("/hello?name=Ada").then().statusCode(200).body(equalTo("Hello, Ada!\n"));
            given().port(port).get("/index.html").then().statusCode(200)
                    .contentType(containsString("text/html")).body(containsString("Hello from Jacorn"));
            given().port(port).get("/static-64k.txt").then().statusCode(200).header("Content-Length", "65536");
            given().port(port).body("{\"n\":1}").contentType("application/json").post("/echo").then()
                    .statusCode(200).body(equalTo("{\"n\":1}"));
            given().port(port).get("/WEB-INF/classes/dev/jacorn/sample/hello/HelloServlet.class").then()
                    .statusCode(404);
        }
    }

    @Test
    void logsTheLinesAnOperatorRecognises() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            runner.awaitLine("Starting jacorn 0.1.0", Duration.ofSeconds(5));
            runner.awaitLine("Listening at: http://127.0.0.1:" + port + " (" + runner.pid() + ")", Duration.ofSeconds(5));
            runner.awaitLine("Booting worker 1 (hello,", Duration.ofSeconds(5));
            String ready = runner.awaitLine("Worker 1 READY: hello at / in ", Duration.ofSeconds(5));
            assertTrue(ready.matches(".*READY: hello at / in \\d+ ms$"), ready);
        }
    }

    @Test
    void servesAnExplodedWarDirectory(@TempDir Path dir) throws IOException {
        unzip(Samples.war("hello"), dir);
        try (RunnerProcess runner = RunnerProcess.start(dir.toString())) {
            int port = runner.awaitReady();
            given().port(port).get("/hello").then().statusCode(200).body(equalTo("Hello, world!\n"));
            given().port(port).get("/index.html").then().statusCode(200);
        }
    }

    @Test
    void servesAServletClassFromTheClasspathAtEveryPath() {
        try (RunnerProcess runner = RunnerProcess.start("--classpath", Samples.testClasses().toString(),
                "dev.jacorn.runner.fixtures.PlainServlet")) {
            int port = runner.awaitReady();
            given().port(port).get("/any/path").then().statusCode(200)
                    .body(equalTo("plain servlet at /any/path\n"));
        }
    }

    @Test
    void sigtermFinishesTheRequestInFlightUndeploysAndExitsZero() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            CompletableFuture<Response> slow = CompletableFuture.supplyAsync(
                    () -> given().port(port).get("/slow?ms=1500"));
            awaitInFlight(runner, port);
            runner.signal("TERM");
            Response response = slow.get(20, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertEquals("slept 1500 ms\n", response.asString());
            assertEquals(0, runner.awaitExit(Duration.ofSeconds(20)));
            runner.awaitLine("hello: context destroyed", Duration.ofSeconds(1));
            runner.awaitLine("Shutting down: Master", Duration.ofSeconds(1));
        }
    }

    @Test
    void sigtermStopsAcceptingNewConnections() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--graceful-timeout", "10", Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            CompletableFuture<Response> slow = CompletableFuture.supplyAsync(
                    () -> given().port(port).get("/slow?ms=2000"));
            awaitInFlight(runner, port);
            runner.signal("TERM");
            runner.awaitLine("Shutting down: waiting", Duration.ofSeconds(10));
            // The listening socket is closed at once: the port can be taken by someone else.
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertTrue(socket.isBound());
            }
            assertEquals(200, slow.get(20, TimeUnit.SECONDS).statusCode());
            assertEquals(0, runner.awaitExit(Duration.ofSeconds(20)));
        }
    }

    @Test
    void sigintStopsQuickly() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("hello").toString())) {
            runner.awaitReady();
            runner.signal("INT");
            assertEquals(0, runner.awaitExit(Duration.ofSeconds(10)));
            runner.awaitLine("Shutting down: quick stop", Duration.ofSeconds(1));
        }
    }

    /** Waits until the slow request reached the servlet (it prints a line as it starts sleeping). */
    static void awaitInFlight(RunnerProcess runner, int port) {
        runner.awaitLine("slow: sleeping", Duration.ofSeconds(10));
    }

    static void unzip(Path war, Path dir) throws IOException {
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                Path out = dir.resolve(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, out);
                    }
                }
            }
        }
    }
}

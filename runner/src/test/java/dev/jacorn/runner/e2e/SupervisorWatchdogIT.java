package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The watchdog's harder cases: a servlet that ignores interrupts, a request over HTTP/2, one in async mode. */
@ExtendWith(ServerLogOnFailure.class)
class SupervisorWatchdogIT {

    private static RunnerProcess start(String... args) {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--classpath";
        all[args.length + 1] = Samples.testClasses().toString();
        all[args.length + 2] = "dev.jacorn.runner.fixtures.StubbornServlet";
        return RunnerProcess.start(all);
    }

    @Test
    void aThreadThatIgnoresTheInterruptIsAnswered503AndItsWorkerIsReplacedAsStuck() throws Exception {
        try (RunnerProcess runner = start("--timeout", "1", "--graceful-timeout", "2")) {
            int port = runner.awaitReady();
            CompletableFuture<Response> stuck = CompletableFuture.supplyAsync(
                    () -> given().port(port).get("/stubborn?ms=20000"));
            runner.awaitLine("stubborn: ignoring interrupts for 20000 ms", Duration.ofSeconds(60));
            long started = System.nanoTime();
            Response response = stuck.get(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(503, response.statusCode());
            assertTrue(seconds < 15, "answered " + seconds + " s after the servlet began: not by the watchdog");
            runner.awaitLine("WORKER TIMEOUT (worker 1, StubbornServlet): GET /stubborn?ms=20000", Duration.ofSeconds(5));
            runner.awaitLine("stubborn: interrupted, carrying on", Duration.ofSeconds(5));
            runner.awaitLine("Worker 1 is stuck", Duration.ofSeconds(30));
            runner.awaitLine("Replacing worker 1 (stuck", Duration.ofSeconds(30));
            runner.awaitLine("Worker 2 READY", Duration.ofSeconds(30));
            given().port(port).get("/anything").then().statusCode(200).body(equalTo("ok\n"));
        }
    }

    @Test
    void aTimedOutRequestIsAnswered503OverHttp2Too() throws Exception {
        // Java's HttpClient reaches h2c by Upgrade only, which is off by default.
        try (RunnerProcess runner = RunnerProcess.start("--timeout", "2", "--h2c-upgrade",
                Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            // The first request upgrades the connection to h2c; the slow one is then a plain HTTP/2 stream.
            assertEquals(HttpClient.Version.HTTP_2, http.send(HttpRequest.newBuilder(base.resolve("/hello")).build(),
                    HttpResponse.BodyHandlers.ofString()).version());
            HttpResponse<String> slow = http.send(HttpRequest.newBuilder(base.resolve("/slow?ms=60000")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, slow.statusCode(), slow.body());
            assertEquals(HttpClient.Version.HTTP_2, slow.version());
            runner.awaitLine("WORKER TIMEOUT (worker 1, hello): GET /slow?ms=60000 HTTP/2.0", Duration.ofSeconds(5));
            // The sample answers the interrupt with sendError, too late (the client saw the 503): one
            // WORKER TIMEOUT entry with one stack, and no second one from Undertow once the thread returns.
            runner.awaitLine("the thread running GET /slow?ms=60000 HTTP/2.0 returned", Duration.ofSeconds(10));
            assertEquals(0, runner.count("Response already commited"), runner.log());
            assertEquals(1, runner.count("WORKER TIMEOUT"), runner.log());
            assertEquals(200, http.send(HttpRequest.newBuilder(base.resolve("/hello")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void anAsyncRequestIsTimedByItsAsyncContextNotHeldAgainstTheWorker() {
        try (RunnerProcess runner = start("--timeout", "1")) {
            int port = runner.awaitReady();
            given().port(port).get("/async?ms=3000").then().statusCode(200)
                    .body(equalTo("async done after 3000 ms\n"));
            assertEquals(0, runner.count("WORKER TIMEOUT"), runner.log());
        }
    }
}

package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The watchdog's harder cases, with a servlet that ignores interrupts and one in async mode. */
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
    void anAsyncRequestIsTimedByItsAsyncContextNotHeldAgainstTheWorker() {
        try (RunnerProcess runner = start("--timeout", "1")) {
            int port = runner.awaitReady();
            given().port(port).get("/async?ms=3000").then().statusCode(200)
                    .body(equalTo("async done after 3000 ms\n"));
            assertEquals(0, runner.count("WORKER TIMEOUT"), runner.log());
        }
    }
}

package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The worker tests, run once per worker class ({@link SupervisorIT} with platform threads,
 * {@link SupervisorVirtualThreadsIT} with virtual threads on a Java 21+ JDK): zero loss under
 * reloads, recycling, scaling and a graceful stop, and the request timeout.
 */
@ExtendWith(ServerLogOnFailure.class)
abstract class SupervisorScenarios {

    private static final Pattern RELOAD_TIME = Pattern.compile("Reloaded: \\d+ worker\\(s\\) READY in (\\d+) ms");

    /** {@code --worker-class} value. */
    abstract String workerClass();

    private RunnerProcess start(String... args) {
        List<String> all = new ArrayList<>(List.of("--worker-class", workerClass()));
        all.addAll(List.of(args));
        return RunnerProcess.start(all.toArray(String[]::new));
    }

    @Test
    void reloadsRecyclingScalingAndSigtermUnderLoadLoseNoRequestAndResetNoConnection() throws Exception {
        try (RunnerProcess runner = start("--workers", "2", "--threads", "16", "--max-requests", "200",
                "--max-requests-jitter", "20", "--graceful-timeout", "15", Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            List<String[]> clients = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                // Some clients keep slow requests in flight, so every drain has something to wait for.
                clients.add(i % 8 == 0 ? new String[] {"/slow?ms=150", "slept 150 ms"}
                        : new String[] {"/hello?name=c" + i, "Hello, c" + i + "!"});
            }
            try (KeepAliveLoad load = new KeepAliveLoad(port, clients).start()) {
                load.awaitSucceeded(500, 120);
                long reloadsStarted = System.nanoTime();
                for (int reload = 1; reload <= 10; reload++) {
                    runner.signal("HUP");
                    awaitCount(runner, "Reloaded: ", reload, 120);
                    load.awaitSucceeded(load.succeeded() + 100, 60);
                }
                long reloadSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - reloadsStarted);

                runner.signal("TTIN");
                runner.awaitLine("Scaling up to 3 worker(s) per application", Duration.ofSeconds(60));
                load.awaitSucceeded(load.succeeded() + 300, 60);
                runner.signal("TTOU");
                runner.awaitLine("Scaling down to 2 worker(s) per application", Duration.ofSeconds(60));
                runner.awaitLine("DRAINING (scaled down)", Duration.ofSeconds(60));
                load.awaitSucceeded(load.succeeded() + 300, 60);
                awaitCount(runner, "(max-requests, ", 5, 120);

                // Until the stop, no connection was closed under a request (the stop closes idle ones).
                assertEquals(0, load.retries(), load.summary());
                runner.signal("TERM");
                assertEquals(0, runner.awaitExit(Duration.ofSeconds(60)), runner.log());
                assertTrue(load.awaitClientsEnded(30), "clients still running after the stop: " + load.summary());
                System.out.printf("[%s] zero-loss: %d requests served on %d connections; 10 reloads in %d s"
                        + " (mean %d ms each as logged); %d max-requests replacements; %d request(s) sent again"
                        + " after the stop closed an idle connection%n", workerClass(),
                        load.succeeded(), load.connections(), reloadSeconds, meanReloadMillis(runner),
                        runner.count("(max-requests, "), load.retries());
                assertEquals(0, load.failed(), load.summary());
                assertEquals(0, load.resets(), load.summary());
                assertTrue(load.succeeded() > 2_000, load.summary());
                runner.awaitLine("Shutting down: Master", Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void aRequestPastTheTimeoutIsLoggedWithItsStackInterruptedAndAnswered503WhileOthersAreServed()
            throws Exception {
        try (RunnerProcess runner = start("--timeout", "2", "--graceful-timeout", "20", Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            CompletableFuture<Response> hanging = CompletableFuture.supplyAsync(
                    () -> given().port(port).get("/slow?ms=60000"));
            // The clock starts when the servlet has the request (a cold client may take a while to send it).
            runner.awaitLine("slow: sleeping 60000 ms", Duration.ofSeconds(60));
            long started = System.nanoTime();
            given().port(port).get("/hello?name=meanwhile").then().statusCode(200);
            Response response = hanging.get(60, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(503, response.statusCode());
            assertTrue(seconds >= 1.5 && seconds < 20, "answered " + seconds + " s after the servlet began");
            String timeout = runner.awaitLine("WORKER TIMEOUT (worker 1, hello): GET /slow?ms=60000 HTTP/1.1 ran"
                    + " longer than --timeout 2 s", Duration.ofSeconds(5));
            assertTrue(timeout.contains("interrupting its thread"), timeout);
            runner.awaitLine("at jacorn-webapp[hello]//dev.jacorn.sample.hello.SlowServlet.doGet(", Duration.ofSeconds(5));
            given().port(port).get("/hello").then().statusCode(200);
        }
    }

    static void awaitCount(RunnerProcess runner, String text, long count, long timeoutSeconds) {
        runner.awaitLog(line -> runner.count(text) >= count, Duration.ofSeconds(timeoutSeconds));
    }

    private static long meanReloadMillis(RunnerProcess runner) {
        long total = 0;
        int n = 0;
        for (String line : runner.stderr()) {
            Matcher m = RELOAD_TIME.matcher(line);
            if (m.find()) {
                total += Long.parseLong(m.group(1));
                n++;
            }
        }
        return n == 0 ? -1 : total / n;
    }
}

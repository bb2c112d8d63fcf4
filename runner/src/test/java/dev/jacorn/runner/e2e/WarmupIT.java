package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code --warmup}: every new worker, at start and on a reload, serves the warm-up requests
 * before it becomes READY, and none of them is seen by clients, the router or the access log.
 * The edge sample prints {@code edge: GET /info?...} for every request it serves.
 */
@ExtendWith(ServerLogOnFailure.class)
class WarmupIT {

    private static final String WARM = "edge: GET /info?warm=1";

    @Test
    void everyNewWorkerServesTheWarmupRequestsBeforeItIsReady() {
        try (RunnerProcess runner = RunnerProcess.start("--workers", "2", "--warmup", "/info?warm=1",
                "--warmup-requests", "25", "--warmup-max-requests", "25", "--access-logfile", "-", Samples.war("edge").toString())) {
            int port = runner.awaitReady();
            SupervisorScenarios.awaitCount(runner, "READY: edge at /", 2, 60);
            SupervisorScenarios.awaitCount(runner, WARM, 50, 30);
            assertOrdered(runner.allLines(), "Worker 1 warmed up: 25 request(s) to [/info?warm=1]", "Worker 1 READY");
            assertOrdered(runner.allLines(), "Worker 2 warmed up: 25 request(s) to [/info?warm=1]", "Worker 2 READY");

            given().port(port).get("/info?client=1").then().statusCode(200);
            runner.awaitLine("\"GET /info?client=1 HTTP/1.1\" 200", Duration.ofSeconds(10));
            assertEquals(0, runner.count("\"GET /info?warm=1"), "warm-up requests are not access-logged");

            runner.signal("HUP");
            runner.awaitLine("Reloaded: 2 worker(s) READY", Duration.ofSeconds(60));
            SupervisorScenarios.awaitCount(runner, WARM, 100, 30);
            assertOrdered(runner.allLines(), "Worker 3 warmed up", "Worker 3 READY");
            assertEquals(100, runner.count(WARM), "25 warm-up requests for each of the 4 workers, no more");
        }
    }

    @Test
    void theWarmupGoesOnWhileTheJitIsStillCompilingUpToItsMaximum() {
        // A JVM that has just booted the application is compiling hard: 20 requests are not enough.
        try (RunnerProcess runner = RunnerProcess.start("--warmup", "/info?warm=1", "--warmup-requests", "20",
                "--warmup-max-requests", "2000", Samples.war("edge").toString())) {
            runner.awaitReady();
            String warmed = runner.awaitLine("Worker 1 warmed up: ", Duration.ofSeconds(60));
            Matcher count = Pattern.compile("warmed up: (\\d+) request\\(s\\)").matcher(warmed);
            assertTrue(count.find(), warmed);
            int sent = Integer.parseInt(count.group(1));
            assertTrue(sent > 20 && sent <= 2000, warmed);
            assertTrue(warmed.endsWith("(more than 20 per path: the JIT was still compiling)"), warmed);
            assertEquals(sent, runner.count(WARM), "every warm-up request was served by the worker");
        }
    }

    @Test
    void aWarmupPathThatFailsIsAWarningAndTheWorkerStillServes() {
        try (RunnerProcess runner = RunnerProcess.start("--warmup", "/missing", "--warmup-requests", "10",
                Samples.war("edge").toString())) {
            int port = runner.awaitReady();
            String warning = runner.awaitLine("warm-up stopped after", Duration.ofSeconds(30));
            assertTrue(warning.contains("GET /missing answered 404; check --warmup [/missing]"), warning);
            given().port(port).get("/info").then().statusCode(200);
        }
    }

    private static void assertOrdered(List<String> lines, String first, String second) {
        int a = indexOf(lines, first);
        int b = indexOf(lines, second);
        assertTrue(a >= 0 && b > a, "'" + first + "' (line " + a + ") comes before '" + second + "' (line " + b + ")");
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}

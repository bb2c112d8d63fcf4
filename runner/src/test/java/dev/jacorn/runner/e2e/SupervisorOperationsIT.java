package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating the supervisor: {@code --pid}, scaling limits, boot back-off, a stop past its
 * deadline, and {@code --worker-class virtual} refused on a JVM without virtual threads.
 */
@ExtendWith(ServerLogOnFailure.class)
class SupervisorOperationsIT {

    @Test
    void pidFileHoldsTheProcessIdWhileRunningAndIsRemovedAtExitAndScalingStaysAtOneOrMore(@TempDir Path dir)
            throws Exception {
        Path pid = dir.resolve("run/jacorn.pid");
        try (RunnerProcess runner = RunnerProcess.start("--pid", pid.toString(), Samples.war("hello").toString())) {
            runner.awaitReady();
            assertEquals(Long.toString(runner.pid()), Files.readString(pid).strip());
            runner.signal("TTOU");
            runner.awaitLine("Not scaling down: 1 worker per application is the minimum", Duration.ofSeconds(30));
            runner.signal("TTIN");
            runner.awaitLine("Worker 2 READY", Duration.ofSeconds(60));
            // A reload goes back to --workers.
            runner.signal("HUP");
            runner.awaitLine("Reloaded: 1 worker(s) READY", Duration.ofSeconds(60));
            runner.awaitLine("DRAINING (scaled down)", Duration.ofSeconds(30));
            runner.signal("TERM");
            assertEquals(0, runner.awaitExit(Duration.ofSeconds(30)));
            assertFalse(Files.exists(pid), "pid file left behind");
        }
    }

    @Test
    void aPidFileOfAnotherRunningProcessIsRefused(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("jacorn.pid");
        long alive = ProcessHandle.current().pid();
        Files.writeString(pid, alive + "\n");
        try (RunnerProcess runner = RunnerProcess.start("--pid", pid.toString(), Samples.war("hello").toString())) {
            assertEquals(1, runner.awaitExit(Duration.ofSeconds(30)));
            assertTrue(runner.stderr().contains("Error: The pid file in --pid " + pid + " belongs to process " + alive
                    + ", which is still running; stop it or choose another --pid file."), runner.log());
        }
    }

    @Test
    void aWorkerThatCannotBootAfterStartUpIsRetriedWithBackoffUntilItCan(@TempDir Path dir) throws Exception {
        FoundationIT.unzip(Samples.war("hello"), dir);
        Path listener = dir.resolve("WEB-INF/classes/dev/jacorn/sample/hello/LifecycleLogger.class");
        Path aside = dir.resolve("LifecycleLogger.class.aside");
        try (RunnerProcess runner = RunnerProcess.start(dir.toString())) {
            runner.awaitReady();
            Files.move(listener, aside);
            runner.signal("TTIN");
            runner.awaitLine("Worker failed to boot: Application", Duration.ofSeconds(30));
            String second = runner.awaitLine("; trying again in 2 s", Duration.ofSeconds(30));
            assertTrue(second.contains("Worker failed to boot: "), second);
            Files.move(aside, listener);
            SupervisorScenarios.awaitCount(runner, " READY: ", 2, 60);
            assertEquals(1, runner.count("; trying again in 1 s"), runner.log());
        }
    }

    @Test
    void aStopPastTheGracefulTimeoutNamesTheRequestsItCutsAndExitsZero() {
        try (RunnerProcess runner = RunnerProcess.start("--graceful-timeout", "1", "--timeout", "0",
                Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    io.restassured.RestAssured.given().port(port).get("/slow?ms=60000");
                } catch (RuntimeException e) {
                    // cut by the stop: that is the point
                }
            });
            runner.awaitLine("slow: sleeping 60000 ms", Duration.ofSeconds(30));
            runner.signal("TERM");
            assertEquals(0, runner.awaitExit(Duration.ofSeconds(30)));
            String cut = runner.awaitLine("graceful timeout of 1 s reached, cutting 1 request(s) still running:",
                    Duration.ofSeconds(1));
            assertTrue(cut.contains("GET /slow?ms=60000 HTTP/1.1 (running "), cut);
        }
    }

    @Test
    void virtualWorkersOnJava17AreAUsageError() {
        Assumptions.assumeTrue(System.getProperty("jacorn.java") == null && Runtime.version().feature() < 21,
                "the runner runs on the build JDK, which has virtual threads");
        try (RunnerProcess runner = RunnerProcess.start("--worker-class", "virtual", Samples.war("hello").toString())) {
            assertEquals(2, runner.awaitExit(Duration.ofSeconds(30)));
            String error = String.join("\n", runner.stderr());
            assertTrue(error.contains("Error: --worker-class virtual needs Java 21 or newer, and this is Java "
                    + Runtime.version().feature() + "; run Jacorn with a newer java, or use --worker-class thread."), error);
        }
    }
}

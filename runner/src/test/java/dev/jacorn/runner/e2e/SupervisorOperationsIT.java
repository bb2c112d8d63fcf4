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

/** {@code --pid}, and {@code --worker-class virtual} refused on a JVM without virtual threads. */
@ExtendWith(ServerLogOnFailure.class)
class SupervisorOperationsIT {

    @Test
    void pidFileHoldsTheProcessIdWhileRunningAndIsRemovedAtExit(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("run/jacorn.pid");
        try (RunnerProcess runner = RunnerProcess.start("--pid", pid.toString(), Samples.war("hello").toString())) {
            runner.awaitReady();
            assertEquals(Long.toString(runner.pid()), Files.readString(pid).strip());
            runner.signal("TERM");
            assertEquals(0, runner.awaitExit(Duration.ofSeconds(30)));
            assertFalse(Files.exists(pid), "pid file left behind");
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

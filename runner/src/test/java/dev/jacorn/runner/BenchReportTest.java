package dev.jacorn.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the benchmark harness's own tests ({@code bench/tests}, Python's unittest) in the Maven
 * build, so a change to {@code bench/report.py} that alters what a saved run renders to fails
 * {@code mvn verify}. Skipped, saying why, only when no {@code python3} is on the PATH.
 */
class BenchReportTest {

    private static final Path REPO = Path.of(System.getProperty("jacorn.repoDir", "..")).toAbsolutePath().normalize();

    @Test
    void savedBenchmarkRunsRenderToTheirSavedReports() throws Exception {
        assumeTrue(python3OnPath(), "python3 is not on the PATH: bench/tests (the report renderer's tests) not run");
        ProcessBuilder builder = new ProcessBuilder("python3", "-m", "unittest", "discover", "-v", "-s", "bench/tests")
                .directory(REPO.toFile())
                .redirectErrorStream(true);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ left in bench/
        Process python = builder.start();
        python.getOutputStream().close();
        // unittest writes to stderr, merged above; read it all before waiting so the pipe never fills.
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, python.waitFor(2, TimeUnit.MINUTES), "bench/tests did not finish:\n" + output);
        assertEquals(0, python.exitValue(), "bench/tests failed:\n" + output);
    }

    private static boolean python3OnPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "python3"))) {
                return true;
            }
        }
        return false;
    }
}

package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The worker tests with {@code --worker-class virtual}, which needs Java 21+: the runner is
 * started with the JDK named by the system property {@code jacorn.virtualJava} (set by the
 * failsafe configuration, default {@code /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}). Without
 * that JDK the tests are skipped, except on CI ({@code CI=true}), where they fail.
 */
class SupervisorVirtualThreadsIT extends SupervisorScenarios {

    private static final String DEFAULT_JAVA = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

    @BeforeAll
    static void useAJava21PlusRuntime() {
        Path java = Path.of(System.getProperty("jacorn.virtualJava", DEFAULT_JAVA));
        if (!Files.isExecutable(java)) {
            String why = "--worker-class virtual needs a Java 21+ JDK at " + java
                    + "; install one or point -Djacorn.virtualJava=/path/to/bin/java at it";
            assertTrue(!"true".equals(System.getenv("CI")), why);
            Assumptions.abort(why);
        }
        System.setProperty("jacorn.java", java.toString());
    }

    @AfterAll
    static void restoreTheDefaultRuntime() {
        System.clearProperty("jacorn.java");
    }

    @Override
    String workerClass() {
        return "virtual";
    }
}

package dev.jacorn.runner.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put the runner jar, the sample WARs and the compiled test fixtures. */
public final class Samples {

    private Samples() {
    }

    public static Path runnerJar() {
        return existing(Path.of(System.getProperty("jacorn.runnerJar", "target/runner.jar")));
    }

    /** {@code sample-webapps/NAME/target/NAME.war}. */
    public static Path war(String name) {
        Path dir = Path.of(System.getProperty("jacorn.samplesDir", "../sample-webapps"));
        return existing(dir.resolve(name).resolve("target").resolve(name + ".war")).toAbsolutePath();
    }

    /** The runner module's compiled test classes (servlet fixtures for servlet-class mode). */
    public static Path testClasses() {
        return existing(Path.of(System.getProperty("jacorn.testClasses", "target/test-classes"))).toAbsolutePath();
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new AssertionError(path + " does not exist; build the reactor first (mvn -B verify)");
        }
        return path;
    }
}

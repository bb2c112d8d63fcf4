package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application that fails while it starts (an initializer or a load-on-startup servlet throws)
 * exits 3 with one sentence naming the application and the cause; a descriptor that cannot be read
 * exits 4 naming the file. The applications are exploded WARs built here from the fixtures.
 */
@ExtendWith(ServerLogOnFailure.class)
class ApplicationBootFailuresIT {

    private static final String WEB_XML_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.1\">\n";

    @Test
    void anInitializerThatThrowsExitsThreeNamingTheApplicationAndCause(@TempDir Path dir) throws IOException {
        Path app = explodedWar(dir.resolve("initializer-app"), "FailingInitializer");
        Path services = app.resolve("WEB-INF/classes/META-INF/services/jakarta.servlet.ServletContainerInitializer");
        Files.createDirectories(services.getParent());
        Files.writeString(services, "dev.jacorn.runner.fixtures.FailingInitializer\n");
        assertExit(3, "Error: Application initializer-app failed to start: java.lang.IllegalStateException:"
                + " initializer refuses to start", app).close();
    }

    @Test
    void aServletWhoseInitThrowsExitsThreeNamingTheApplicationAndCause(@TempDir Path dir) throws IOException {
        Path app = explodedWar(dir.resolve("servlet-app"), "FailingInitServlet");
        Files.writeString(app.resolve("WEB-INF/web.xml"), WEB_XML_HEAD
                + "  <servlet><servlet-name>failing</servlet-name>"
                + "<servlet-class>dev.jacorn.runner.fixtures.FailingInitServlet</servlet-class>"
                + "<load-on-startup>1</load-on-startup></servlet>\n</web-app>\n");
        assertExit(3, "Error: Application servlet-app failed to start: jakarta.servlet.ServletException:"
                + " servlet init refuses to start", app).close();
    }

    @Test
    void theMessageNamesTheApplicationsExplanationNotTheInnermostClassNotFound(@TempDir Path dir) throws IOException {
        Path app = explodedWar(dir.resolve("deep-app"), "FailingDeepListener");
        Files.writeString(app.resolve("WEB-INF/web.xml"), WEB_XML_HEAD
                + "  <listener><listener-class>dev.jacorn.runner.fixtures.FailingDeepListener</listener-class></listener>\n"
                + "</web-app>\n");
        try (RunnerProcess runner = assertExit(3, "Error: Application deep-app failed to start:"
                + " java.lang.IllegalStateException: Unable to initialize the expression factory; add an Expression"
                + " Language implementation", app)) {
            // The whole chain is in the error log, down to the innermost link.
            runner.awaitLine("[ERROR] Application deep-app failed to start: java.lang.IllegalStateException",
                    Duration.ofSeconds(1));
            runner.awaitLine("Caused by: java.lang.ClassNotFoundException: org.osgi.framework.FrameworkUtil",
                    Duration.ofSeconds(1));
        }
    }

    @Test
    void aWebXmlThatCannotBeReadExitsFourNamingTheFile(@TempDir Path dir) throws IOException {
        Path app = explodedWar(dir.resolve("bad-descriptor"), "FailingInitServlet");
        Files.writeString(app.resolve("WEB-INF/web.xml"), WEB_XML_HEAD + "  <servlet>\n</web-app>\n");
        try (RunnerProcess runner = RunnerProcess.start(app.toString())) {
            assertEquals(4, runner.awaitExit(Duration.ofSeconds(60)));
            String error = runner.awaitLine("Error: WEB-INF/web.xml of bad-descriptor could not be read: ",
                    Duration.ofSeconds(1));
            assertEquals(true, error.endsWith("; fix the descriptor and redeploy."), error);
        }
    }

    /** The exit code and the one-line message; the error log above it holds the exception chain. */
    private static RunnerProcess assertExit(int code, String message, Path app) {
        RunnerProcess runner = RunnerProcess.start(app.toString());
        assertEquals(code, runner.awaitExit(Duration.ofSeconds(60)));
        String line = runner.awaitLine(message, Duration.ofSeconds(1));
        assertEquals(true, line.startsWith("Error: "), "the one-line message: " + line);
        return runner;
    }

    /** An exploded WAR whose WEB-INF/classes holds one fixture class. */
    private static Path explodedWar(Path root, String fixture) throws IOException {
        String file = "dev/jacorn/runner/fixtures/" + fixture + ".class";
        Path target = root.resolve("WEB-INF/classes").resolve(file);
        Files.createDirectories(target.getParent());
        Files.copy(Samples.testClasses().resolve(file), target);
        return root;
    }
}

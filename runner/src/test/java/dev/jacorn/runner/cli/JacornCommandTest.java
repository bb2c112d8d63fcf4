package dev.jacorn.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command called in-process with captured streams: exit codes and the exact one-line messages. */
class JacornCommandTest {

    private static final String TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath().toString();

    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new JacornCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(new String[] {"--wrokers", "2", "app.war"}, 2,
                        "Error: Unknown option --wrokers (did you mean --workers?); run java -jar runner.jar --help"
                                + " to see the options."),
                Arguments.of(new String[] {"--bind", "localhost:http", "app.war"}, 2,
                        "Error: --bind localhost:http is not valid: the port must be a number from 0 to 65535;"
                                + " use HOST:PORT, :PORT, [IPv6]:PORT or PORT, for example 127.0.0.1:8000."),
                Arguments.of(new String[] {"--bind", "1.2.3.4:99999", "app.war"}, 2,
                        "Error: --bind 1.2.3.4:99999 is not valid: the port must be a number from 0 to 65535;"
                                + " use HOST:PORT, :PORT, [IPv6]:PORT or PORT, for example 127.0.0.1:8000."),
                Arguments.of(new String[] {"--workers", "0", "app.war"}, 2,
                        "Error: --workers 0 is not valid: it must be a whole number from 1 to 1024."),
                Arguments.of(new String[] {"--threads", "many", "app.war"}, 2,
                        "Error: --threads many is not valid: it must be a whole number from 1 to 10000."),
                Arguments.of(new String[] {"--timeout", "-1", "app.war"}, 2,
                        "Error: --timeout -1 is not valid: it must be a number of seconds, 0 or more."),
                Arguments.of(new String[] {"--graceful-timeout", "soon", "app.war"}, 2,
                        "Error: --graceful-timeout soon is not valid: it must be a number of seconds, 0 or more."),
                Arguments.of(new String[] {"--workers"}, 2,
                        "Error: Missing required parameter for option '--workers' (N); run java -jar runner.jar"
                                + " --help to see the options."),
                Arguments.of(new String[] {}, 2,
                        "Error: No APP was given; pass a .war file, an exploded WAR directory, or a servlet class"
                                + " name with --classpath (see java -jar runner.jar --help)."));
    }

    static Stream<Arguments> peerHabits() {
        String help = "; run java -jar runner.jar --help to see the options.";
        return Stream.of(
                Arguments.of(new String[] {"-p", "app.pid", "app.war"}, "Unknown option -p: Gunicorn's -p (pid file) is"
                        + " --pid FILE here" + help),
                Arguments.of(new String[] {"-k", "gevent", "app.war"}, "Unknown option -k: Gunicorn's -k (worker class)"
                        + " is --worker-class thread or virtual here; there are no gevent or eventlet workers" + help),
                Arguments.of(new String[] {"-D", "app.war"}, "Unknown option -D: Jacorn does not daemonize; run it under"
                        + " systemd, a container or another supervisor (see deploy/), which restarts it and collects its"
                        + " logs" + help),
                Arguments.of(new String[] {"-e", "A=1", "app.war"}, "Unknown option -e: Jacorn has no -e; set variables"
                        + " in its environment (env NAME=VALUE java -jar ...), or system properties with java"
                        + " -Dname=value" + help),
                Arguments.of(new String[] {"--port", "9000", "app.war"}, "Unknown option --port: Jacorn listens where"
                        + " --bind says: --bind :PORT for every interface (or the PORT variable)" + help),
                Arguments.of(new String[] {"--path", "/api", "app.war"}, "Unknown option --path: webapp-runner's --path"
                        + " is written after the APP here: app.war:/PATH" + help),
                Arguments.of(new String[] {"--user", "www", "app.war"}, "Unknown option --user: Jacorn does not switch"
                        + " user or group; start it as the user it should run as (User= in systemd, USER in a"
                        + " Dockerfile)" + help),
                Arguments.of(new String[] {"--server.port=9000", "app.war"}, "Unknown option --server.port: Spring"
                        + " Boot's server.port is not read by Jacorn; Jacorn listens where --bind says: --bind :PORT for"
                        + " every interface (or the PORT variable)" + help));
    }

    @ParameterizedTest
    @MethodSource("peerHabits")
    void anotherServersFlagGetsAHintNamingWhatToUseHere(String[] args, String message) {
        Outcome outcome = run(args);
        assertEquals("Error: " + message + System.lineSeparator(), outcome.err());
        assertEquals(2, outcome.code());
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsAreOneLineWithExitCodeTwo(String[] args, int code, String message) {
        Outcome outcome = run(args);
        assertEquals(message + System.lineSeparator(), outcome.err());
        assertEquals(code, outcome.code());
    }

    @Test
    void aMissingAppIsExitCodeFour() {
        Outcome outcome = run("--bind", "127.0.0.1:0", "no/such/app.war");
        assertEquals("Error: APP no/such/app.war does not exist; give the path of a .war file, an exploded WAR"
                + " directory, or a servlet class name with --classpath." + System.lineSeparator(), outcome.err());
        assertEquals(4, outcome.code());
    }

    @Test
    void aFileThatIsNotAWarIsExitCodeFour(@TempDir Path dir) throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");
        Outcome outcome = run("--bind", "127.0.0.1:0", notes.toString());
        assertEquals("Error: APP " + notes + " is a file but not a WAR; give a .war file, an exploded WAR"
                + " directory, or a servlet class name with --classpath." + System.lineSeparator(), outcome.err());
        assertEquals(4, outcome.code());
    }

    @Test
    void aDirectoryThatIsNotAWarIsExitCodeFour(@TempDir Path dir) {
        Outcome outcome = run("--bind", "127.0.0.1:0", dir.toString());
        assertEquals("Error: APP " + dir + " is a directory without WEB-INF; give an exploded WAR directory"
                + " (with WEB-INF/classes or WEB-INF/web.xml) or a .war file." + System.lineSeparator(), outcome.err());
        assertEquals(4, outcome.code());
    }

    @Test
    void aClassNameWithoutClasspathIsExitCodeFour() {
        Outcome outcome = run("--bind", "127.0.0.1:0", "com.example.Missing");
        assertEquals("Error: APP com.example.Missing looks like a class name but no --classpath was given; add"
                + " --classpath with the jars or directories that hold it." + System.lineSeparator(), outcome.err());
        assertEquals(4, outcome.code());
    }

    @Test
    void aClassMissingFromTheClasspathIsExitCodeFour() {
        Outcome outcome = run("--bind", "127.0.0.1:0", "--classpath", TEST_CLASSES, "com.example.Missing");
        assertEquals("Error: Class com.example.Missing was not found on --classpath [" + TEST_CLASSES
                + "]; check the class name and the classpath." + System.lineSeparator(), outcome.err());
        assertEquals(4, outcome.code());
    }

    @Test
    void aClassThatIsNotAServletIsExitCodeFour() {
        Outcome outcome = run("--bind", "127.0.0.1:0", "--classpath", TEST_CLASSES,
                "dev.jacorn.runner.fixtures.NotAServlet");
        assertEquals("Error: Class dev.jacorn.runner.fixtures.NotAServlet is not a servlet; give a class that"
                + " extends jakarta.servlet.http.HttpServlet (or implements jakarta.servlet.Servlet)."
                + System.lineSeparator(), outcome.err());
        assertEquals(4, outcome.code());
    }

    @Test
    void helpListsEverySettingWithItsDefaultAndVariable() {
        Outcome outcome = run("--help");
        assertEquals(0, outcome.code());
        for (var setting : dev.jacorn.runner.config.Settings.ALL) {
            String shown = setting.isFlag() ? "--[no-]" + setting.name() : setting.flag();
            assertTrue(outcome.out().contains(shown), shown);
            assertTrue(outcome.out().contains(setting.environmentVariable()), setting.environmentVariable());
        }
    }

    @Test
    void versionNamesJacornAndTheEngine() {
        Outcome outcome = run("--version");
        assertEquals(0, outcome.code());
        assertTrue(outcome.out().startsWith("jacorn 0.1.0 (Undertow 2.4.4.Final, Jakarta Servlet 6.1, Java "),
                outcome.out());
    }
}

package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code deploy/Dockerfile} and {@code deploy/systemd/jacorn.service}, as far as this
 * machine allows (no Docker, no systemd as PID 1): their declarations are checked, then the exact
 * command each declares is run here, with only the image's or the host's paths mapped to the
 * build's files. It must serve a WAR and stop gracefully (exit 0) on SIGTERM sent to the process
 * it started, which proves the JVM is that process (exec form, no shell in between).
 */
class DockerAndSystemdIT {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void theDockerEntrypointIsExecFormAndServesTheWarOnPort(@TempDir Path workDir) throws Exception {
        Map<String, String> dockerfile = instructions(NginxIT.deployDir().resolve("Dockerfile"));
        assertTrue(dockerfile.get("FROM").matches("eclipse-temurin:\\d+-jre.*"), "a Temurin JRE base: " + dockerfile.get("FROM"));
        String user = dockerfile.get("USER");
        assertFalse(user.equals("root") || user.startsWith("0"), "runs as a non-root user: " + user);
        assertTrue(dockerfile.get("COPY").contains("runner/target/runner.jar /opt/jacorn/runner.jar"));
        assertTrue(dockerfile.get("COPY").contains("/app/app.war"), "the WAR at a known path");
        List<String> entrypoint = execForm("ENTRYPOINT", dockerfile.get("ENTRYPOINT"));
        List<String> cmd = execForm("CMD", dockerfile.get("CMD"));
        assertEquals(List.of("/app/app.war"), cmd);
        assertTrue(entrypoint.get(0).equals("java") || entrypoint.get(2).startsWith("exec java "),
                "the JVM is started directly or by exec: " + entrypoint);

        assertFalse(entrypoint.get(2).contains("--bind"), "PORT, JACORN_BIND and jacorn.conf decide: " + entrypoint);
        assertFalse(entrypoint.get(2).contains("--work-dir"), "JACORN_WORK_DIR decides: " + entrypoint);

        int[] ports = freePorts(2);
        int port = ports[0];
        int admin = ports[1];
        List<String> command = imageCommand(entrypoint, cmd);
        Map<String, String> environment = imageEnvironment(dockerfile, workDir, admin);
        assertEquals("8000", environment.get("PORT"), "PORT defaults to 8000");
        environment.put("PORT", String.valueOf(port));
        List<String> healthcheck = healthcheck(dockerfile);
        assertTrue(runHealthcheck(healthcheck, environment) != 0, "unhealthy before Jacorn runs");
        try (RunnerProcess served = RunnerProcess.startCommand(command, environment)) {
            served.awaitLine("Listening at: http://0.0.0.0:" + port, STARTUP);
            served.awaitLine("READY", STARTUP);
            assertEquals("Hello, world!\n", get(port, "/hello"));
            assertEquals(0, runHealthcheck(healthcheck, environment), "healthy with the image's defaults\n" + served.log());
            assertTerminatesGracefully(served, Duration.ofSeconds(40));
        }
        assertTrue(runHealthcheck(healthcheck, environment) != 0, "unhealthy once stopped");
    }

    @Test
    void jacornBindInTheImageEnvironmentReplacesPort(@TempDir Path workDir) throws Exception {
        Map<String, String> dockerfile = instructions(NginxIT.deployDir().resolve("Dockerfile"));
        List<String> command = imageCommand(execForm("ENTRYPOINT", dockerfile.get("ENTRYPOINT")),
                execForm("CMD", dockerfile.get("CMD")));
        int[] ports = freePorts(2);
        Map<String, String> environment = imageEnvironment(dockerfile, workDir, ports[0]);
        int port = ports[1];
        environment.put("JACORN_BIND", "127.0.0.1:" + port);
        try (RunnerProcess served = RunnerProcess.startCommand(command, environment)) {
            served.awaitLine("READY", STARTUP);
            assertEquals("Hello, world!\n", get(port, "/hello"));
            assertEquals(1, served.allLines().stream().filter(l -> l.contains("Listening at: ")).count(),
                    "only the JACORN_BIND listener, none for PORT\n" + served.log());
            assertTerminatesGracefully(served, Duration.ofSeconds(40));
        }
    }

    private static List<String> imageCommand(List<String> entrypoint, List<String> cmd) {
        List<String> command = new ArrayList<>(entrypoint);
        command.addAll(cmd);
        command.replaceAll(arg -> arg.replace("/opt/jacorn/runner.jar", Samples.runnerJar().toAbsolutePath().toString())
                .replace("/app/app.war", Samples.war("hello").toString()));
        return command;
    }

    /** The image's ENV, with its work directory and the admin port mapped to this machine. */
    private static Map<String, String> imageEnvironment(Map<String, String> dockerfile, Path workDir, int adminPort) {
        Map<String, String> environment = env(dockerfile.get("ENV"));
        assertEquals("/var/lib/jacorn", environment.get("JACORN_WORK_DIR"));
        environment.put("JACORN_WORK_DIR", workDir.toString());
        assertTrue(environment.get("JACORN_ADMIN_BIND").startsWith("127.0.0.1:"), "admin on loopback only");
        environment.put("JACORN_ADMIN_BIND", "127.0.0.1:" + adminPort);
        return environment;
    }

    private static List<String> healthcheck(Map<String, String> dockerfile) {
        String value = dockerfile.get("HEALTHCHECK");
        assertTrue(value != null && value.contains(" CMD ["), "a HEALTHCHECK in exec form: " + value);
        return execForm("HEALTHCHECK CMD", value.substring(value.indexOf(" CMD [") + 5));
    }

    /** Runs the HEALTHCHECK command as Docker would inside the container (the image's environment). */
    private static int runHealthcheck(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the health check ends");
        return process.exitValue();
    }

    @Test
    void theSystemdUnitStartsJacornAndStopsItGracefullyWithItsKillSignal(@TempDir Path workDir) throws Exception {
        Map<String, String> unit = instructions(NginxIT.deployDir().resolve("systemd/jacorn.service"));
        assertEquals("SIGTERM", unit.get("KillSignal"));
        assertEquals("/bin/kill -HUP $MAINPID", unit.get("ExecReload"), "systemctl reload sends SIGHUP");
        assertEquals("2 3 4", unit.get("RestartPreventExitStatus"), "usage and application errors are not restarted");
        assertFalse(unit.get("User").equals("root"));
        long stopSeconds = Long.parseLong(unit.get("TimeoutStopSec"));

        Map<String, String> environment = new LinkedHashMap<>();
        // Environment="NAME=a b": systemd takes the quotes off a quoted assignment.
        String[] variable = unit.get("Environment").replaceAll("^\"(.*)\"$", "$1").split("=", 2);
        environment.put(variable[0], variable[1]);
        List<String> command = new ArrayList<>();
        for (String word : unit.get("ExecStart").split("\\s+")) {
            if (word.equals("$" + variable[0])) {
                command.addAll(List.of(variable[1].split("\\s+"))); // systemd splits an unbraced $VAR into words
                continue;
            }
            command.add(word.replace("/usr/bin/java", Path.of(System.getProperty("java.home"), "bin", "java").toString())
                    .replace("/opt/jacorn/runner.jar", Samples.runnerJar().toAbsolutePath().toString())
                    .replace("/srv/jacorn/app.war", Samples.war("hello").toString())
                    .replace("/var/lib/jacorn", workDir.toString())
                    .replace("127.0.0.1:8000", "127.0.0.1:0"));
        }
        assertTrue(command.contains("127.0.0.1:0"), "the unit binds loopback port 8000 behind nginx: " + command);
        try (RunnerProcess served = RunnerProcess.startCommand(command, environment)) {
            String listening = served.awaitLine("Listening at: http://127.0.0.1:", STARTUP);
            Matcher port = Pattern.compile(":(\\d+) \\(").matcher(listening);
            assertTrue(port.find(), listening);
            served.awaitLine("READY", STARTUP);
            assertEquals("Hello, world!\n", get(Integer.parseInt(port.group(1)), "/hello"));
            List<String> reload = new ArrayList<>(List.of(unit.get("ExecReload")
                    .replace("$MAINPID", Long.toString(served.pid())).split("\\s+")));
            assertEquals(0, new ProcessBuilder(reload).start().waitFor(), "systemctl reload: " + reload);
            served.awaitLine("Reloaded: ", STARTUP);
            assertTerminatesGracefully(served, Duration.ofSeconds(stopSeconds));
        }
    }

    private static void assertTerminatesGracefully(RunnerProcess served, Duration within) {
        assertTrue(served.info().command().orElse("").endsWith("java"),
                "the started process is the JVM itself: " + served.info().command());
        served.signal("TERM");
        assertEquals(0, served.awaitExit(within), served.log());
        served.awaitLine("Shutting down: Master", STARTUP);
    }

    /** Instruction or key -> value (continuation lines joined; repeated ones, such as COPY, joined by newlines). */
    static Map<String, String> instructions(Path file) throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        String joined = Files.readString(file).replaceAll("\\\\\\n\\s*", " ");
        for (String line : joined.split("\n")) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith("[") && text.endsWith("]") && !text.contains("\"")) {
                continue;
            }
            Matcher m = Pattern.compile("^([A-Za-z]+)(?:\\s+|=)(.*)$").matcher(text);
            if (m.matches()) {
                found.merge(m.group(1), m.group(2).strip(), (a, b) -> a + "\n" + b);
            }
        }
        return found;
    }

    private static List<String> execForm(String instruction, String value) {
        assertTrue(value != null && value.startsWith("[") && value.endsWith("]"),
                instruction + " must be in exec form (a JSON array) so that signals reach the JVM: " + value);
        List<String> words = new ArrayList<>();
        Matcher m = JSON_STRING.matcher(value);
        while (m.find()) {
            words.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return words;
    }

    /** {@code PORT=8000 JAVA_OPTS="-XX:..."} -> a map. */
    private static Map<String, String> env(String value) {
        Map<String, String> environment = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(\"[^\"]*\"|\\S+)").matcher(value);
        while (m.find()) {
            environment.put(m.group(1), m.group(2).replace("\"", ""));
        }
        return environment;
    }

    private static String get(int port, String path) throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
            EdgeHttp.Response response = EdgeHttp.send(socket, "GET " + path + " HTTP/1.1\nHost: localhost\n\n");
            assertEquals(200, response.status());
            return response.body();
        }
    }

    /**
     * {@code count} distinct free ports: each socket stays open until all are picked, so two picks
     * cannot return the same port (one run of .ci/run got the main and the admin listener on one).
     */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}

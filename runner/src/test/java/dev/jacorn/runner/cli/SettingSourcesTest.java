package dev.jacorn.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.config.Setting;
import dev.jacorn.runner.config.Settings;
import dev.jacorn.runner.e2e.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The four sources of settings, through the command in-process: precedence (defaults < file <
 * environment < command line), the platform variables, {@code --print-config},
 * {@code --check-config}, and the one-line message for a bad value from each source.
 */
class SettingSourcesTest {

    @TempDir
    Path dir;

    record Outcome(int code, String out, String err) {
        /** --print-config rows: name -> {value, source}. */
        Map<String, String[]> rows() {
            Map<String, String[]> rows = new HashMap<>();
            for (String line : out.split("\n")) {
                String[] columns = line.split(" {2,}");
                if (columns.length != 3) {
                    throw new AssertionError("not a --print-config row: «" + line + "» in\n" + out + "\nstderr:\n" + err);
                }
                rows.put(columns[0], new String[] {columns[1], columns[2]});
            }
            return rows;
        }

        void assertRow(String name, String value, String source) {
            String[] row = rows().get(name);
            assertEquals(value + " | " + source, row[0] + " | " + row[1], name + " in\n" + out);
        }
    }

    Outcome run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new JacornCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, dir).run(args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void eachSourceOverridesTheOneBelowAndIsNamed() throws IOException {
        Path conf = Files.writeString(dir.resolve("jacorn.conf"), String.join("\n",
                "# the default config file of the working directory",
                "workers = 2",
                "threads = 3",
                "   timeout=4",
                "graceful_timeout = 5",
                "bind = 127.0.0.1:1",
                "bind = 127.0.0.1:2",
                ""));
        Outcome outcome = run(Map.of("JACORN_THREADS", "13", "JACORN_TIMEOUT", "14", "JACORN_GRACEFUL_TIMEOUT", "15",
                "JACORN_CMD_ARGS", "--timeout 24 --graceful-timeout '25'", "WEB_CONCURRENCY", "9", "PORT", "7000"),
                "--graceful-timeout", "35", "--print-config", "app.war");
        assertEquals(0, outcome.code(), outcome.err());
        outcome.assertRow("workers", "2", conf + " line 2");
        outcome.assertRow("threads", "13", "JACORN_THREADS");
        outcome.assertRow("timeout", "24.0", "JACORN_CMD_ARGS --timeout");
        outcome.assertRow("graceful-timeout", "35.0", "--graceful-timeout");
        outcome.assertRow("bind", "127.0.0.1:1,127.0.0.1:2", conf + " line 7");
        outcome.assertRow("log-level", "info", "default");
        outcome.assertRow("config", conf.toString(), "default");
        outcome.assertRow("APP", "app.war", "command line");
    }

    @Test
    void printConfigListsEverySettingOnceUnderAHeader() {
        Outcome outcome = run(Map.of(), "--print-config");
        assertEquals(0, outcome.code(), outcome.err());
        List<String> lines = outcome.out().lines().toList();
        assertEquals(Settings.ALL.size() + 2, lines.size(), outcome.out());
        assertTrue(lines.get(0).matches("setting +value +source"), lines.get(0));
        for (Setting<?> setting : Settings.ALL) {
            assertEquals(1, lines.stream().filter(l -> l.startsWith(setting.name() + " ")).count(), setting.name());
        }
        outcome.assertRow("access-logformat", "combined", "default");
    }

    @Test
    void portAndWebConcurrencyAreDefaultsThatEveryOtherSourceOverrides() throws IOException {
        Map<String, String> platform = Map.of("PORT", "7000", "WEB_CONCURRENCY", "3");
        Outcome alone = run(platform, "--print-config");
        alone.assertRow("bind", "0.0.0.0:7000", "PORT");
        alone.assertRow("workers", "3", "WEB_CONCURRENCY");

        Path conf = Files.writeString(dir.resolve("other.conf"), "workers = 5\n");
        Outcome overridden = run(Map.of("PORT", "7000", "WEB_CONCURRENCY", "3", "JACORN_BIND", ":9000"),
                "-c", conf.toString(), "--print-config");
        overridden.assertRow("bind", "0.0.0.0:9000", "JACORN_BIND");
        overridden.assertRow("workers", "5", conf + " line 1");
        overridden.assertRow("config", conf.toString(), "-c".equals("-c") ? "--config" : "");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad("workers = lots\n", Map.of(), "workers = lots ({conf} line 1) is not valid: it must be a whole"
                        + " number from 1 to 1024."),
                bad("# ok\nwrokers = 2\n", Map.of(), "Unknown setting wrokers in {conf} line 2 (did you mean workers?);"
                        + " see docs/settings.md for the names."),
                bad("workers 2\n", Map.of(), "{conf} line 1 is not a setting: \"workers 2\"; write name = value, or"
                        + " start a comment with #."),
                bad("config = x.conf\n", Map.of(), "The setting config cannot be set in a config file ({conf} line 1);"
                        + " use --config or JACORN_CONFIG."),
                bad(null, Map.of("JACORN_TIMEOUT", "soon"), "JACORN_TIMEOUT=soon is not valid: it must be a number of"
                        + " seconds, 0 or more."),
                bad(null, Map.of("JACORN_ACCESS_LOG_JSON", "maybe"), "JACORN_ACCESS_LOG_JSON=maybe is not valid: it"
                        + " must be true or false."),
                bad(null, Map.of("PORT", "http"), "PORT=http is not valid: it must be a port number from 0 to 65535."),
                bad(null, Map.of("WEB_CONCURRENCY", "0"), "WEB_CONCURRENCY=0 is not valid: it must be a whole number"
                        + " from 1 to 1024."),
                bad(null, Map.of("JACORN_CMD_ARGS", "--workers x"), "JACORN_CMD_ARGS --workers x is not valid: it"
                        + " must be a whole number from 1 to 1024."),
                bad(null, Map.of("JACORN_CMD_ARGS", "--wrokers 2"), "JACORN_CMD_ARGS: Unknown option --wrokers (did"
                        + " you mean --workers?); run java -jar runner.jar --help to see the options."),
                bad(null, Map.of("JACORN_CMD_ARGS", "--bind 'a"), "JACORN_CMD_ARGS=--bind 'a is not valid: a single"
                        + " quote is not closed."),
                bad(null, Map.of(), "--config no-such.conf is not valid: the file does not exist.",
                        "--config", "no-such.conf"),
                bad(null, Map.of("JACORN_CONFIG", "no-such.conf"), "JACORN_CONFIG=no-such.conf is not valid: the"
                        + " file does not exist."),
                bad(null, Map.of(), "--access-logfile /no/such/dir/access.log is not valid: the file cannot be"
                        + " written; check that its directory exists and is writable.",
                        "--access-logfile", "/no/such/dir/access.log"),
                bad(null, Map.of(), "--error-logfile /tmp is not valid: it is a directory; give a file, or - for the"
                        + " standard stream.", "--error-logfile", "/tmp"),
                bad(null, Map.of(), "--statsd-host 127.0.0.1:0 is not valid: the port must be a number from 1 to"
                        + " 65535, for example 127.0.0.1:8125.", "--statsd-host", "127.0.0.1:0"),
                bad(null, Map.of(), "--statsd-prefix my app is not valid: it must be names of letters, digits, _ and"
                        + " - separated by dots, for example myapp.web.", "--statsd-prefix", "my app"),
                bad(null, Map.of(), "--admin-bind admin:web is not valid: the port must be a number from 0 to 65535;"
                        + " use HOST:PORT, :PORT, [IPv6]:PORT or PORT, for example 127.0.0.1:8000.", "--admin-bind",
                        "admin:web"),
                bad(null, Map.of(), "--log-level loud is not valid: it must be one of trace, debug, info, warning,"
                        + " error.", "--log-level", "loud"));
    }

    private static Arguments bad(String conf, Map<String, String> env, String message, String... args) {
        return Arguments.of(conf, env, message, args);
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aBadValueIsOneSentenceNamingItsSourceWithExitCodeTwo(String conf, Map<String, String> env, String message,
            String[] args) throws IOException {
        Path file = dir.resolve("jacorn.conf");
        if (conf != null) {
            Files.writeString(file, conf);
        }
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add("app.war");
        Outcome outcome = run(env, all.toArray(String[]::new));
        assertEquals("Error: " + message.replace("{conf}", file.toString()) + System.lineSeparator(), outcome.err());
        assertEquals(2, outcome.code());
    }

    @Test
    void aLogConfigLogbackCannotUseIsABadValue() throws IOException {
        Path xml = Files.writeString(dir.resolve("logback.xml"), "<configuration><appender name=");
        Outcome outcome = run(Map.of(), "--log-config", xml.toString(), "--check-config",
                Samples.war("hello").toString());
        assertTrue(outcome.err().startsWith("Error: --log-config " + xml + " is not valid: logback cannot use it ("),
                outcome.err());
        assertEquals(2, outcome.code());
    }

    @Test
    void anAdminAddressInUseStopsTheStartWithExitCodeOne() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String admin = "127.0.0.1:" + taken.getLocalPort();
            Outcome outcome = run(Map.of(), "--bind", "127.0.0.1:0", "--admin-bind", admin, "--work-dir", dir.toString(),
                    Samples.war("hello").toString());
            assertTrue(outcome.err().startsWith("Error: The admin listener at --admin-bind " + admin + " could not be"
                    + " opened ("), outcome.err());
            assertTrue(outcome.err().endsWith("); choose a free port or another address." + System.lineSeparator()),
                    outcome.err());
            assertEquals(1, outcome.code());
        }
    }

    @Test
    void checkConfigDeploysAndUndeploysTheApplicationOnce() {
        Outcome outcome = run(Map.of(), "--check-config", "--work-dir", dir.toString(), Samples.war("hello").toString());
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().matches("(?s)OK: hello at / loaded, deployed and undeployed in \\d+ ms\\R"
                + "Configuration OK\\R"), outcome.out());
    }

    @Test
    void checkConfigExitsWithTheCodeAStartWouldGive() {
        Outcome broken = run(Map.of(), "--check-config", "--work-dir", dir.toString(), Samples.war("broken").toString());
        assertEquals(3, broken.code(), broken.err());
        assertTrue(broken.err().startsWith("Error: Application broken failed to start: "), broken.err());
        Outcome missing = run(Map.of(), "--check-config", "no/such/app.war");
        assertEquals(4, missing.code());
        assertTrue(missing.err().startsWith("Error: APP no/such/app.war does not exist"), missing.err());
    }

    @Test
    void tmpdirAndUserMakeTheDefaultWorkDirectory() {
        Outcome outcome = run(Map.of("TMPDIR", "/srv/scratch", "USER", "alice"), "--print-config");
        outcome.assertRow("work-dir", "/srv/scratch/jacorn-alice", "TMPDIR and USER");
        run(Map.of("TMPDIR", "/srv/scratch", "USER", "alice", "JACORN_WORK_DIR", "/var/lib/jacorn"), "--print-config")
                .assertRow("work-dir", "/var/lib/jacorn", "JACORN_WORK_DIR");
    }

    @Test
    void anUnknownJacornVariableIsAOneLineWarningNotAnError() {
        Outcome outcome = run(Map.of("JACORN_WROKERS", "2"), "--print-config");
        assertEquals(0, outcome.code(), outcome.err());
        assertEquals("Warning: Unknown variable JACORN_WROKERS is ignored (did you mean JACORN_WORKERS?); see"
                + " docs/settings.md for the JACORN_ variables." + System.lineSeparator(), outcome.err());
    }

    @Test
    void theVariablesKubernetesInjectsForAServiceNamedJacornAreIgnoredSilently() {
        Map<String, String> kubernetes = Map.of(
                "JACORN_PORT", "tcp://10.96.0.12:8000",
                "JACORN_PORT_8000_TCP", "tcp://10.96.0.12:8000",
                "JACORN_PORT_8000_TCP_PROTO", "tcp",
                "JACORN_PORT_8000_TCP_PORT", "8000",
                "JACORN_PORT_8000_TCP_ADDR", "10.96.0.12",
                "JACORN_SERVICE_HOST", "10.96.0.12",
                "JACORN_SERVICE_PORT", "8000",
                "JACORN_SERVICE_PORT_HTTP", "8000");
        Outcome outcome = run(kubernetes, "--print-config");
        assertEquals(0, outcome.code(), outcome.err());
        assertEquals("", outcome.err());
        outcome.assertRow("bind", "127.0.0.1:8000", "default");
    }

    @Test
    void theLastOfARepeatedOptionWins() {
        Outcome outcome = run(Map.of(), "--workers", "2", "--timeout", "5", "--workers", "3", "--print-config");
        assertEquals(0, outcome.code(), outcome.err());
        outcome.assertRow("workers", "3", "--workers");
        outcome.assertRow("timeout", "5.0", "--timeout");
    }

    @Test
    void aBindWithoutPortMeansPort8000() {
        run(Map.of(), "--bind", "0.0.0.0", "--print-config").assertRow("bind", "0.0.0.0:8000", "--bind");
    }

    @Test
    void logLevelsWarnAndCriticalAreGunicornsNames() {
        run(Map.of(), "--log-level", "warn", "--print-config").assertRow("log-level", "warning", "--log-level");
        run(Map.of(), "--log-level", "CRITICAL", "--print-config").assertRow("log-level", "error", "--log-level");
    }

    @Test
    void aFlagTakesTrueOrFalseAndTheNextWordStaysTheApp() {
        Outcome off = run(Map.of(), "--http2", "false", "--check-config", "--work-dir", dir.toString(),
                Samples.war("hello").toString());
        assertEquals(0, off.code(), off.err());
        run(Map.of(), "--http2", "false", "--print-config").assertRow("http2", "false", "--http2");
        run(Map.of(), "--no-http2", "--print-config").assertRow("http2", "false", "--http2");
        Outcome missing = run(Map.of(), "--compress", "no/such/app.war");
        assertEquals("Error: APP no/such/app.war does not exist; give the path of a .war file, an exploded WAR"
                + " directory, or a servlet class name with --classpath." + System.lineSeparator(), missing.err());
    }

    @Test
    void aStartUpErrorWithACauseIsOneLineUnlessTheLogLevelIsDebug() throws IOException {
        Path users = dir.resolve("missing-users.txt");
        Outcome quiet = run(Map.of(), "--users", users.toString(), "--check-config", "app.war");
        assertEquals(2, quiet.code());
        assertEquals(1, quiet.err().lines().count(), quiet.err());
        Outcome debug = run(Map.of(), "--log-level", "debug", "--users", users.toString(), "--check-config", "app.war");
        assertEquals(2, debug.code());
        assertEquals(quiet.err().lines().findFirst(), debug.err().lines().findFirst());
        assertTrue(debug.err().contains("Cause: java.nio.file.NoSuchFileException"), debug.err());
    }
}

package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import dev.jacorn.runner.testing.Await;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One known request (query string, referer, user agent, Basic user, a custom header) through the
 * real command, and its access log line checked field by field in each format; then logrotate's
 * move-and-SIGUSR1 with both log files.
 */
@ExtendWith(ServerLogOnFailure.class)
class AccessLogIT {

    private static final String CUSTOM = "%(m)s|%(U)s|%(q)s|%(H)s|%(s)s|%(B)s|%(b)s|%(D)s|%(M)s|%(L)s|%(T)s|%(p)s"
            + "|%({X-Request-Id}i)s|%({Content-Type}o)s|%({NO_SUCH_VARIABLE}e)s";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"combined", "common", "custom", "json"})
    void theLineOfAKnownRequestHasEveryField(String format) throws IOException {
        List<String> args = new ArrayList<>();
        Path file = dir.resolve("access.log");
        // combined and json go to stdout, the others to a file: both destinations are covered.
        boolean toStdout = format.equals("combined") || format.equals("json");
        args.addAll(List.of("--access-logfile", toStdout ? "-" : file.toString()));
        if (format.equals("json")) {
            args.add("--access-log-json");
        } else {
            args.addAll(List.of("--access-logformat", format.equals("custom") ? CUSTOM : format));
        }
        args.add(Samples.war("hello").toString());
        try (RunnerProcess runner = RunnerProcess.start(args.toArray(String[]::new))) {
            int port = runner.awaitReady();
            long before = System.currentTimeMillis();
            given().port(port).urlEncodingEnabled(false)
                    .header("Referer", "http://example.com/page?x=1")
                    .header("User-Agent", "jacorn-test/1.0 (\"quoted\")")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ada:secret".getBytes(
                            StandardCharsets.UTF_8)))
                    .header("X-Request-Id", "r-42")
                    .get("/hello?name=Ada&x=%20y").then().statusCode(200);
            String line = toStdout ? runner.awaitLog(l -> l.contains("/hello"), Duration.ofSeconds(10))
                    : awaitFileLine(file, "/hello");
            switch (format) {
                case "combined", "common" -> checkApacheLine(line, format.equals("combined"), before, runner.pid());
                case "custom" -> checkCustomLine(line, runner.pid());
                default -> checkJsonLine(line, before, runner.pid());
            }
        }
    }

    private static void checkApacheLine(String line, boolean combined, long before, long pid) {
        Matcher m = Pattern.compile("^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] \"([^\"]*)\" (\\d+) (\\S+)(.*)$").matcher(line);
        assertTrue(m.matches(), line);
        assertEquals("127.0.0.1", m.group(1));
        assertEquals("-", m.group(2));
        assertEquals("ada", m.group(3));
        ZonedDateTime time = ZonedDateTime.parse(m.group(4),
                DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH));
        assertNear(before, time.toInstant().toEpochMilli());
        assertEquals("GET /hello?name=Ada&x=%20y HTTP/1.1", m.group(5));
        assertEquals("200", m.group(6));
        assertEquals("12", m.group(7)); // "Hello, Ada!\n"
        assertEquals(combined ? " \"http://example.com/page?x=1\" \"jacorn-test/1.0 (\\\"quoted\\\")\"" : "",
                m.group(8));
    }

    private static void checkCustomLine(String line, long pid) {
        String[] f = line.split("\\|", -1);
        assertEquals(15, f.length, line);
        assertEquals("GET", f[0]);
        assertEquals("/hello", f[1]);
        assertEquals("name=Ada&x=%20y", f[2]);
        assertEquals("HTTP/1.1", f[3]);
        assertEquals("200", f[4]);
        assertEquals("12", f[5]);
        assertEquals("12", f[6]);
        long micros = Long.parseLong(f[7]);
        assertTrue(micros > 0 && micros < 10_000_000, f[7]);
        assertEquals(micros / 1000, Long.parseLong(f[8]));
        assertEquals(String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000), f[9]);
        assertEquals(Long.toString(micros / 1_000_000), f[10]);
        assertEquals("<" + pid + ">", f[11]);
        assertEquals("r-42", f[12]);
        assertEquals("text/plain;charset=UTF-8", f[13].replace(" ", ""));
        assertEquals("-", f[14]);
    }

    private static void checkJsonLine(String line, long before, long pid) {
        JsonPath json = JsonPath.from(line);
        assertNear(before, OffsetDateTime.parse(json.getString("time")).toInstant().toEpochMilli());
        assertEquals("127.0.0.1", json.getString("remote_addr"));
        assertEquals("ada", json.getString("user"));
        assertEquals("GET", json.getString("method"));
        assertEquals("/hello", json.getString("path"));
        assertEquals("name=Ada&x=%20y", json.getString("query"));
        assertEquals("HTTP/1.1", json.getString("protocol"));
        assertEquals(200, json.getInt("status"));
        assertEquals(12, json.getLong("bytes"));
        assertEquals("http://example.com/page?x=1", json.getString("referer"));
        assertEquals("jacorn-test/1.0 (\"quoted\")", json.getString("user_agent"));
        assertTrue(json.getLong("duration_us") > 0, line);
        assertEquals(pid, json.getLong("pid"));
    }

    @Test
    void usr1ReopensBothLogFilesAfterLogrotateMovedThem() throws Exception {
        Path access = dir.resolve("access.log");
        Path error = dir.resolve("error.log");
        try (RunnerProcess runner = RunnerProcess.start("--access-logfile", access.toString(), "--error-logfile",
                error.toString(), Samples.war("hello").toString())) {
            Matcher listening = Pattern.compile("Listening at: http://127\\.0\\.0\\.1:(\\d+) ")
                    .matcher(awaitFileLine(error, "Listening at:"));
            assertTrue(listening.find());
            int port = Integer.parseInt(listening.group(1));
            awaitFileLine(error, "READY");
            given().port(port).get("/hello?name=before").then().statusCode(200);
            awaitFileLine(access, "name=before");
            // Likely still in the access log's buffer when the file is moved: the reopen writes it out.
            given().port(port).get("/hello?name=buffered").then().statusCode(200);
            Files.move(access, dir.resolve("access.log.1"));
            Files.move(error, dir.resolve("error.log.1"));
            runner.signal("USR1");
            assertTrue(awaitFileLine(error, "Reopened").endsWith("Reopened 2 log file(s)"));
            given().port(port).get("/hello?name=after").then().statusCode(200);
            awaitFileLine(access, "name=after");
            assertEquals(1, Files.readAllLines(access).size());
            List<String> rotated = Files.readAllLines(dir.resolve("access.log.1"));
            assertEquals(2, rotated.size(), rotated.toString());
            assertTrue(rotated.get(0).contains("name=before"), rotated.get(0));
            assertTrue(rotated.get(1).contains("name=buffered"), rotated.get(1));
            assertTrue(Files.readString(dir.resolve("error.log.1")).contains("Handling signal: usr1"));
            assertTrue(runner.stderr().stream().noneMatch(l -> l.contains("READY")), "the error log went to the file");
        }
    }

    @Test
    void linesReachTheFileWithinASecondAndTheLastOnesAtStop() throws Exception {
        Path access = dir.resolve("access.log");
        try (RunnerProcess runner = RunnerProcess.start("--access-logfile", access.toString(),
                Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            // The file is written through a 64 KiB buffer: one short line stays in it until the
            // periodic flush, once a second (5 s allowed for a busy machine; without it, never).
            given().port(port).get("/hello?name=alone").then().statusCode(200);
            long sent = System.nanoTime();
            awaitFileLine(access, "name=alone");
            assertTrue(System.nanoTime() - sent < Duration.ofSeconds(5).toNanos(), "flushed by the periodic flush");
            for (int i = 0; i < 50; i++) {
                given().port(port).get("/hello?name=last" + i).then().statusCode(200);
            }
            runner.signal("TERM");
            assertEquals(0, runner.awaitExit(Duration.ofSeconds(30)));
            List<String> lines = Files.readAllLines(access, StandardCharsets.UTF_8);
            assertEquals(51, lines.size(), String.join("\n", lines));
            assertTrue(lines.get(50).contains("name=last49"), lines.get(50));
        }
    }

    @Test
    void requestsOverH2cHttp11AndH2AllReachTheBufferedFile() throws Exception {
        Path access = dir.resolve("access.log");
        EdgeCertificates pki = EdgeCertificates.create(dir);
        Path[] files = pki.server(KeyForm.EC_SEC1);
        try (RunnerProcess runner = RunnerProcess.start("--access-logfile", access.toString(), "--access-logformat",
                "%(U)s?%(q)s %(H)s", "--bind", "127.0.0.1:0", "--bind", "http://127.0.0.1:0",
                "--certfile", files[0].toString(), "--keyfile", files[1].toString(), Samples.war("hello").toString())) {
            runner.awaitReady();
            String tls = "https://localhost:" + runner.listening(0).port() + "/hello?name=";
            String plain = "http://localhost:" + runner.listening(1).port() + "/hello?name=";
            curl(pki, "--http2-prior-knowledge", plain + "h2c");
            curl(pki, "--http1.1", plain + "http11");
            curl(pki, "--http2", tls + "h2");
            assertEquals("/hello?name=h2c HTTP/2.0", awaitFileLine(access, "name=h2c"));
            assertEquals("/hello?name=http11 HTTP/1.1", awaitFileLine(access, "name=http11"));
            assertEquals("/hello?name=h2 HTTP/2.0", awaitFileLine(access, "name=h2 "));
        }
    }

    private static void curl(EdgeCertificates pki, String mode, String url) throws Exception {
        List<String> command = List.of("curl", "-sS", "--max-time", "30", mode, "--cacert", pki.caFile().toString(),
                "-o", "/dev/null", "-w", "%{http_code}", url);
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(60, TimeUnit.SECONDS));
        assertEquals("200", output.strip(), String.join(" ", command));
    }

    /** Waits for a line containing {@code text} in {@code file} and returns it. */
    private static String awaitFileLine(Path file, String text) throws IOException {
        Optional<String> found = Await.poll(Duration.ofSeconds(120), () -> {
            try {
                return !Files.exists(file) ? null : Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(line -> line.contains(text)).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
        if (found.isPresent()) {
            return found.get();
        }
        throw new AssertionError("no line with " + text + " in " + file + ":\n"
                + (Files.exists(file) ? Files.readString(file) : "(missing)"));
    }

    private static void assertNear(long expectedMillis, long actualMillis) {
        // The CLF time has whole seconds; allow for that and a slow machine.
        assertTrue(Math.abs(actualMillis - expectedMillis) < 60_000, actualMillis + " vs " + expectedMillis);
    }
}

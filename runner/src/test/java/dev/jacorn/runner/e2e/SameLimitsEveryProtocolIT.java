package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One table of requests, each sent over HTTP/1.1, h2c by prior knowledge and h2 over TLS, with the
 * same expected status on all three: the request limits (as LimitsIT sets them: line 200, 10
 * fields, 100 bytes per field, 1 KiB of body) and the {@code RequestChecks}, applied to every
 * protocol by the one request pipeline. A refused request never reaches the application. Over
 * HTTP/2 a malformed request may instead end with PROTOCOL_ERROR (Undertow's HTTP/2 parser refuses
 * a Content-Length that is not a number itself), which RFC 9113 section 8.1.1 makes the HTTP/2 form
 * of 400; the table counts it as 400.
 */
class SameLimitsEveryProtocolIT {

    @RegisterExtension
    static final SharedRunners RUNNERS = new SharedRunners();
    @TempDir
    static Path dir;

    private static RunnerProcess runner;
    private static int tls;
    private static int plain;

    /** One row: the request line's method and target, extra header fields, the status every protocol gets. */
    record Case(String name, String method, String target, List<String> fields, int status) {
    }

    static final List<Case> CASES = List.of(
            new Case("long-line", "GET", "/info?pad=" + "a".repeat(200), List.of(), 414),
            new Case("many-fields", "GET", "/info", fields(10), 431),
            new Case("long-field", "GET", "/info", List.of("X-Big: " + "b".repeat(94)), 431),
            new Case("big-body", "POST", "/info", List.of("Content-Length: 1025", "Content-Type: text/plain"), 413),
            new Case("trace", "TRACE", "/info", List.of(), 405),
            new Case("nul-in-path", "GET", "/info%00x", List.of(), 400),
            new Case("overlong-utf8", "GET", "/%c0%afinfo", List.of(), 400),
            new Case("bad-content-length", "POST", "/info", List.of("Content-Length: 1x"), 400),
            new Case("at-every-limit", "GET", "/info?pad=" + "p".repeat(100), atLimit(), 200));

    @BeforeAll
    static void start() {
        Path[] files = EdgeCertificates.create(dir).server(KeyForm.EC_SEC1);
        runner = RUNNERS.add(RunnerProcess.start("--bind", "127.0.0.1:0", "--bind", "http://127.0.0.1:0",
                "--certfile", files[0].toString(), "--keyfile", files[1].toString(), "--limit-request-line", "200",
                "--limit-request-fields", "10", "--limit-request-field-size", "100", "--limit-request-body", "1k",
                Samples.war("edge").toString()));
        runner.awaitReady();
        tls = runner.listening(0).port();
        plain = runner.listening(1).port();
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGetsTheSameAnswerOverEveryProtocol() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : CASES) {
            for (String protocol : List.of("http/1.1", "h2c", "h2")) {
                tests.add(DynamicTest.dynamicTest(c.name() + " over " + protocol + " gets " + c.status(),
                        () -> check(c, protocol)));
            }
        }
        return tests.stream();
    }

    private static void check(Case c, String protocol) {
        String marker = c.name() + "-" + protocol.replace("/", "");
        String target = c.target() + (c.target().contains("?") ? "&" : "?") + "case=" + marker;
        int status = protocol.equals("http/1.1") ? http11(c, target) : h2(c, target, protocol.equals("h2") ? "tls" : "h2c");
        assertEquals(c.status(), status, c.name() + " over " + protocol);
        if (c.status() != 200) {
            // A later request is logged after it; the log is in order.
            assertEquals(200, http11(new Case("after", "GET", "/info", List.of(), 200), "/info?after=" + marker));
            runner.awaitLine("edge: GET /info?after=" + marker, Duration.ofSeconds(10));
            assertEquals(0, runner.count("case=" + marker), "the application saw the refused " + marker);
        }
    }

    private static int http11(Case c, String target) {
        StringBuilder request = new StringBuilder(c.method() + " " + target + " HTTP/1.1\r\nHost: x\r\n");
        c.fields().forEach(f -> request.append(f).append("\r\n"));
        request.append("\r\n");
        try (Socket socket = EdgeHttp.connect("127.0.0.1", plain)) {
            EdgeHttp.write(socket, request.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return EdgeHttp.read(socket).status();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int h2(Case c, String target, String mode) {
        List<String> args = new ArrayList<>(List.of("request", c.method(), target));
        args.addAll(c.fields());
        Map<String, String> result = H2Frames.run(mode.equals("tls") ? tls : plain, mode, args.toArray(String[]::new));
        if ("1".equals(result.get("reset")) || "1".equals(result.get("goaway"))) {
            // PROTOCOL_ERROR: RFC 9113 section 8.1.1's answer to a malformed request, HTTP/2's 400.
            return 400;
        }
        assertTrue(result.containsKey("status"), "no status: " + result.get("output"));
        return Integer.parseInt(result.get("status"));
    }

    /** {@code count} fields which, with Host (HTTP/1.1) or :authority (HTTP/2), make count + 1. */
    private static List<String> fields(int count) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fields.add("X-Field-" + i + ": v");
        }
        return fields;
    }

    /** With Host, exactly 10 fields, one of them exactly 100 bytes. */
    private static List<String> atLimit() {
        List<String> fields = fields(8);
        fields.add("X-Big: " + "b".repeat(100 - "X-Big: ".length()));
        return fields;
    }
}

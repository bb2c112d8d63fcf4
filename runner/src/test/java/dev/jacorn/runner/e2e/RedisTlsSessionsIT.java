package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis session store over TLS and with a password, end to end: a real redis-server that
 * only speaks TLS ({@code --port 0 --tls-port}) with a certificate from a throwaway CA made by
 * openssl, and {@code requirepass}. Jacorn trusts the private CA through the JVM's standard trust
 * store ({@code java -Djavax.net.ssl.trustStore=... -jar runner.jar}, as README says), and checks
 * that the certificate names the host it connects to.
 */
@ExtendWith(ServerLogOnFailure.class)
class RedisTlsSessionsIT {

    private static final String PASSWORD = "s3cret-of-the-test";
    private static final String STORE_PASSWORD = "changeit";
    private static final String OUTAGE_LINE = "requests that need a session get 503 until it is back";

    @TempDir
    static Path dir;

    static final AtomicInteger RUNNERS = new AtomicInteger();
    static Process redis;
    static int tlsPort;
    static Path trustStore;

    @BeforeAll
    static void startRedisWithTlsAndAPassword() throws Exception {
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca.key");
        Path cert = dir.resolve("redis.pem");
        Path key = dir.resolve("redis.key");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=Jacorn test CA", "-keyout", caKey.toString(), "-out", ca.toString());
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                "-subj", "/CN=redis", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-addext", "basicConstraints=critical,CA:FALSE",
                "-CA", ca.toString(), "-CAkey", caKey.toString(), "-keyout", key.toString(), "-out", cert.toString());
        trustStore = dir.resolve("trust.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, STORE_PASSWORD.toCharArray());
        }

        Path binary = Path.of("/usr/bin/redis-server");
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("redis-server is not installed; .ci/run installs it (apt-get install redis-server)");
        }
        tlsPort = NginxIT.freePort();
        redis = new ProcessBuilder(binary.toString(), "--port", "0", "--tls-port", String.valueOf(tlsPort),
                // 127.0.0.2 too: an address of this host that the certificate does not name.
                "--bind", "127.0.0.1", "127.0.0.2", "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", ca.toString(), "--tls-auth-clients", "no", "--requirepass", PASSWORD,
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--logfile", dir.resolve("redis.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        SSLContext client = trusting(trust);
        Optional<String> pong = Await.poll(Duration.ofSeconds(30), () -> {
            if (!redis.isAlive()) {
                throw new AssertionError("redis-server exited: " + read(dir.resolve("redis.out")) + read(dir.resolve("redis.log")));
            }
            try {
                return tlsCommand(client, "AUTH " + PASSWORD + "\r\nPING").contains("+PONG") ? "PONG" : null;
            } catch (IOException notYet) {
                return null;
            }
        });
        assertTrue(pong.isPresent(), "redis-server did not answer PING over TLS on port " + tlsPort);
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    @Test
    void overRedissWithThePasswordInTheUrlTheCounterGoesOnAcrossWorkersAndHosts() throws Exception {
        String store = "rediss://:" + PASSWORD + "@127.0.0.1:" + tlsPort + "/1";
        try (RunnerProcess one = runner(Map.of(), true, "--workers", "2", "--session-store", store);
                RunnerProcess two = runner(Map.of(), true, "--session-store", store)) {
            List<String> hosts = List.of("http://127.0.0.1:" + one.awaitReady(), "http://127.0.0.1:" + two.awaitReady());
            SessionCounter user = new SessionCounter();
            while (user.count() < 20) {
                // Both hosts, both workers of the first: only the store in Redis can keep the count.
                user.next(hosts.get(user.count() % 2));
            }
            one.awaitLine("Sessions of classic in rediss://127.0.0.1:" + tlsPort + "/1", Duration.ofSeconds(5));
            for (RunnerProcess runner : List.of(one, two)) {
                assertFalse(String.join("\n", runner.allLines()).contains(PASSWORD), "the password is never logged: " + runner.log());
                assertEquals(0, runner.count(OUTAGE_LINE), runner.log());
            }
        }
    }

    @Test
    void thePasswordGivenByEnvironmentOrByFlagOpensTheSameSessions() throws Exception {
        String store = "rediss://127.0.0.1:" + tlsPort + "/2";
        try (RunnerProcess byEnvironment = runner(Map.of("JACORN_SESSION_STORE_PASSWORD", PASSWORD), true,
                "--session-store", store);
                RunnerProcess byFlag = runner(Map.of(), true, "--session-store", store, "--session-store-password", PASSWORD)) {
            List<String> hosts = List.of("http://127.0.0.1:" + byEnvironment.awaitReady(),
                    "http://127.0.0.1:" + byFlag.awaitReady());
            SessionCounter user = new SessionCounter();
            while (user.count() < 10) {
                user.next(hosts.get(user.count() % 2));
            }
            assertEquals(0, byEnvironment.count(OUTAGE_LINE) + byFlag.count(OUTAGE_LINE), byEnvironment.log() + byFlag.log());
        }
    }

    @Test
    void aWrongPasswordGets503AndOneErrorLineThatNamesTheStoreButNotThePassword() throws Exception {
        String wrong = "not-" + PASSWORD;
        try (RunnerProcess runner = runner(Map.of(), true, "--session-store",
                "rediss://:" + wrong + "@127.0.0.1:" + tlsPort + "/3")) {
            assertRefusedWithOneErrorLine(runner, "rediss://127.0.0.1:" + tlsPort + "/3");
            assertFalse(String.join("\n", runner.allLines()).contains(wrong), "the password is never logged: " + runner.log());
        }
    }

    @Test
    void aPlaintextUrlToTheTlsPortGets503AndOneErrorLine() throws Exception {
        try (RunnerProcess runner = runner(Map.of("JACORN_SESSION_STORE_PASSWORD", PASSWORD), true,
                "--session-store", "redis://127.0.0.1:" + tlsPort + "/3")) {
            assertRefusedWithOneErrorLine(runner, "redis://127.0.0.1:" + tlsPort + "/3");
        }
    }

    @Test
    void withoutTrustingThePrivateCaTheCertificateIsRefusedWith503AndOneErrorLine() throws Exception {
        try (RunnerProcess runner = runner(Map.of("JACORN_SESSION_STORE_PASSWORD", PASSWORD), false,
                "--session-store", "rediss://127.0.0.1:" + tlsPort + "/3")) {
            String line = assertRefusedWithOneErrorLine(runner, "rediss://127.0.0.1:" + tlsPort + "/3");
            assertTrue(line.contains("PKIX") || line.contains("certificat"), "says it is the certificate: " + line);
        }
    }

    @Test
    void aCertificateThatDoesNotNameTheHostOfTheUrlIsRefusedWith503AndOneErrorLine() throws Exception {
        // The same server, trusted CA, right password; but the URL's host is not in the certificate.
        try (RunnerProcess runner = runner(Map.of("JACORN_SESSION_STORE_PASSWORD", PASSWORD), true,
                "--session-store", "rediss://127.0.0.2:" + tlsPort + "/3")) {
            String line = assertRefusedWithOneErrorLine(runner, "rediss://127.0.0.2:" + tlsPort + "/3");
            assertTrue(line.contains("127.0.0.2") && line.contains("certificat") || line.contains("subject alternative"),
                    "says the certificate does not name the host: " + line);
        }
    }

    /**
     * A session request gets 503 with Retry-After, a request without a session is served, and the
     * error log has exactly one line about the store, without a stack trace; returns that line.
     */
    private static String assertRefusedWithOneErrorLine(RunnerProcess runner, String store) throws Exception {
        String base = "http://127.0.0.1:" + runner.awaitReady();
        SessionCounter user = new SessionCounter();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> refused = user.send(base);
            assertEquals(503, refused.statusCode(), "a request that needs a session: " + refused.body());
            assertEquals(Optional.of("1"), refused.headers().firstValue("Retry-After"));
            assertFalse(refused.body().contains("redis.clients"), "no stack trace to the client: " + refused.body());
        }
        assertEquals(200, TlsIT.get(null, base + "/config").statusCode(), "a request without a session is served");
        String line = runner.awaitLine(OUTAGE_LINE, Duration.ofSeconds(10));
        assertTrue(line.contains("Session store " + store + " of classic failed"), line);
        assertEquals(1, runner.count(OUTAGE_LINE), "one line, not one per request: " + runner.log());
        assertFalse(runner.log().contains("at redis.clients"), "no stack trace in the log: " + runner.log());
        return line;
    }

    /** {@code java [-Djavax.net.ssl.trustStore=...] -jar runner.jar --bind 127.0.0.1:0 ARGS classic.war}. */
    private static RunnerProcess runner(Map<String, String> environment, boolean trustTheCa, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC"));
        if (trustTheCa) {
            command.add("-Djavax.net.ssl.trustStore=" + trustStore);
            command.add("-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD);
        }
        // A work directory each: two hosts started at once must not unpack the WAR into the same one.
        command.addAll(List.of("-jar", Samples.runnerJar().toString(), "--bind", "127.0.0.1:0",
                "--work-dir", dir.resolve("work-" + RUNNERS.incrementAndGet()).toString()));
        command.addAll(List.of(args));
        command.add(Samples.war("classic").toString());
        return RunnerProcess.startCommand(command, environment);
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
    }

    private static SSLContext trusting(KeyStore trust) throws Exception {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** Sends inline commands over TLS and returns what came back before the server went quiet. */
    private static String tlsCommand(SSLContext context, String lines) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", tlsPort)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write((lines + "\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}

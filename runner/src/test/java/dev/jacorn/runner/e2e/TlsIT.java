package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * HTTPS from PEM files made by {@code openssl}: RSA and EC keys, an http:// bind beside the HTTPS
 * one, modern defaults, narrowing protocols and suites, and client certificates (optional and
 * required). Start-up errors for bad files are tested in-process by
 * {@code dev.jacorn.runner.server.EdgeSettingsErrorsTest}.
 */
@ExtendWith(ServerLogOnFailure.class)
class TlsIT {

    @TempDir
    static Path dir;
    private static EdgeCertificates pki;

    @BeforeAll
    static void createPki() {
        pki = EdgeCertificates.create(dir);
    }

    @ParameterizedTest(name = "{0} key: HTTPS on the default bind, plain HTTP on the http:// bind")
    @EnumSource(value = KeyForm.class, names = {"RSA_PKCS1", "EC_SEC1", "ED25519_PKCS8"}) // every form: PemCredentialsTest
    void servesHttpsWithEveryPemKeyFormAndPlainHttpWhereTheBindSaysSo(KeyForm form) throws Exception {
        Path[] files = pki.server(form);
        try (RunnerProcess runner = RunnerProcess.start("--bind", "127.0.0.1:0", "--bind", "http://127.0.0.1:0",
                "--certfile", files[0].toString(), "--keyfile", files[1].toString(), Samples.war("edge").toString())) {
            runner.awaitReady();
            RunnerProcess.Listener https = runner.listening(0);
            RunnerProcess.Listener http = runner.listening(1);
            assertEquals("https", https.scheme());
            assertEquals("http", http.scheme());

            HttpResponse<String> secure = get(pki.clientContext(false), "https://127.0.0.1:" + https.port() + "/info");
            assertEquals(200, secure.statusCode());
            assertEquals("https", info(secure.body(), "scheme"));
            assertEquals("true", info(secure.body(), "secure"));
            assertEquals("none", info(secure.body(), "clientCert"));

            HttpResponse<String> plain = get(null, "http://127.0.0.1:" + http.port() + "/info");
            assertEquals("http", info(plain.body(), "scheme"));
            assertEquals("false", info(plain.body(), "secure"));

            try (SSLSocket socket = handshake(pki.clientContext(false), https.port(), null, null)) {
                assertEquals("TLSv1.3", socket.getSession().getProtocol(), "the best protocol both sides have");
            }
            if (form.name().startsWith("RSA")) {
                // RSA key exchange has no forward secrecy: not among the default suites.
                assertThrows(IOException.class, () -> handshake(pki.clientContext(false), https.port(),
                        "TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256").close());
            }
        }
    }

    @Test
    void requiredClientCertificatesRefuseClientsWithoutOne() throws Exception {
        Path[] files = pki.server(KeyForm.EC_PKCS8);
        try (RunnerProcess runner = RunnerProcess.start("--certfile", files[0].toString(), "--keyfile", files[1].toString(),
                "--ca-certs", pki.caFile().toString(), "--cert-reqs", "required", Samples.war("edge").toString())) {
            int port = runner.awaitReady();
            assertFalse(runner.log().contains("is readable by"), "openssl writes keys readable by their owner only");
            HttpResponse<String> withCert = get(pki.clientContext(true), "https://127.0.0.1:" + port + "/info");
            assertEquals("CN=client", info(withCert.body(), "clientCert"));
            assertThrows(IOException.class, () -> get(pki.clientContext(false), "https://127.0.0.1:" + port + "/info"));
        }
    }

    @Test
    void optionalClientCertificatesAreCheckedWhenSentAndProtocolsAndSuitesCanBeNarrowed() throws Exception {
        Path[] files = pki.server(KeyForm.EC_PKCS8);
        try (RunnerProcess runner = RunnerProcess.start("--certfile", files[0].toString(), "--keyfile", files[1].toString(),
                "--ca-certs", pki.caFile().toString(), "--cert-reqs", "optional", "--ssl-protocols", "TLSv1.2",
                "--ciphers", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", Samples.war("edge").toString())) {
            int port = runner.awaitReady();
            assertEquals("CN=client", info(get(pki.clientContext(true), "https://127.0.0.1:" + port + "/info").body(),
                    "clientCert"));
            assertEquals("none", info(get(pki.clientContext(false), "https://127.0.0.1:" + port + "/info").body(),
                    "clientCert"));
            try (SSLSocket socket = handshake(pki.clientContext(false), port, null, null)) {
                assertEquals("TLSv1.2", socket.getSession().getProtocol());
                assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", socket.getSession().getCipherSuite());
            }
            assertThrows(IOException.class, () -> handshake(pki.clientContext(false), port, "TLSv1.3", null).close());
            assertThrows(IOException.class, () -> handshake(pki.clientContext(false), port, "TLSv1.2",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").close());
        }
    }

    @Test
    void clientInitiatedRenegotiationIsRefusedAndAKeyOthersCanReadIsWarnedAbout() throws Exception {
        Path[] files = pki.server(KeyForm.EC_SEC1);
        Files.setPosixFilePermissions(files[1], PosixFilePermissions.fromString("rw-r--r--"));
        try (RunnerProcess runner = RunnerProcess.start("--certfile", files[0].toString(), "--keyfile", files[1].toString(),
                Samples.war("edge").toString())) {
            int port = runner.awaitReady();
            // openssl's s_client renegotiates when a line "R" is typed (TLS 1.2 only; TLS 1.3 has no renegotiation).
            Process client = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_2",
                    "-servername", "localhost").redirectErrorStream(true).start();
            StringBuffer output = new StringBuffer();
            Thread pump = new Thread(() -> {
                try {
                    client.getInputStream().transferTo(new java.io.OutputStream() {
                        @Override
                        public void write(int b) {
                            output.append((char) b);
                        }
                    });
                } catch (IOException e) {
                    // the process ended
                }
            });
            pump.start();
            try (java.io.OutputStream typed = client.getOutputStream()) {
                String request = "GET /info HTTP/1.1\r\nHost: localhost\r\n\r\n";
                typed.write(request.getBytes(StandardCharsets.US_ASCII));
                typed.flush();
                await(() -> output.indexOf("bodyBytes=") >= 0, output);
                typed.write("R\n".getBytes(StandardCharsets.US_ASCII));
                typed.flush();
                await(() -> output.indexOf("RENEGOTIATING") >= 0, output);
                typed.write(request.getBytes(StandardCharsets.US_ASCII));
                typed.flush();
                // Refused: the server's handshake_failure alert ends the session. Accepted: a second answer.
                await(() -> !client.isAlive() || output.toString().split("HTTP/1.1 200", -1).length > 2, output);
            } catch (IOException e) {
                // the session was closed while typing: what a refusal looks like
                client.waitFor(30, TimeUnit.SECONDS);
            } finally {
                client.destroy();
                pump.join(10_000);
            }
            assertTrue(output.indexOf("alert handshake failure") >= 0, output.toString());
            assertEquals(2, output.toString().split("HTTP/1.1 200", -1).length, output.toString());
            assertEquals(1, runner.count("[WARN] The key in --keyfile " + files[1] + " is readable by group and others"
                    + " (rw-r--r--); make it readable by this user only: chmod 600 " + files[1]), runner.log());
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, Object shown) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out; so far: " + shown);
            }
            RunnerProcess.sleep(20);
        }
    }

    static HttpResponse<String> get(SSLContext context, String url) throws IOException, InterruptedException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .version(HttpClient.Version.HTTP_1_1);
        if (context != null) {
            builder.sslContext(context);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
        return builder.build().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A completed TLS handshake (and one HTTP exchange, so that late TLS 1.3 failures surface) with optional client limits. */
    static SSLSocket handshake(SSLContext context, int port, String protocol, String suite) throws IOException {
        Socket plain = EdgeHttp.connect("127.0.0.1", port);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        try {
            if (protocol != null) {
                socket.setEnabledProtocols(new String[] {protocol});
            }
            if (suite != null) {
                socket.setEnabledCipherSuites(new String[] {suite});
            }
            socket.startHandshake();
            EdgeHttp.Response response = EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: localhost\n\n");
            assertEquals(200, response.status());
            return socket;
        } catch (IOException | java.io.UncheckedIOException | AssertionError e) {
            socket.close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    static String info(String body, String key) {
        return new EdgeHttp.Response(200, java.util.Map.of(), body).info(key);
    }
}

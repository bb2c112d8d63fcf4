package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import java.io.IOException;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scheme, {@code isSecure()} and the port come from the connection, never from a client's
 * {@code :scheme}; and a {@code CONFIDENTIAL} constraint ({@code /confidential} of the edge sample)
 * on a cleartext request redirects to the HTTPS listener, or answers 403 when there is none, over
 * HTTP/1.1, h2c by prior knowledge and h2c by upgrade. HTTP/2 requests are sent by
 * {@code scheme_client.py} (Debian's python3-h2), which can write any {@code :scheme}.
 *
 * <p>Two runners: {@code both} with a plain and an HTTPS listener, {@code plain} with a plain one only.
 */
class SchemeIT {

    @RegisterExtension
    static final SharedRunners RUNNERS = new SharedRunners();
    @TempDir
    static Path dir;

    private static RunnerProcess both;
    private static RunnerProcess plain;
    private static int httpPort;
    private static int httpsPort;
    private static int plainPort;

    @BeforeAll
    static void start() {
        Path[] files = EdgeCertificates.create(dir).server(KeyForm.EC_PKCS8);
        // Work directories of their own: two runners unpacking one new WAR into one directory at once can collide.
        // --h2c-upgrade: the upgrade cases need it (it is off by default).
        both = RUNNERS.add(RunnerProcess.start("--h2c-upgrade", "--bind", "http://127.0.0.1:0", "--bind", "https://127.0.0.1:0",
                "--certfile", files[0].toString(), "--keyfile", files[1].toString(), "--work-dir",
                dir.resolve("work-both").toString(), Samples.war("edge").toString()));
        plain = RUNNERS.add(RunnerProcess.start("--h2c-upgrade", "--work-dir", dir.resolve("work-plain").toString(),
                Samples.war("edge").toString()));
        both.awaitReady();
        httpPort = both.listening(0).port();
        httpsPort = both.listening(1).port();
        plainPort = plain.awaitReady();
    }

    @ParameterizedTest(name = "h2c by {0}")
    @ValueSource(strings = {"prior", "upgrade"})
    void aCleartextClientsSchemeHttpsIsNotBelieved(String mode) throws Exception {
        H2Response info = h2(mode, plainPort, "https", "/info", "localhost");
        assertEquals(200, info.status(), info.toString());
        assertEquals("http", info.info("scheme"));
        assertEquals("false", info.info("secure"));
        assertEquals("80", info.info("serverPort"), "the default port of http, not of https");
        assertEquals("http://localhost/info", info.info("requestURL"));
    }

    @Test
    void anAbsoluteFormHttpsTargetOverCleartextIsNotBelieved() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", plainPort)) {
            EdgeHttp.Response info = EdgeHttp.send(socket, "GET https://shop.example/info HTTP/1.1\nHost: shop.example\n\n");
            assertEquals("http", info.info("scheme"), info.toString());
            assertEquals("false", info.info("secure"));
            assertEquals("http://shop.example/info", info.info("requestURL"));
            assertEquals(403, EdgeHttp.send(socket, "GET https://shop.example/confidential HTTP/1.1\nHost: shop.example\n\n")
                    .status());
        }
    }

    @Test
    void overTlsTheSchemeIsHttpsWhateverTheClientSays() throws Exception {
        H2Response info = h2("tls", httpsPort, "http", "/info", "localhost");
        assertEquals("https", info.info("scheme"), info.toString());
        assertEquals("true", info.info("secure"));
        assertEquals("443", info.info("serverPort"));
        assertEquals(200, h2("tls", httpsPort, "http", "/confidential", null).status());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http/1.1", "prior", "upgrade"})
    void confidentialOverCleartextRedirectsToTheHttpsListener(String mode) throws Exception {
        String location = "https://127.0.0.1:" + httpsPort + "/confidential?x=1";
        if (mode.equals("http/1.1")) {
            try (Socket socket = EdgeHttp.connect("127.0.0.1", httpPort)) {
                EdgeHttp.Response response = EdgeHttp.send(socket, "GET /confidential?x=1 HTTP/1.1\nHost: 127.0.0.1:"
                        + httpPort + "\n\n");
                assertEquals(302, response.status(), response.toString());
                assertEquals(location, response.header("Location"));
            }
        } else {
            H2Response response = h2(mode, httpPort, "https", "/confidential?x=1", null);
            assertEquals(302, response.status(), response.toString());
            assertEquals(location, response.header("location"));
        }
        try (SSLSocket socket = tls(httpsPort)) {
            EdgeHttp.Response served = EdgeHttp.send(socket, "GET /confidential HTTP/1.1\nHost: 127.0.0.1\n\n");
            assertEquals(200, served.status());
            assertEquals("confidential secure=true\n", served.body());
        }
        assertNeverServedOverHttp(both);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http/1.1", "prior", "upgrade"})
    void confidentialOverCleartextWithoutAnHttpsListenerIs403AndNoError(String mode) throws Exception {
        int status;
        if (mode.equals("http/1.1")) {
            try (Socket socket = EdgeHttp.connect("127.0.0.1", plainPort)) {
                status = EdgeHttp.send(socket, "GET /confidential HTTP/1.1\nHost: 127.0.0.1\n\n").status();
            }
        } else {
            status = h2(mode, plainPort, "https", "/confidential", null).status();
        }
        assertEquals(403, status);
        assertNeverServedOverHttp(plain);
        assertFalse(plain.log().contains("Exception"), plain.log());
        assertFalse(plain.log().contains("[ERROR]"), plain.log());
    }

    @Test
    void behindATrustedProxyConfidentialFollowsItsProtoAndIsNeverRedirectedToOurPort() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", httpPort)) {
            EdgeHttp.Response secure = EdgeHttp.send(socket, "GET /confidential HTTP/1.1\nHost: shop.example\n"
                    + "X-Forwarded-For: 203.0.113.5\nX-Forwarded-Proto: https\n\n");
            assertEquals(200, secure.status(), secure.toString());
            // The client reached the proxy over http: Jacorn's HTTPS port means nothing to it.
            EdgeHttp.Response cleartext = EdgeHttp.send(socket, "GET /confidential HTTP/1.1\nHost: shop.example\n"
                    + "X-Forwarded-For: 203.0.113.5\nX-Forwarded-Proto: http\n\n");
            assertEquals(403, cleartext.status(), cleartext.toString());
        }
        try (Socket socket = EdgeHttp.connect("127.0.0.2", httpPort)) {
            EdgeHttp.Response untrusted = EdgeHttp.send(socket, "GET /confidential HTTP/1.1\nHost: 127.0.0.1:" + httpPort
                    + "\nX-Forwarded-Proto: https\n\n");
            assertEquals(302, untrusted.status(), "an untrusted peer's X-Forwarded-Proto is ignored");
        }
    }

    private static void assertNeverServedOverHttp(RunnerProcess runner) {
        assertEquals(0, runner.allLines().stream().filter(l -> l.endsWith("edge: confidential served over http")).count(),
                runner.log());
    }

    private static SSLSocket tls(int port) throws IOException {
        Socket socket = EdgeHttp.connect("127.0.0.1", port);
        SSLSocket secured = (SSLSocket) insecureTls().getSocketFactory().createSocket(socket, "127.0.0.1", port, true);
        secured.startHandshake();
        return secured;
    }

    private static javax.net.ssl.SSLContext insecureTls() {
        try {
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP/2 response as {@code scheme_client.py} prints it. */
    record H2Response(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name);
        }

        String info(String key) {
            return new EdgeHttp.Response(status, Map.of(), body).info(key);
        }
    }

    /** One HTTP/2 request with {@code :scheme} as given; {@code authority} null for 127.0.0.1:port. */
    static H2Response h2(String mode, int port, String scheme, String path, String authority)
            throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(SchemeIT.class.getResource("/h2/scheme_client.py").toURI());
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3", script.toString(), mode,
                "127.0.0.1", String.valueOf(port), scheme, path));
        if (authority != null) {
            command.add(authority);
        }
        Process process = new ProcessBuilder(command).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "scheme_client.py failed: " + new String(err, StandardCharsets.UTF_8)
                + text);
        String[] parts = text.split("\n\n", 2);
        String[] head = parts[0].split("\n");
        Map<String, String> headers = new java.util.HashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(": ");
            if (colon > 0) {
                headers.put(head[i].substring(0, colon), head[i].substring(colon + 2));
            }
        }
        return new H2Response(Integer.parseInt(head[0].strip()), headers, parts.length > 1 ? parts[1] : "");
    }
}

package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 with real clients (Java's HttpClient and curl): h2 over TLS by ALPN and h2c by prior
 * knowledge on by default, h2c by Upgrade only with {@code --h2c-upgrade} (and never over TLS), all
 * off with {@code --no-http2}; request limits over HTTP/2, upgraded connections included; and
 * {@code --compress}
 * (gzip for text, honouring Accept-Encoding) over both protocols.
 */
class Http2IT {

    @RegisterExtension
    static final SharedRunners RUNNERS = new SharedRunners();
    @TempDir
    static Path dir;

    private static EdgeCertificates pki;
    private static RunnerProcess.Listener h2;
    private static RunnerProcess.Listener h2c;
    private static RunnerProcess.Listener tlsWithoutH2;
    private static RunnerProcess.Listener plainWithoutH2;
    private static RunnerProcess.Listener upgradeTls;
    private static RunnerProcess.Listener upgradePlain;

    @BeforeAll
    static void start() {
        pki = EdgeCertificates.create(dir);
        Path[] files = pki.server(KeyForm.EC_SEC1);
        RunnerProcess on = RUNNERS.add(RunnerProcess.start("--bind", "127.0.0.1:0", "--bind", "http://127.0.0.1:0",
                "--certfile", files[0].toString(), "--keyfile", files[1].toString(), "--compress",
                Samples.war("edge").toString()));
        RunnerProcess off = RUNNERS.add(RunnerProcess.start("--bind", "127.0.0.1:0", "--bind", "http://127.0.0.1:0",
                "--certfile", files[0].toString(), "--keyfile", files[1].toString(), "--no-http2",
                Samples.war("edge").toString()));
        RunnerProcess upgrade = RUNNERS.add(RunnerProcess.start("--bind", "127.0.0.1:0", "--bind", "http://127.0.0.1:0",
                "--certfile", files[0].toString(), "--keyfile", files[1].toString(), "--h2c-upgrade",
                Samples.war("edge").toString()));
        on.awaitReady();
        off.awaitReady();
        upgrade.awaitReady();
        upgradeTls = upgrade.listening(0);
        upgradePlain = upgrade.listening(1);
        h2 = on.listening(0);
        h2c = on.listening(1);
        tlsWithoutH2 = off.listening(0);
        plainWithoutH2 = off.listening(1);
    }

    @Test
    void javaHttpClientSpeaksH2OverTlsAndIsNotUpgradedToH2cByDefault() throws Exception {
        HttpResponse<String> overTls = get(pki.clientContext(false), "https://127.0.0.1:" + h2.port() + "/info", null);
        assertEquals(HttpClient.Version.HTTP_2, overTls.version());
        assertEquals("HTTP/2.0", TlsIT.info(overTls.body(), "protocol"));
        assertEquals("true", TlsIT.info(overTls.body(), "secure"));

        HttpResponse<String> plain = get(null, "http://127.0.0.1:" + h2c.port() + "/info", null);
        assertEquals(HttpClient.Version.HTTP_1_1, plain.version(), "Upgrade: h2c is ignored without --h2c-upgrade");
        assertEquals("HTTP/1.1", TlsIT.info(plain.body(), "protocol"));
    }

    @Test
    void h2cUpgradeUpgradesWhenAskedAndItsStreamsPassTheRequestLimits() throws Exception {
        HttpClient client = client(null);
        String url = "http://127.0.0.1:" + upgradePlain.port() + "/info";
        HttpResponse<String> upgraded = client.send(request(url, null), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, upgraded.version(), "upgraded with Upgrade: h2c");
        assertEquals("HTTP/2.0", TlsIT.info(upgraded.body(), "protocol"));
        // The next stream on the upgraded connection: 101 fields is over --limit-request-fields.
        HttpRequest.Builder many = HttpRequest.newBuilder(URI.create(url + "?case=upgraded-many-fields"))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < 101; i++) {
            many.header("X-Field-" + i, "v");
        }
        HttpResponse<String> refused = client.send(many.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, refused.version());
        assertEquals(431, refused.statusCode());
        // The upgrade request itself is checked too.
        assertEquals("414", curl("--http2", url + "?pad=" + "p".repeat(6000), List.of()).strip());
        assertEquals("413", curl("--http2", url, List.of("-X", "POST", "-H", "Content-Length: 1000000000000")).strip());
    }

    @Test
    void h2cUpgradeIsNeverDoneOverTls() {
        String answer = curl("--http1.1", "https://localhost:" + upgradeTls.port() + "/info", List.of("-i",
                "-H", "Connection: Upgrade, HTTP2-Settings", "-H", "Upgrade: h2c", "-H", "HTTP2-Settings: AAMAAABkAAQAAP__"));
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertEquals("HTTP/1.1", TlsIT.info(answer.replace("\r", ""), "protocol"));
    }

    @Test
    void curlSpeaksH2cByPriorKnowledgeAndH2OverTls() {
        assertEquals("HTTP/2.0", curlInfo("--http2-prior-knowledge", "http://127.0.0.1:" + h2c.port() + "/info"));
        assertEquals("HTTP/2.0", curlInfo("--http2", "https://localhost:" + h2.port() + "/info"));
    }

    @Test
    void limitsRefuseHttp2RequestsToo() {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            headers.add("-H");
            headers.add("X-Field-" + i + ": v");
        }
        assertEquals("431", curl("--http2-prior-knowledge", "http://127.0.0.1:" + h2c.port() + "/info", headers).strip());
        assertEquals("414", curl("--http2-prior-knowledge", "http://127.0.0.1:" + h2c.port() + "/info?pad="
                + "p".repeat(5000), List.of()).strip());
    }

    @Test
    void noHttp2ServesHttp11Only() throws Exception {
        HttpResponse<String> overTls = get(pki.clientContext(false), "https://127.0.0.1:" + tlsWithoutH2.port() + "/info", null);
        assertEquals(HttpClient.Version.HTTP_1_1, overTls.version(), "ALPN offers only http/1.1");
        HttpResponse<String> plain = get(null, "http://127.0.0.1:" + plainWithoutH2.port() + "/info", null);
        assertEquals(HttpClient.Version.HTTP_1_1, plain.version(), "the h2c upgrade is ignored");
        assertEquals("HTTP/1.1", TlsIT.info(plain.body(), "protocol"));
        // The HTTP/2 preface is not a valid HTTP/1.1 request: refused, never served.
        try (Socket socket = EdgeHttp.connect("127.0.0.1", plainWithoutH2.port())) {
            EdgeHttp.write(socket, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(400, EdgeHttp.read(socket).status());
        }
    }

    @Test
    void compressGzipsTextForClientsThatAcceptItOverHttp11AndH2() throws Exception {
        for (String url : List.of("http://127.0.0.1:" + h2c.port(), "https://127.0.0.1:" + h2.port())) {
            SSLContext context = url.startsWith("https") ? pki.clientContext(false) : null;
            HttpResponse<byte[]> gzipped = getBytes(context, url + "/text?kb=64", "gzip, deflate");
            assertEquals("gzip", gzipped.headers().firstValue("Content-Encoding").orElse(null), url);
            assertTrue(gzipped.headers().allValues("Vary").stream().anyMatch(v -> v.contains("Accept-Encoding")));
            byte[] text = new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes();
            assertEquals(64 * 1024, text.length);
            assertTrue(gzipped.body().length < text.length / 10, "compressed to " + gzipped.body().length + " bytes");

            assertNull(getBytes(context, url + "/text?kb=64", null).headers().firstValue("Content-Encoding").orElse(null),
                    "no Accept-Encoding, no gzip");
            // Undertow may say "Content-Encoding: identity" here; what matters is that it is not gzip.
            assertNotEquals("gzip", getBytes(context, url + "/text?kb=64", "gzip;q=0, identity").headers()
                    .firstValue("Content-Encoding").orElse(null), "gzip refused with q=0");
            assertNull(getBytes(context, url + "/binary?kb=64", "gzip").headers().firstValue("Content-Encoding")
                    .orElse(null), "binary content is left alone");
            assertEquals(1, getBytes(context, url + "/text?kb=1", "gzip").headers().allValues("Content-Encoding").size(),
                    "1 KiB of text is compressed");
            assertNotEquals("gzip", getBytes(context, url + "/info", "gzip").headers().firstValue("Content-Encoding")
                    .orElse(null), "a 150-byte text response is not worth compressing");
        }
    }

    @Test
    void compressionIsOffByDefault() throws Exception {
        HttpResponse<byte[]> plain = getBytes(null, "http://127.0.0.1:" + plainWithoutH2.port() + "/text?kb=64", "gzip");
        assertNull(plain.headers().firstValue("Content-Encoding").orElse(null));
        assertEquals(64 * 1024, plain.body().length);
    }

    private static HttpResponse<String> get(SSLContext context, String url, String acceptEncoding) throws Exception {
        return client(context).send(request(url, acceptEncoding), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> getBytes(SSLContext context, String url, String acceptEncoding) throws Exception {
        return client(context).send(request(url, acceptEncoding), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpClient client(SSLContext context) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(20));
        if (context != null) {
            builder.sslContext(context);
        }
        return builder.build();
    }

    private static HttpRequest request(String url, String acceptEncoding) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (acceptEncoding != null) {
            builder.header("Accept-Encoding", acceptEncoding);
        }
        return builder.build();
    }

    /** curl's view of the edge sample's {@code protocol=} line. */
    private static String curlInfo(String mode, String url) {
        return TlsIT.info(curl(mode, url, List.of()), "protocol");
    }

    /** curl's output; with extra arguments (headers) that make it print only the status. */
    private static String curl(String mode, String url, List<String> extra) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", mode, "--cacert",
                pki.caFile().toString()));
        if ((!extra.isEmpty() && !extra.contains("-i")) || url.contains("?pad=")) {
            command.addAll(List.of("-o", "/dev/null", "-w", "%{http_code}"));
        }
        command.addAll(extra);
        command.add(url);
        try {
            Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(curl.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, curl.exitValue(), String.join(" ", command) + ":\n" + output);
            return output;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import dev.jacorn.runner.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real nginx (the Debian package) in front of Jacorn, configured by the shipped
 * {@code deploy/nginx/jacorn.conf} with only its ports and certificate paths changed for the
 * test. The test connects from 127.0.0.2, nginx from 127.0.0.1: the application must see the
 * test's address and https through nginx, and ignore the same headers sent to it directly by the
 * test (127.0.0.2 is not in the default {@code --forwarded-allow-ips}). Forwarding headers the
 * client sends itself, of either family, must change nothing: the shipped site sets or clears
 * every one Jacorn may believe.
 */
class NginxIT {

    @RegisterExtension
    static final SharedRunners RUNNERS = new SharedRunners();
    @TempDir
    static Path dir;

    private static EdgeCertificates pki;
    private static Process nginx;
    private static RunnerProcess runner;
    private static int jacornPort;
    private static int httpsPort;
    private static int httpPort;

    @BeforeAll
    static void start() throws Exception {
        pki = EdgeCertificates.create(dir);
        Path[] files = pki.server(KeyForm.EC_PKCS8);
        runner = RUNNERS.add(RunnerProcess.start("--access-logfile", "-", Samples.war("edge").toString()));
        jacornPort = runner.awaitReady();
        httpsPort = freePort();
        httpPort = freePort();
        Files.writeString(dir.resolve("site.conf"), adapt(Files.readString(deployDir().resolve("nginx/jacorn.conf")),
                files));
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "daemon off;", "master_process off;", "worker_processes 1;", "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " info;", "events { worker_connections 64; }",
                "http {", "  access_log " + dir.resolve("access.log") + ";",
                "  client_body_temp_path " + dir.resolve("body") + ";", "  proxy_temp_path " + dir.resolve("proxy") + ";",
                "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";", "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                "  scgi_temp_path " + dir.resolve("scgi") + ";", "  include " + dir.resolve("site.conf") + ";", "}", ""));
        nginx = new ProcessBuilder(nginxBinary(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        awaitListening(httpsPort);
    }

    @AfterAll
    static void stopNginx() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly();
            }
        }
    }

    /** The shipped site with the test's ports and certificate; each replaced line must exist in it. */
    static String adapt(String site, Path[] certificate) {
        String adapted = site;
        adapted = replace(adapted, "server 127.0.0.1:8000;", "server 127.0.0.1:" + jacornPort + ";");
        adapted = replace(adapted, "listen 80;", "listen 127.0.0.1:" + httpPort + ";");
        adapted = replace(adapted, "listen 443 ssl http2;", "listen 127.0.0.1:" + httpsPort + " ssl http2;");
        adapted = replace(adapted, "/etc/ssl/certs/example.com.pem", certificate[0].toString());
        adapted = replace(adapted, "/etc/ssl/private/example.com.key", certificate[1].toString());
        adapted = adapted.replaceAll("(?m)^\\s*listen \\[::\\].*$", "");
        return adapted.replace("server_name example.com;", "server_name localhost;");
    }

    private static String replace(String text, String shipped, String test) {
        assertTrue(text.contains(shipped), "deploy/nginx/jacorn.conf no longer contains: " + shipped);
        return text.replace(shipped, test);
    }

    @Test
    void throughNginxTheApplicationSeesTheClientsAddressSchemeAndHost() throws IOException {
        try (SSLSocket socket = tlsFrom("127.0.0.2", httpsPort)) {
            String host = "Host: localhost:" + httpsPort + "\n";
            EdgeHttp.Response info = EdgeHttp.send(socket, "GET /info HTTP/1.1\n" + host
                    + "X-Forwarded-For: 6.6.6.6\n\n");
            assertEquals(200, info.status(), info.toString());
            assertEquals("127.0.0.2", info.info("remoteAddr"), "the client, not nginx, nor what the client claimed");
            assertEquals("https", info.info("scheme"));
            assertEquals("true", info.info("secure"));
            assertEquals("localhost", info.info("serverName"));
            assertEquals(String.valueOf(httpsPort), info.info("serverPort"));
            EdgeHttp.Response redirect = EdgeHttp.send(socket, "GET /redirect HTTP/1.1\n" + host + "\n");
            assertEquals(302, redirect.status());
            assertEquals("https://localhost:" + httpsPort + "/info", redirect.header("Location"));
        }
    }

    @Test
    void aClientsOwnForwardingHeadersChangeNothingThroughNginx() throws IOException {
        try (SSLSocket socket = tlsFrom("127.0.0.2", httpsPort)) {
            EdgeHttp.Response info = EdgeHttp.send(socket, "GET /info?spoofed=1 HTTP/1.1\nHost: localhost:" + httpsPort
                    + "\nForwarded: for=6.6.6.6;proto=http;host=evil.example\nX-Forwarded-For: 6.6.6.6\n"
                    + "X-Forwarded-Proto: http\nX-Forwarded-Host: evil.example\nX-Forwarded-Port: 1234\n\n");
            assertEquals(200, info.status(), info.toString());
            assertEquals("127.0.0.2", info.info("remoteAddr"));
            assertEquals("https", info.info("scheme"));
            assertEquals("true", info.info("secure"));
            assertEquals("localhost", info.info("serverName"));
            assertEquals(String.valueOf(httpsPort), info.info("serverPort"));
            assertEquals("https://localhost:" + httpsPort + "/info", info.info("requestURL"));
        }
        String logged = runner.awaitLine("\"GET /info?spoofed=1 ", Duration.ofSeconds(30));
        assertTrue(logged.startsWith("127.0.0.2 "), "the access log names the client: " + logged);
        assertFalse(logged.contains("6.6.6.6"), logged);
    }

    @Test
    void plainHttpAtNginxIsRedirectedToHttps() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.2", httpPort)) {
            EdgeHttp.Response response = EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: localhost\n\n");
            assertEquals(301, response.status());
            assertEquals("https://localhost/info", response.header("Location"));
        }
    }

    @Test
    void theSameHeadersSentDirectlyByAnUntrustedClientAreIgnored() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.2", jacornPort)) {
            EdgeHttp.Response info = EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: localhost:" + jacornPort + "\n"
                    + "X-Forwarded-For: 198.51.100.1\nX-Forwarded-Proto: https\n\n");
            assertEquals("127.0.0.2", info.info("remoteAddr"));
            assertEquals("http", info.info("scheme"));
            assertEquals("false", info.info("secure"));
        }
    }

    private static SSLSocket tlsFrom(String address, int port) throws IOException {
        Socket plain = EdgeHttp.connect(address, port);
        SSLSocket socket = (SSLSocket) pki.clientContext(false).getSocketFactory().createSocket(plain, "localhost", port, true);
        socket.startHandshake();
        return socket;
    }

    static Path deployDir() {
        return Path.of(System.getProperty("jacorn.deployDir", "../deploy")).toAbsolutePath();
    }

    static String nginxBinary() {
        for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("nginx is not installed; .ci/run installs it (apt-get install nginx)");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws IOException {
        boolean listening = Await.poll(Duration.ofSeconds(30), () -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                if (!nginx.isAlive()) {
                    throw new AssertionError("nginx exited: " + read(dir.resolve("nginx.out")) + read(dir.resolve("error.log")));
                }
                return null;
            }
        }).isPresent();
        if (!listening) {
            throw new AssertionError("nginx did not listen on " + port + ": " + read(dir.resolve("error.log")));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e + ")";
        }
    }
}

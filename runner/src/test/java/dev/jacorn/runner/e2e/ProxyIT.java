package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy headers (one family per runner: X-Forwarded-* by default, {@code Forwarded} with
 * {@code --forwarded-headers forwarded}) and the PROXY protocol, with raw sockets. The test's own connections come from
 * 127.0.0.1 (trusted by default) or from 127.0.0.2 (not trusted), so one runner shows both sides.
 * What the application sees is read from the edge sample's {@code /info}; redirects from
 * {@code /redirect}.
 */
class ProxyIT {

    @RegisterExtension
    static final SharedRunners RUNNERS = new SharedRunners();
    @TempDir
    static Path dir;

    private static int headersPort;
    private static int forwardedPort;
    private static int proxyHttpPort;
    private static int proxyHttpsPort;
    private static EdgeCertificates pki;

    @BeforeAll
    static void start() {
        pki = EdgeCertificates.create(dir);
        Path[] files = pki.server(KeyForm.EC_PKCS8);
        RunnerProcess headers = RUNNERS.add(RunnerProcess.start(Samples.war("edge").toString()));
        RunnerProcess rfc7239 = RUNNERS.add(RunnerProcess.start("--forwarded-headers", "forwarded",
                Samples.war("edge").toString()));
        RunnerProcess proxied = RUNNERS.add(RunnerProcess.start("--proxy-protocol", "--bind", "http://127.0.0.1:0",
                "--bind", "https://127.0.0.1:0", "--certfile", files[0].toString(), "--keyfile", files[1].toString(),
                Samples.war("edge").toString()));
        headersPort = headers.awaitReady();
        forwardedPort = rfc7239.awaitReady();
        proxied.awaitReady();
        proxyHttpPort = proxied.listening(0).port();
        proxyHttpsPort = proxied.listening(1).port();
    }

    private static final String X_FORWARDED = "X-Forwarded-For: 203.0.113.5\nX-Forwarded-Proto: https\n"
            + "X-Forwarded-Host: shop.example\nX-Forwarded-Port: 8443\n";

    @Test
    void xForwardedHeadersFromATrustedProxyDescribeTheClientsRequest() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", headersPort)) {
            EdgeHttp.Response info = EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: 127.0.0.1\n" + X_FORWARDED + "\n");
            assertEquals("203.0.113.5", info.info("remoteAddr"));
            assertEquals("https", info.info("scheme"));
            assertEquals("true", info.info("secure"));
            assertEquals("shop.example", info.info("serverName"));
            assertEquals("8443", info.info("serverPort"));
            assertEquals("https://shop.example:8443/info", info.info("requestURL"));
            EdgeHttp.Response redirect = EdgeHttp.send(socket, "GET /redirect HTTP/1.1\nHost: 127.0.0.1\n" + X_FORWARDED + "\n");
            assertEquals(302, redirect.status());
            assertEquals("https://shop.example:8443/info", redirect.header("Location"));
        }
    }

    @Test
    void byDefaultATrustedProxysForwardedHeaderIsIgnoredEntirely() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", headersPort)) {
            // nginx does not touch Forwarded: a client behind it could otherwise choose its address, https and host.
            EdgeHttp.Response alone = EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: 127.0.0.1:" + headersPort + "\n"
                    + "Forwarded: for=6.6.6.6;proto=https;host=evil.example\n\n");
            assertEquals("127.0.0.1", alone.info("remoteAddr"));
            assertEquals("http", alone.info("scheme"));
            assertEquals("false", alone.info("secure"));
            assertEquals("127.0.0.1", alone.info("serverName"));
            EdgeHttp.Response both = EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: 127.0.0.1\n"
                    + "Forwarded: for=6.6.6.6;proto=http;host=evil.example\n" + X_FORWARDED + "\n");
            assertEquals("203.0.113.5", both.info("remoteAddr"), "X-Forwarded-For, not Forwarded");
            assertEquals("https", both.info("scheme"));
            assertEquals("shop.example", both.info("serverName"));
        }
    }

    @Test
    void withForwardedHeadersForwardedTheStandardHeaderIsBelievedAndXForwardedIgnored() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", forwardedPort)) {
            EdgeHttp.Response info = EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: 127.0.0.1\n"
                    + "Forwarded: for=\"[2001:db8::17]:4711\";proto=https;host=shop.example\n" + X_FORWARDED + "\n");
            assertEquals("2001:db8:0:0:0:0:0:17", info.info("remoteAddr"));
            assertEquals("https", info.info("scheme"));
            assertEquals("shop.example", info.info("serverName"));
            assertEquals("443", info.info("serverPort"));
            EdgeHttp.Response ignored = EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: 127.0.0.1:" + forwardedPort
                    + "\n" + X_FORWARDED + "\n");
            assertEquals("127.0.0.1", ignored.info("remoteAddr"));
            assertEquals("http", ignored.info("scheme"));
            assertEquals("127.0.0.1", ignored.info("serverName"));
            assertEquals(String.valueOf(forwardedPort), ignored.info("serverPort"));
        }
    }

    @Test
    void namesInForwardedForAreNotLookedUpAndEndTheChain() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", headersPort)) {
            // "localhost" would resolve to a trusted address; a name is never an address here.
            assertEquals("127.0.0.1", EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: x\n"
                    + "X-Forwarded-For: 6.6.6.6, localhost\n\n").info("remoteAddr"));
            assertEquals("203.0.113.5", EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: x\n"
                    + "X-Forwarded-For: 6.6.6.6, 203.0.113.5, ::ffff:127.0.0.1\n\n").info("remoteAddr"));
        }
    }

    @Test
    void theClientIsTheRightMostAddressThatIsNotATrustedProxy() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", headersPort)) {
            // A client that sends its own X-Forwarded-For cannot choose its address: the proxy appended the real one.
            assertEquals("203.0.113.5", EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: x\n"
                    + "X-Forwarded-For: 6.6.6.6, 203.0.113.5\n\n").info("remoteAddr"));
            // Trusted hops (a second proxy on 127.0.0.1) are skipped.
            assertEquals("203.0.113.5", EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: x\n"
                    + "X-Forwarded-For: 203.0.113.5, 127.0.0.1\n\n").info("remoteAddr"));
        }
    }

    @Test
    void theSameHeadersFromAnUntrustedPeerAreIgnored() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.2", headersPort)) {
            String host = "Host: 127.0.0.1:" + headersPort + "\n";
            EdgeHttp.Response info = EdgeHttp.send(socket, "GET /info HTTP/1.1\n" + host + X_FORWARDED
                    + "Forwarded: for=6.6.6.6;proto=https\n\n");
            assertEquals("127.0.0.2", info.info("remoteAddr"));
            assertEquals("http", info.info("scheme"));
            assertEquals("false", info.info("secure"));
            assertEquals("127.0.0.1", info.info("serverName"));
            assertEquals(String.valueOf(headersPort), info.info("serverPort"));
            EdgeHttp.Response redirect = EdgeHttp.send(socket, "GET /redirect HTTP/1.1\n" + host + X_FORWARDED + "\n");
            assertEquals("http://127.0.0.1:" + headersPort + "/info", redirect.header("Location"));
        }
    }

    @Test
    void proxyProtocolV1GivesTheClientAddressAndItsForwardedHeadersAreNotBelieved() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", proxyHttpPort)) {
            EdgeHttp.Response info = EdgeHttp.send(socket, "PROXY TCP4 203.0.113.7 127.0.0.1 51234 80\r\n"
                    + "GET /info HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 6.6.6.6\r\n\r\n");
            assertEquals("203.0.113.7", info.info("remoteAddr"), "203.0.113.7 is not a trusted proxy");
            // Later requests on the connection keep the address from the header.
            assertEquals("203.0.113.7", EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: x\n\n").info("remoteAddr"));
        }
    }

    @Test
    void proxyProtocolV2GivesTheClientAddress() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", proxyHttpPort)) {
            EdgeHttp.write(socket, proxyV2("2001:db8::42", "::1", 40000, 80));
            EdgeHttp.Response info = EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: x\n\n");
            assertEquals("2001:db8:0:0:0:0:0:42", info.info("remoteAddr"));
        }
    }

    @Test
    void proxyProtocolComesBeforeTheTlsHandshake() throws IOException {
        Socket plain = EdgeHttp.connect("127.0.0.1", proxyHttpsPort);
        EdgeHttp.write(plain, "PROXY TCP4 198.51.100.9 127.0.0.1 40000 443\r\n".getBytes(StandardCharsets.US_ASCII));
        try (SSLSocket socket = (SSLSocket) pki.clientContext(false).getSocketFactory()
                .createSocket(plain, "localhost", proxyHttpsPort, true)) {
            EdgeHttp.Response info = EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: localhost\n\n");
            assertEquals("198.51.100.9", info.info("remoteAddr"));
            assertEquals("true", info.info("secure"));
        }
    }

    @Test
    void aTrustedPeerWithoutAProxyHeaderIsDisconnected() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", proxyHttpPort)) {
            EdgeHttp.write(socket, EdgeHttp.crlf("GET /info HTTP/1.1\nHost: x\n\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(EdgeHttp.isClosedByServer(socket));
        }
    }

    @Test
    void anUntrustedPeerCannotSendAProxyHeader() throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.2", proxyHttpPort)) {
            assertEquals(400, EdgeHttp.send(socket, "PROXY TCP4 203.0.113.7 127.0.0.1 51234 80\r\n"
                    + "GET /info HTTP/1.1\r\nHost: x\r\n\r\n").status());
        }
        try (Socket socket = EdgeHttp.connect("127.0.0.2", proxyHttpPort)) {
            assertEquals("127.0.0.2", EdgeHttp.send(socket, "GET /info HTTP/1.1\nHost: x\n\n").info("remoteAddr"),
                    "it is served directly, as itself");
        }
    }

    /** A PROXY protocol v2 header: signature, PROXY command, TCP over IPv6, the two addresses and ports. */
    private static byte[] proxyV2(String source, String destination, int sourcePort, int destinationPort)
            throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        header.write(0x21);
        header.write(0x21);
        ByteBuffer addresses = ByteBuffer.allocate(36);
        addresses.put(InetAddress.getByName(source).getAddress()).put(InetAddress.getByName(destination).getAddress())
                .putShort((short) sourcePort).putShort((short) destinationPort);
        header.write(0);
        header.write(36);
        header.write(addresses.array());
        return header.toByteArray();
    }
}

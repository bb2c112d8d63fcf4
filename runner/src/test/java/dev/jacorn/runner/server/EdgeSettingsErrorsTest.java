package dev.jacorn.runner.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jacorn.runner.cli.JacornCommand;
import dev.jacorn.runner.e2e.EdgeCertificates;
import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad TLS, proxy and limit settings stop the command before it binds anything: one sentence
 * naming the setting and the file or value, and exit code 2. The command runs in-process with captured streams.
 */
class EdgeSettingsErrorsTest {

    private static final String TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath().toString();

    @TempDir
    static Path dir;
    private static Path cert;
    private static Path key;
    private static Path otherKey;
    private static Path encryptedKey;
    private static Path garbage;

    @BeforeAll
    static void files() throws IOException {
        EdgeCertificates pki = EdgeCertificates.create(dir);
        Path[] rsa = pki.server(KeyForm.RSA_PKCS8);
        cert = rsa[0];
        key = rsa[1];
        otherKey = pki.server(KeyForm.EC_SEC1)[1];
        pki.openssl("pkcs8", "-topk8", "-in", key.getFileName().toString(), "-out", "encrypted.key", "-passout", "pass:secret");
        encryptedKey = pki.file("encrypted.key");
        garbage = Files.writeString(dir.resolve("garbage.pem"), "this is not PEM\n");
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of(List.of("--certfile", "/nonexistent/cert.pem", "--keyfile", "{key}"),
                        "The file in --certfile /nonexistent/cert.pem does not exist; check the path."),
                Arguments.of(List.of("--certfile", "{cert}", "--keyfile", "/nonexistent/key.pem"),
                        "The file in --keyfile /nonexistent/key.pem does not exist; check the path."),
                Arguments.of(List.of("--certfile", "{cert}", "--keyfile", "{other}"),
                        "The key in --keyfile {other} does not belong to the certificate in --certfile {cert}; give"
                                + " the key the certificate was issued for."),
                Arguments.of(List.of("--certfile", "{cert}", "--keyfile", "{cert}"),
                        "The file in --keyfile {cert} is not a PEM private key; give an unencrypted PKCS#8 (BEGIN"
                                + " PRIVATE KEY), RSA (BEGIN RSA PRIVATE KEY) or EC (BEGIN EC PRIVATE KEY) key."),
                Arguments.of(List.of("--certfile", "{cert}", "--keyfile", "{encrypted}"),
                        "The key in --keyfile {encrypted} is encrypted; Jacorn reads unencrypted keys only (decrypt it"
                                + " with: openssl pkey -in KEY -out PLAIN_KEY, and keep that file readable by this user"
                                + " only)."),
                Arguments.of(List.of("--certfile", "{garbage}", "--keyfile", "{key}"),
                        "The file in --certfile {garbage} is not a PEM certificate chain; give a file with -----BEGIN"
                                + " CERTIFICATE----- blocks, the server certificate first."),
                Arguments.of(List.of("--certfile", "{cert}"),
                        "--certfile was given without --keyfile; HTTPS needs both the certificate chain and its"
                                + " private key."),
                Arguments.of(List.of("--bind", "https://127.0.0.1:0"),
                        "--bind https://127.0.0.1:0 asks for HTTPS but no certificate was given; add --certfile and"
                                + " --keyfile, or bind http://."),
                Arguments.of(List.of("--certfile", "{cert}", "--keyfile", "{key}", "--cert-reqs", "required"),
                        "--cert-reqs required needs --ca-certs FILE with the CA certificates that sign the client"
                                + " certificates."),
                Arguments.of(List.of("--certfile", "{cert}", "--keyfile", "{key}", "--ciphers", "TLS_NO_SUCH_SUITE"),
                        "--ciphers names suites this Java does not support (TLS_NO_SUCH_SUITE); use IANA names such as"
                                + " TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256."),
                Arguments.of(List.of("--certfile", "{cert}", "--keyfile", "{key}", "--ciphers",
                                "TLS_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_GCM_SHA256"),
                        "--ciphers TLS_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_GCM_SHA256 is not valid:"
                                + " TLS_RSA_WITH_AES_128_GCM_SHA256 has no forward secrecy (key exchange RSA); only AEAD"
                                + " suites with forward secrecy are allowed, such as TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
                                + " or TLS_AES_128_GCM_SHA256."),
                Arguments.of(List.of("--ciphers", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"),
                        "--ciphers TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 is not valid: TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"
                                + " is not an AEAD suite (cipher AES_128_CBC_SHA256); only AEAD suites with forward"
                                + " secrecy are allowed, such as TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 or"
                                + " TLS_AES_128_GCM_SHA256."),
                Arguments.of(List.of("--ciphers", "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256"),
                        "--ciphers TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256 is not valid: TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256"
                                + " has no forward secrecy (key exchange ECDH_ECDSA); only AEAD suites with forward"
                                + " secrecy are allowed, such as TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 or"
                                + " TLS_AES_128_GCM_SHA256."),
                Arguments.of(List.of("--ssl-protocols", "TLSv1.1"),
                        "--ssl-protocols TLSv1.1 is not valid: it must be TLSv1.2, TLSv1.3 or both, comma-separated"
                                + " (older versions are not offered)."),
                Arguments.of(List.of("--forwarded-allow-ips", "proxy.example.com"),
                        "--forwarded-allow-ips proxy.example.com is not valid: use an IP address, a CIDR block such"
                                + " as 10.0.0.0/8, or *."),
                Arguments.of(List.of("--keepalive", "0"),
                        "--keepalive 0 is not valid: it must be a number of seconds greater than 0."),
                Arguments.of(List.of("--limit-request-body", "lots"),
                        "--limit-request-body lots is not valid: it must be a number of bytes, optionally followed by"
                                + " k, m or g (for example 100m), or 0 for no limit."));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badSettings")
    void badEdgeSettingsAreOneSentenceAndExitCodeTwo(List<String> args, String message) {
        List<String> all = new ArrayList<>();
        for (String arg : args) {
            all.add(substitute(arg));
        }
        all.addAll(List.of("--classpath", TEST_CLASSES, "dev.jacorn.runner.fixtures.PlainServlet"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new JacornCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(all.toArray(String[]::new));
        String firstLine = err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
        assertEquals("Error: " + substitute(message), firstLine);
        assertEquals(2, code);
    }

    private static String substitute(String text) {
        return text.replace("{other}", otherKey.toString()).replace("{encrypted}", encryptedKey.toString())
                .replace("{garbage}", garbage.toString()).replace("{cert}", cert.toString())
                .replace("{key}", key.toString());
    }
}

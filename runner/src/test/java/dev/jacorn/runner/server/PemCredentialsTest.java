package dev.jacorn.runner.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jacorn.runner.e2e.EdgeCertificates;
import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every PEM key form openssl writes is read, matched to its certificate, and makes a server TLS context. */
class PemCredentialsTest {

    @TempDir
    static Path dir;
    private static EdgeCertificates pki;

    @BeforeAll
    static void createPki() {
        pki = EdgeCertificates.create(dir);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(KeyForm.class)
    void readsTheChainAndTheKeyInEveryForm(KeyForm form) {
        Path[] files = pki.server(form);
        PemCredentials credentials = PemCredentials.read(files[0], files[1]);
        assertEquals(2, credentials.chain().size(), "server certificate, then the CA");
        assertEquals("CN=localhost", credentials.chain().get(0).getSubjectX500Principal().getName());
        assertEquals(form.name().substring(0, form.name().indexOf('_')).replace("ED25519", "EdDSA"),
                credentials.key().getAlgorithm());

        Tls tls = Tls.create(files[0], files[1], null, Tls.ClientAuth.NONE, List.of("TLSv1.2", "TLSv1.3"), List.of());
        SSLEngine engine = tls.context().createSSLEngine();
        tls.configure(engine);
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), List.of(engine.getEnabledProtocols()));
        assertEquals(Tls.MODERN_CIPHERS, List.of(engine.getEnabledCipherSuites()));
    }
}

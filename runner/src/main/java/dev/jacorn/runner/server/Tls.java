package dev.jacorn.runner.server;

import dev.jacorn.runner.exit.ExitCode;
import dev.jacorn.runner.exit.JacornException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS side of the HTTPS listeners: one {@link SSLContext} from the PEM files, and the
 * parameters every server {@link SSLEngine} gets (protocols, cipher suites, client certificates).
 * Built once at start-up; {@link #configure} is called on I/O threads for each new connection.
 */
public final class Tls {

    /**
     * AEAD suites with forward secrecy only: TLS 1.3's three, then TLS 1.2's ECDHE with AES-GCM and
     * ChaCha20-Poly1305 (Mozilla's "intermediate" profile without the DHE suites). Every one is
     * allowed by HTTP/2 (RFC 7540, appendix A).
     */
    static final List<String> MODERN_CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** How client certificates are asked for ({@code --cert-reqs}). */
    public enum ClientAuth { NONE, OPTIONAL, REQUIRED }

    private final SSLContext context;
    private final String[] protocols;
    private final String[] ciphers;
    private final ClientAuth clientAuth;

    private Tls(SSLContext context, String[] protocols, String[] ciphers, ClientAuth clientAuth) {
        this.context = context;
        this.protocols = protocols;
        this.ciphers = ciphers;
        this.clientAuth = clientAuth;
    }

    /**
     * @param caCerts {@code --ca-certs}, or {@code null}
     * @param ciphers {@code --ciphers}; empty for {@link #MODERN_CIPHERS}
     * @throws JacornException exit 2 for a missing or bad file, a key that does not match, a client
     *     certificate mode without CAs, or cipher suites this Java does not have
     */
    public static Tls create(Path certfile, Path keyfile, Path caCerts, ClientAuth clientAuth,
                             List<String> protocols, List<String> ciphers) {
        PemCredentials credentials = PemCredentials.read(certfile, keyfile);
        if (clientAuth != ClientAuth.NONE && caCerts == null) {
            throw new JacornException(ExitCode.USAGE, "--cert-reqs " + clientAuth.name().toLowerCase()
                    + " needs --ca-certs FILE with the CA certificates that sign the client certificates.", null);
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(credentials), trustManagers(caCerts), null);
            return new Tls(context, protocols.toArray(String[]::new), cipherSuites(context, ciphers), clientAuth);
        } catch (GeneralSecurityException e) {
            throw new JacornException(ExitCode.USAGE, "The TLS settings could not be used (" + e.getMessage()
                    + "); check --certfile, --keyfile and --ca-certs.", e);
        }
    }

    /**
     * The key managers of the one certificate chain. The key store they are made from lives in
     * memory only, for this call, so it is a JKS store: a PKCS12 store protects the key it is given
     * with 10,000 rounds of PBKDF2, and the key manager undoes them, 0.1 s of every HTTPS start on
     * two cores for a file no one ever writes.
     */
    private static javax.net.ssl.KeyManager[] keyManagers(PemCredentials credentials) throws GeneralSecurityException {
        KeyStore store = emptyStore("JKS");
        char[] password = new char[0];
        store.setKeyEntry("server", credentials.key(), password, credentials.chain().toArray(Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    /**
     * Trust for client certificates: the CAs of {@code --ca-certs}, or none at all when it is not
     * given (then no client certificate is asked for, and an empty store spares the start reading
     * the JDK's own CA bundle, which a server never uses).
     */
    private static TrustManager[] trustManagers(Path caCerts) throws GeneralSecurityException {
        KeyStore store = emptyStore("PKCS12");
        if (caCerts != null) {
            int i = 0;
            for (X509Certificate ca : PemCredentials.certificates("--ca-certs", caCerts)) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyStore emptyStore(String type) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }

    private static String[] cipherSuites(SSLContext context, List<String> wanted) {
        Set<String> supported = Set.of(context.getSupportedSSLParameters().getCipherSuites());
        if (wanted.isEmpty()) {
            return MODERN_CIPHERS.stream().filter(supported::contains).toArray(String[]::new);
        }
        List<String> unknown = new ArrayList<>();
        for (String cipher : wanted) {
            if (!supported.contains(cipher)) {
                unknown.add(cipher);
            }
        }
        if (!unknown.isEmpty()) {
            throw new JacornException(ExitCode.USAGE, "--ciphers names suites this Java does not support ("
                    + String.join(", ", unknown) + "); use IANA names such as " + MODERN_CIPHERS.get(3) + ".", null);
        }
        return wanted.toArray(String[]::new);
    }

    public SSLContext context() {
        return context;
    }

    /** Applies protocols, cipher suites, their server order and the client-certificate mode to a server engine. */
    public void configure(SSLEngine engine) {
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(protocols);
        parameters.setCipherSuites(ciphers);
        parameters.setUseCipherSuitesOrder(true);
        switch (clientAuth) {
            case REQUIRED -> parameters.setNeedClientAuth(true);
            case OPTIONAL -> parameters.setWantClientAuth(true);
            default -> parameters.setNeedClientAuth(false);
        }
        engine.setSSLParameters(parameters);
    }

    @Override
    public String toString() {
        return Arrays.toString(protocols) + " " + ciphers.length + " cipher suites, client certificates "
                + clientAuth.name().toLowerCase();
    }
}

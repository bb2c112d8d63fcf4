package dev.jacorn.runner.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away PKI made with the {@code openssl} command, the way operators make theirs: a CA,
 * server certificates for {@code localhost}/{@code 127.0.0.1} with RSA and EC keys in each PEM
 * form Jacorn accepts, and a client certificate. Also the client-side {@link SSLContext}s that
 * trust the CA (with or without the client certificate).
 */
public final class EdgeCertificates {

    /** The PEM key forms of {@code --keyfile}. */
    public enum KeyForm {
        /** {@code BEGIN PRIVATE KEY}, an RSA key. */
        RSA_PKCS8,
        /** {@code BEGIN RSA PRIVATE KEY}. */
        RSA_PKCS1,
        /** {@code BEGIN EC PARAMETERS} then {@code BEGIN EC PRIVATE KEY}, as {@code openssl ecparam -genkey} writes. */
        EC_SEC1,
        /** {@code BEGIN PRIVATE KEY}, an EC key. */
        EC_PKCS8,
        /** {@code BEGIN PRIVATE KEY}, an Ed25519 key (TLS 1.3 signs with it; TLS 1.2 clients see the others). */
        ED25519_PKCS8
    }

    private final Path dir;

    private EdgeCertificates(Path dir) {
        this.dir = dir;
    }

    /** Creates the CA and the client certificate in {@code dir}. */
    public static EdgeCertificates create(Path dir) {
        EdgeCertificates pki = new EdgeCertificates(dir);
        pki.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Jacorn Test CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        pki.openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "client.key");
        pki.sign("client", "client.key", "extendedKeyUsage=clientAuth");
        pki.openssl("pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
                "-passout", "pass:changeit");
        return pki;
    }

    /**
     * A server certificate for localhost and 127.0.0.1 with a key in {@code form}.
     *
     * @return the chain file (server certificate then CA) and the key file
     */
    public Path[] server(KeyForm form) {
        String name = "server-" + form.name().toLowerCase();
        String key = name + ".key";
        switch (form) {
            case RSA_PKCS8 -> openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key);
            case RSA_PKCS1 -> {
                openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", name + ".p8");
                openssl("rsa", "-in", name + ".p8", "-traditional", "-out", key);
            }
            case EC_SEC1 -> openssl("ecparam", "-name", "prime256v1", "-genkey", "-out", key);
            case EC_PKCS8 -> openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key);
            case ED25519_PKCS8 -> openssl("genpkey", "-algorithm", "ED25519", "-out", key);
            default -> throw new IllegalArgumentException(form.name());
        }
        sign(name, key, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth");
        Path chain = dir.resolve(name + "-chain.pem");
        try {
            Files.writeString(chain, Files.readString(dir.resolve(name + ".pem")) + Files.readString(caFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Path[] {chain, dir.resolve(key)};
    }

    /**
     * A client certificate signed by the CA, with {@code subject} in openssl's {@code -subj} form
     * ({@code /O=Example/CN=alice}), stored with its key in {@code NAME.p12} for
     * {@link #clientContext(String)}.
     */
    public void client(String name, String subject) {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", name + ".key");
        try {
            Files.writeString(dir.resolve(name + ".ext"), "extendedKeyUsage=clientAuth\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl("req", "-new", "-key", name + ".key", "-subj", subject, "-out", name + ".csr");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-out", name + ".pem", "-extfile", name + ".ext");
        openssl("pkcs12", "-export", "-in", name + ".pem", "-inkey", name + ".key", "-out", name + ".p12",
                "-passout", "pass:changeit");
    }

    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    private void sign(String name, String key, String extensions) {
        try {
            Files.writeString(dir.resolve(name + ".ext"), extensions + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String cn = name.startsWith("client") ? "client" : "localhost";
        openssl("req", "-new", "-key", key, "-subj", "/CN=" + cn, "-out", name + ".csr");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-out", name + ".pem", "-extfile", name + ".ext");
    }

    /** Runs {@code openssl ARGS} in the PKI directory; fails the test with its output if it fails. */
    public void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(Arrays.asList(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A client context that trusts the test CA, presenting the client certificate when {@code withClientCert}. */
    public SSLContext clientContext(boolean withClientCert) {
        return clientContext(withClientCert ? "client" : null);
    }

    /**
     * A client context that trusts the test CA and presents the certificate of {@code NAME.p12}
     * (made by {@link #client} or {@link #create}), or none when {@code name} is null.
     */
    public SSLContext clientContext(String name) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(caFile())) {
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManagerFactory keyManagers = null;
            if (name != null) {
                KeyStore client = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
                    client.load(in, "changeit".toCharArray());
                }
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(client, "changeit".toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}

package dev.jacorn.runner.server;

import dev.jacorn.runner.exit.ExitCode;
import dev.jacorn.runner.exit.JacornException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A certificate chain and its private key, read from the PEM files of {@code --certfile} and
 * {@code --keyfile}, checked to belong together. Also reads the CA bundle of {@code --ca-certs}.
 *
 * <p>Every failure is a {@link JacornException} with exit code 2 and one sentence naming the
 * setting and the file.
 *
 * @param chain the server certificate first, then its intermediates, as in the file
 * @param key the private key of {@code chain[0]}
 */
public record PemCredentials(List<X509Certificate> chain, PrivateKey key) {

    /** Reads and cross-checks {@code --certfile} and {@code --keyfile}. */
    public static PemCredentials read(Path certfile, Path keyfile) {
        List<X509Certificate> chain = certificates("--certfile", certfile);
        PrivateKey key = privateKey(keyfile);
        if (!belongTogether(key, chain.get(0).getPublicKey())) {
            throw usage("The key in --keyfile " + keyfile + " does not belong to the certificate in --certfile "
                    + certfile + "; give the key the certificate was issued for.", null);
        }
        return new PemCredentials(chain, key);
    }

    /** Every certificate in a PEM file, in order; at least one. */
    public static List<X509Certificate> certificates(String setting, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .stream().map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw usage("The file in " + setting + " " + file + " holds no certificate; give a PEM file with"
                        + " -----BEGIN CERTIFICATE----- blocks.", null);
            }
            return certificates;
        } catch (NoSuchFileException e) {
            throw missing(setting, file);
        } catch (IOException e) {
            throw unreadable(setting, file, e);
        } catch (CertificateException e) {
            throw usage("The file in " + setting + " " + file + " is not a PEM certificate chain; give a file with"
                    + " -----BEGIN CERTIFICATE----- blocks, the server certificate first.", e);
        }
    }

    private static PrivateKey privateKey(Path keyfile) {
        Object pem;
        try (Reader reader = Files.newBufferedReader(keyfile); PEMParser parser = new PEMParser(reader)) {
            pem = parser.readObject();
            // An EC key may be preceded by its EC PARAMETERS block: skip to the key.
            while (pem instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier) {
                pem = parser.readObject();
            }
        } catch (NoSuchFileException e) {
            throw missing("--keyfile", keyfile);
        } catch (IOException e) {
            throw notAKey(keyfile, e);
        }
        if (pem instanceof PEMEncryptedKeyPair || pem instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw usage("The key in --keyfile " + keyfile + " is encrypted; Jacorn reads unencrypted keys only"
                    + " (decrypt it with: openssl pkey -in KEY -out PLAIN_KEY, and keep that file readable by"
                    + " this user only).", null);
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (pem instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (pem instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
        } catch (IOException e) {
            throw notAKey(keyfile, e);
        }
        throw notAKey(keyfile, null);
    }

    /** Signs random bytes with the key and verifies with the certificate's public key. */
    private static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = signature(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signed = signer.sign();
            Signature verifier = signature(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Signature signature(String algorithm) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm);
        if (algorithm.equals("RSASSA-PSS")) {
            signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        return signature;
    }

    private static JacornException notAKey(Path keyfile, Exception cause) {
        return usage("The file in --keyfile " + keyfile + " is not a PEM private key; give an unencrypted"
                + " PKCS#8 (BEGIN PRIVATE KEY), RSA (BEGIN RSA PRIVATE KEY) or EC (BEGIN EC PRIVATE KEY) key.", cause);
    }

    private static JacornException missing(String setting, Path file) {
        return usage("The file in " + setting + " " + file + " does not exist; check the path.", null);
    }

    private static JacornException unreadable(String setting, Path file, IOException cause) {
        return usage("The file in " + setting + " " + file + " cannot be read (" + cause.getClass().getSimpleName()
                + "); check its permissions.", null);
    }

    private static JacornException usage(String message, Throwable cause) {
        return new JacornException(ExitCode.USAGE, message, cause);
    }
}

package io.starling.core.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A private key and its certificate chain read from PEM with BouncyCastle's {@link PEMParser}, which understands
 * PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC 1 ({@code BEGIN EC PRIVATE
 * KEY}) alike. The JDK providers do the cryptography; no provider is registered globally.
 *
 * @param key   the private key
 * @param chain the certificate chain, leaf first, never empty
 */
record PemKeyMaterial(PrivateKey key, List<X509Certificate> chain) {
    PemKeyMaterial {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must not be empty");
        }
    }

    /** Reads both files; the key must belong to the first certificate. */
    static PemKeyMaterial read(PemFiles files) {
        PemKeyMaterial material = new PemKeyMaterial(readKey(files.keyFile()), readChain(files.certificateFile()));
        if (!material.keyMatchesCertificate()) {
            throw new TlsMaterialException(files.keyFile() + ": the private key does not belong to the first "
                    + "certificate in " + files.certificateFile());
        }
        return material;
    }

    X509Certificate leaf() {
        return chain.get(0);
    }

    X509Certificate[] chainArray() {
        return chain.toArray(new X509Certificate[0]);
    }

    /** Signs a probe with the key and verifies it with the leaf's public key; true for key types it cannot test. */
    boolean keyMatchesCertificate() {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        byte[] probe = "starling key probe".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(probe);
            byte[] signed = signature.sign();
            signature.initVerify(leaf().getPublicKey());
            signature.update(probe);
            return signature.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PrivateKey readKey(Path file) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = open(file)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (item instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (item instanceof PKCS8EncryptedPrivateKeyInfo || item instanceof PEMEncryptedKeyPair) {
                    throw new TlsMaterialException(file + ": encrypted private keys are not supported");
                }
                // Anything else (EC PARAMETERS, a certificate in the same file) is skipped.
            }
        } catch (IOException | RuntimeException e) {
            throw failure(file, e);
        }
        throw new TlsMaterialException(file + ": no private key found");
    }

    private static List<X509Certificate> readChain(Path file) {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> chain = new ArrayList<>();
        try (PEMParser parser = open(file)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw failure(file, e);
        }
        if (chain.isEmpty()) {
            throw new TlsMaterialException(file + ": no certificate found");
        }
        return chain;
    }

    private static PEMParser open(Path file) throws IOException {
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        return new PEMParser(reader);
    }

    private static TlsMaterialException failure(Path file, Exception e) {
        if (e instanceof TlsMaterialException tls) {
            return tls;
        }
        return new TlsMaterialException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
}

package io.starling.core.tls;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Writes certificate and key files in the formats operators bring: PKCS#1 RSA and SEC 1 EC keys. */
final class TestKeyMaterial {
    private TestKeyMaterial() {
    }

    /** An RSA 2048 pair with the key as {@code BEGIN RSA PRIVATE KEY} (PKCS#1). */
    static PemFiles rsaPkcs1(Path directory, String domain) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return write(directory, domain, generator.generateKeyPair(), "SHA256withRSA");
    }

    /**
     * An EC P-256 pair with the key as {@code openssl ecparam -genkey} writes it: {@code BEGIN EC PARAMETERS}, then
     * {@code BEGIN EC PRIVATE KEY} (SEC 1, curve named inside).
     */
    static PemFiles ecSec1(Path directory, String domain) throws Exception {
        KeyPair keyPair = new SelfSignedCertificateGenerator(Clock.systemUTC()).newKeyPair();
        PemFiles files = write(directory, domain, keyPair, "SHA256withECDSA");
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded());
        ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
        ECPrivateKey sec1 = new ECPrivateKey(256, ECPrivateKey.getInstance(info.parsePrivateKey()).getKey(), curve);
        try (Writer out = Files.newBufferedWriter(files.keyFile()); PemWriter pem = new PemWriter(out)) {
            pem.writeObject(new PemObject("EC PARAMETERS", curve.toASN1Primitive().getEncoded()));
            pem.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        return files;
    }

    private static PemFiles write(Path directory, String domain, KeyPair keyPair, String signatureAlgorithm)
            throws Exception {
        X509Certificate certificate = new SelfSignedCertificateGenerator(Clock.systemUTC())
                .selfSign(keyPair, signatureAlgorithm, domain);
        PemFiles files = new PemFiles(directory.resolve(domain + ".pem"), directory.resolve(domain + "-key.pem"));
        writePem(files.certificateFile(), certificate);
        writePem(files.keyFile(), keyPair.getPrivate());
        return files;
    }

    private static void writePem(Path file, Object object) throws Exception {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
    }
}

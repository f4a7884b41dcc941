package io.starling.core.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds self-signed server certificates with BouncyCastle: EC P-256 keys (small certificates, cheap handshakes,
 * supported by every TLS 1.2+ client), SHA-256 signatures, subjectAltName {@code dNSName} = the domain and
 * {@code *.domain} (RFC 6125 §6.4.3), CN = the domain, valid from a day ago for {@link #VALIDITY}.
 */
final class SelfSignedCertificateGenerator {
    static final Duration VALIDITY = Duration.ofDays(3650);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SelfSignedCertificateGenerator(Clock clock) {
        this.clock = clock;
    }

    KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    /**
     * @param domain             an ASCII (A-label) domain or an IP literal
     * @param signatureAlgorithm a JCA name matching the key, e.g. {@code SHA256withECDSA} or {@code SHA256withRSA}
     */
    X509Certificate selfSign(KeyPair keyPair, String signatureAlgorithm, String domain)
            throws GeneralSecurityException {
        Instant now = clock.instant();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, domain).build();
        BigInteger serial = new BigInteger(127, random).setBit(126); // positive, fixed length, unpredictable
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject,
                keyPair.getPublic());
        try {
            boolean rsa = "RSA".equals(keyPair.getPublic().getAlgorithm());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(
                    rsa ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(domain));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(keyPair.getPrivate())));
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot build a certificate for " + domain, e);
        }
    }

    private static GeneralNames subjectAltNames(String domain) {
        List<GeneralName> names = new ArrayList<>();
        if (isIpLiteral(domain)) {
            names.add(new GeneralName(GeneralName.iPAddress, domain));
        } else {
            names.add(new GeneralName(GeneralName.dNSName, domain));
            names.add(new GeneralName(GeneralName.dNSName, "*." + domain));
        }
        return new GeneralNames(names.toArray(new GeneralName[0]));
    }

    static boolean isIpLiteral(String domain) {
        return domain.indexOf(':') >= 0 || domain.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}

package io.starling.core.sasl;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class ChannelBindingTest {

    private static byte[] selfSigned(String keyAlg, int bits, String sigAlg) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance(keyAlg);
        if (bits > 0) {
            gen.initialize(bits);
        }
        KeyPair kp = gen.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        Date now = new Date();
        return new JcaX509v3CertificateBuilder(name, BigInteger.ONE, now, new Date(now.getTime() + 86_400_000L),
                name, kp.getPublic())
                .build(new JcaContentSignerBuilder(sigAlg).build(kp.getPrivate()))
                .getEncoded();
    }

    @Test
    void sha384Signature_hashedWithSha384() throws Exception {
        byte[] der = selfSigned("EC", 256, "SHA384withECDSA");
        ChannelBinding b = ChannelBinding.tlsServerEndPoint(der);
        assertThat(b.type()).isEqualTo("tls-server-end-point");
        assertThat(b.data()).isEqualTo(MessageDigest.getInstance("SHA-384").digest(der));
    }

    @Test
    void sha1Signature_upgradedToSha256() throws Exception {
        byte[] der = selfSigned("RSA", 2048, "SHA1withRSA");
        assertThat(ChannelBinding.tlsServerEndPoint(der).data())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(der));
    }

    @Test
    void ed25519_undefined_null() throws Exception {
        assertThat(ChannelBinding.tlsServerEndPoint(selfSigned("Ed25519", 0, "Ed25519"))).isNull();
        assertThat(ChannelBinding.tlsServerEndPoint(new byte[] {1, 2, 3})).isNull();
    }
}

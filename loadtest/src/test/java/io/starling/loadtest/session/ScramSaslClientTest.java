package io.starling.loadtest.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The SCRAM exchange against the published test vectors of RFC 5802 §5 and RFC 7677 §3. */
class ScramSaslClientTest {
    @Test
    void scramSha256_rfc7677Vector_matchesEveryMessage() {
        ScramSaslClient c = new ScramSaslClient("SCRAM-SHA-256", "user", "pencil", "rOprNGfwEbeRWgbNEkqO",
                new SaltedPasswordCache(10));
        assertThat(c.initialResponse()).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        String fin = c.respond("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,"
                + "i=4096");
        assertThat(fin).isEqualTo("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        c.verifySuccess("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void scramSha1_rfc5802Vector_matchesEveryMessage() {
        ScramSaslClient c = new ScramSaslClient("SCRAM-SHA-1", "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL",
                new SaltedPasswordCache(10));
        assertThat(c.initialResponse()).isEqualTo("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL");
        String fin = c.respond("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
        assertThat(fin).isEqualTo("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                + "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
        c.verifySuccess("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    }

    @Test
    void secondLoginWithSameSalt_usesCachedKeyAndStillMatches() {
        SaltedPasswordCache cache = new SaltedPasswordCache(10);
        for (int i = 0; i < 2; i++) {
            ScramSaslClient c = new ScramSaslClient("SCRAM-SHA-1", "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL",
                    cache);
            c.initialResponse();
            assertThat(c.respond("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"))
                    .endsWith("p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
        }
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void fullCache_stillComputesAndMatches() {
        SaltedPasswordCache none = new SaltedPasswordCache(0);
        ScramSaslClient c = new ScramSaslClient("SCRAM-SHA-1", "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL", none);
        c.initialResponse();
        assertThat(c.respond("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096"))
                .endsWith("p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
        assertThat(none.size()).isZero();
    }

    @Test
    void wrongServerSignature_isRejected() {
        ScramSaslClient c = new ScramSaslClient("SCRAM-SHA-1", "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL",
                new SaltedPasswordCache(10));
        c.initialResponse();
        c.respond("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
        assertThatThrownBy(() -> c.verifySuccess("v=AAAAAAAAAAAAAAAAAAAAAAAAAAA="))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void serverNonceNotExtendingOurs_isRejected() {
        ScramSaslClient c = new ScramSaslClient("SCRAM-SHA-256", "user", "pencil", "abc", new SaltedPasswordCache(10));
        c.initialResponse();
        assertThatThrownBy(() -> c.respond("r=xyz123,s=QSXCR+Q6sek8bf92,i=4096"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void plain_initialResponse_isNulSeparated() {
        assertThat(new PlainSaslClient("load1", "pw").initialResponse()).isEqualTo("\0load1\0pw");
    }
}

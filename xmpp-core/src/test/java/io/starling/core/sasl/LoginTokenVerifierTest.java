package io.starling.core.sasl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

class LoginTokenVerifierTest {
    static final String SECRET = "0123456789abcdef0123456789abcdef-test";
    private static final String DOMAIN = "example.org";
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final LoginTokenVerifier verifier = new LoginTokenVerifier(SECRET, Duration.ofMinutes(10), CLOCK);

    private static JWTClaimsSet.Builder claims(String sub, Duration expiresIn) {
        return new JWTClaimsSet.Builder().subject(sub).issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(expiresIn)));
    }

    static String sign(JWTClaimsSet claims, JWSAlgorithm alg, JWSSigner signer) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String hs256(JWTClaimsSet claims, String secret) throws JOSEException {
        return sign(claims, JWSAlgorithm.HS256, new MACSigner(secret.getBytes(UTF_8)));
    }

    private static String hs256(JWTClaimsSet.Builder claims) throws JOSEException {
        return hs256(claims.build(), SECRET);
    }

    private void assertRefused(String token, String authcid, String reason) {
        assertThatThrownBy(() -> verifier.verify(token, authcid, DOMAIN))
                .isInstanceOf(InvalidLoginTokenException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void valid_givesNormalisedUsername() throws Exception {
        String token = hs256(claims("juliet", Duration.ofMinutes(5)));

        assertThat(verifier.verify(token, "Juliet", DOMAIN)).isEqualTo("juliet");
        assertThat(LoginTokenVerifier.looksLikeToken(token)).isTrue();
    }

    @Test
    void signerToken_isValid() throws Exception {
        String token = new LoginTokenSigner(SECRET, CLOCK).sign("Juliet", Duration.ofMinutes(5));

        assertThat(verifier.verify(token, "juliet", DOMAIN)).isEqualTo("juliet");
    }

    @Test
    void expired_refused_butWithinClockSkew_accepted() throws Exception {
        assertRefused(hs256(claims("juliet", Duration.ofSeconds(-31))), "juliet", "expired");
        assertThat(verifier.verify(hs256(claims("juliet", Duration.ofSeconds(-29))), "juliet", DOMAIN))
                .isEqualTo("juliet");
    }

    @Test
    void tooLongLived_refused() throws Exception {
        assertRefused(hs256(claims("juliet", Duration.ofHours(1))), "juliet", "maximum lifetime");
        assertThat(verifier.verify(hs256(claims("juliet", Duration.ofMinutes(10))), "juliet", DOMAIN))
                .isEqualTo("juliet");
    }

    @Test
    void noExp_refused() throws Exception {
        assertRefused(hs256(new JWTClaimsSet.Builder().subject("juliet")), "juliet", "no exp");
    }

    @Test
    void notBeforeInFuture_refused() throws Exception {
        assertRefused(hs256(claims("juliet", Duration.ofMinutes(5)).notBeforeTime(Date.from(NOW.plusSeconds(60)))),
                "juliet", "not valid before");
        assertThat(verifier.verify(hs256(claims("juliet", Duration.ofMinutes(5))
                .notBeforeTime(Date.from(NOW.minusSeconds(60)))), "juliet", DOMAIN)).isEqualTo("juliet");
    }

    @Test
    void issuedInFuture_refused() throws Exception {
        assertRefused(hs256(claims("juliet", Duration.ofMinutes(5)).issueTime(Date.from(NOW.plusSeconds(120)))),
                "juliet", "issued in the future");
    }

    @Test
    void wrongSignature_refused() throws Exception {
        String token = hs256(claims("juliet", Duration.ofMinutes(5)));
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? "B" : "A")
                + parts[2].substring(1);

        assertRefused(forged, "juliet", "bad signature");
    }

    @Test
    void otherClaimsUnderSameSignature_refused() throws Exception {
        String token = hs256(claims("juliet", Duration.ofMinutes(5)));
        String romeo = hs256(claims("romeo", Duration.ofMinutes(5)));
        String[] a = token.split("\\.");
        String[] b = romeo.split("\\.");

        assertRefused(a[0] + "." + b[1] + "." + a[2], "romeo", "bad signature");
    }

    @Test
    void wrongSecret_refused() throws Exception {
        String token = hs256(claims("juliet", Duration.ofMinutes(5)).build(), "another secret of at least 32 bytes!");

        assertRefused(token, "juliet", "bad signature");
    }

    @Test
    void algNone_refused() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64("{\"sub\":\"juliet\",\"exp\":" + NOW.plusSeconds(300).getEpochSecond() + "}");
        String token = header + "." + payload + ".";

        assertThat(LoginTokenVerifier.looksLikeToken(token)).isTrue();
        assertRefused(token, "juliet", "not a signed JWT");
        // An HMAC of the same text under the secret, relabelled none, fares no better.
        assertRefused(header + "." + payload + ".c2lnbmF0dXJl", "juliet", "not a signed JWT");
    }

    @Test
    void hs512_refused() throws Exception {
        String secret512 = SECRET + SECRET; // HS512 needs 64 bytes
        String token = sign(claims("juliet", Duration.ofMinutes(5)).build(), JWSAlgorithm.HS512,
                new MACSigner(secret512.getBytes(UTF_8)));

        assertRefused(token, "juliet", "algorithm HS512 refused");
    }

    @Test
    void rs256_refused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPrivateKey key = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
        String token = sign(claims("juliet", Duration.ofMinutes(5)).build(), JWSAlgorithm.RS256,
                new RSASSASigner(key));

        assertRefused(token, "juliet", "algorithm RS256 refused");
    }

    @Test
    void subMismatch_refused() throws Exception {
        assertRefused(hs256(claims("romeo", Duration.ofMinutes(5))), "juliet", "another account");
        assertRefused(hs256(new JWTClaimsSet.Builder().expirationTime(Date.from(NOW.plusSeconds(60)))), "juliet",
                "no sub");
    }

    @Test
    void subAsBareJidOfDomain_accepted() throws Exception {
        assertThat(verifier.verify(hs256(claims("Juliet@Example.org", Duration.ofMinutes(5))), "juliet", DOMAIN))
                .isEqualTo("juliet");
    }

    @Test
    void subAsJidOfOtherDomainOrFullJid_refused() throws Exception {
        assertRefused(hs256(claims("juliet@example.net", Duration.ofMinutes(5))), "juliet", "another domain");
        assertRefused(hs256(claims("juliet@example.org/balcony", Duration.ofMinutes(5))), "juliet",
                "neither a username nor a bare JID");
    }

    @Test
    void garbage_refusedAndNotTakenForAToken() {
        for (String garbage : new String[] {"r0m30myr0m30", "a.b.c", "eyJ.eyJ.x", "...", "e30.e30"}) {
            assertThat(LoginTokenVerifier.looksLikeToken(garbage)).as(garbage).isFalse();
            assertRefused(garbage, "juliet", "not a signed JWT");
        }
    }

    @Test
    void claimOfWrongType_refused() throws Exception {
        String token = hs256(new JWTClaimsSet.Builder().subject("juliet").claim("exp", "tomorrow"));

        assertRefused(token, "juliet", "malformed claims");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(UTF_8));
    }
}

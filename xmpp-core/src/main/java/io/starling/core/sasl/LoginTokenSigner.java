package io.starling.core.sasl;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.starling.core.user.Username;

/**
 * Issues the login tokens {@link LoginTokenVerifier} accepts, as a web application would: HS256, {@code sub} the
 * normalised username, {@code iat} now, {@code exp} now plus the lifetime. For the {@code starling token} command
 * and tests; a web application signs its own (README, "Signed login tokens"). Thread-safe.
 */
public final class LoginTokenSigner {
    private final MACSigner mac;
    private final Clock clock;

    /** @param secret the shared HS256 key, at least 32 bytes in UTF-8 */
    public LoginTokenSigner(String secret, Clock clock) {
        try {
            this.mac = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("token secret too short for HS256", e);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A token for {@code username} valid from now for {@code lifetime}.
     *
     * @throws io.starling.core.user.InvalidUsernameException if {@code username} cannot be a localpart
     */
    public String sign(String username, Duration lifetime) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(Username.normalise(username))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(mac);
        } catch (JOSEException e) {
            throw new IllegalStateException("HS256 signing failed", e);
        }
        return jwt.serialize();
    }
}

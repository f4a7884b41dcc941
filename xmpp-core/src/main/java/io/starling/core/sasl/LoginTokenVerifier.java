package io.starling.core.sasl;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.starling.core.jid.Jid;
import io.starling.core.user.Username;

/**
 * Checks the signed login tokens a web application hands its members to use as the SASL PLAIN password: a JWT
 * (RFC 7519) signed with HS256 (RFC 7518 §3.2) under the secret shared with the server, with claims
 * <ul>
 *   <li>{@code sub}: the member's username, or the member's bare JID in this server's domain;</li>
 *   <li>{@code exp}: required, at most {@code maxLifetime} ahead (a leaked long-lived token is useless);</li>
 *   <li>{@code nbf}, {@code iat}: optional, not in the future.</li>
 * </ul>
 * Every time is checked with {@link #CLOCK_SKEW} of leeway. Only HS256 is accepted: {@code alg: none}, other MACs
 * and public-key algorithms are refused before any signature check (RFC 8725 §3.1). The check is one HMAC over at
 * most a kilobyte, cheap enough for an event loop; whether the account exists is the caller's business.
 * Thread-safe.
 */
final class LoginTokenVerifier {
    /** Leeway for the clocks of the web application and this server. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final MACVerifier mac;
    private final Duration maxLifetime;
    private final Clock clock;

    /**
     * @param secret      the shared HS256 key, at least 32 bytes in UTF-8 (see
     *                    {@link io.starling.core.config.AuthConfig#tokenSecret()})
     * @param maxLifetime the furthest ahead a token's {@code exp} may be
     */
    LoginTokenVerifier(String secret, Duration maxLifetime, Clock clock) {
        try {
            this.mac = new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("token secret too short for HS256", e);
        }
        this.maxLifetime = Objects.requireNonNull(maxLifetime, "maxLifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * True if {@code password} has the shape of a JWT (dot-separated base64url parts whose header is a JOSE
     * header, signed, unsecured or encrypted alike): with token login on, such a password is checked as a token,
     * never as a password.
     */
    static boolean looksLikeToken(String password) {
        if (password.indexOf('.') < 0) {
            return false;
        }
        try {
            JWTParser.parse(password);
            return true;
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The account {@code token} logs in, if it is a valid token for {@code authcid}.
     *
     * @param authcid the PLAIN authentication identity, normalised here
     * @param domain  the served domain: a {@code sub} written as a bare JID must be in it
     * @return the normalised username
     * @throws InvalidLoginTokenException saying why the token is refused
     */
    String verify(String token, String authcid, String domain) throws InvalidLoginTokenException {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidLoginTokenException("not a signed JWT");
        }
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!JWSAlgorithm.HS256.equals(alg)) {
            // Name only algorithms of the registry: the header is the client's text, kept out of the log.
            boolean known = JWSAlgorithm.Family.HMAC_SHA.contains(alg) || JWSAlgorithm.Family.SIGNATURE.contains(alg);
            throw new InvalidLoginTokenException("algorithm " + (known ? alg.getName() : "(unregistered)")
                    + " refused, only HS256 is accepted");
        }
        try {
            if (!jwt.verify(mac)) {
                throw new InvalidLoginTokenException("bad signature");
            }
        } catch (JOSEException e) {
            throw new InvalidLoginTokenException("signature not checkable (critical header parameters?)");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidLoginTokenException("malformed claims (not a JSON object, or a registered claim of the"
                    + " wrong type)");
        }
        checkTimes(claims);
        return account(claims.getSubject(), authcid, domain);
    }

    private void checkTimes(JWTClaimsSet claims) throws InvalidLoginTokenException {
        Instant now = clock.instant();
        Instant exp = instant(claims.getExpirationTime());
        if (exp == null) {
            throw new InvalidLoginTokenException("no exp claim");
        }
        if (now.isAfter(exp.plus(CLOCK_SKEW))) {
            throw new InvalidLoginTokenException("expired at " + exp);
        }
        if (exp.isAfter(now.plus(maxLifetime).plus(CLOCK_SKEW))) {
            throw new InvalidLoginTokenException("exp " + exp + " is further ahead than the maximum lifetime "
                    + maxLifetime);
        }
        Instant nbf = instant(claims.getNotBeforeTime());
        if (nbf != null && nbf.isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidLoginTokenException("not valid before " + nbf);
        }
        Instant iat = instant(claims.getIssueTime());
        if (iat != null && iat.isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidLoginTokenException("issued in the future, at " + iat);
        }
    }

    /** {@code sub} as a username (or bare JID of {@code domain}) that names the same account as the authcid. */
    private static String account(String sub, String authcid, String domain) throws InvalidLoginTokenException {
        if (sub == null) {
            throw new InvalidLoginTokenException("no sub claim");
        }
        String subject = subjectUsername(sub, domain);
        String username;
        try {
            username = Username.normalise(authcid);
        } catch (IllegalArgumentException e) {
            throw new InvalidLoginTokenException("authcid is not a username");
        }
        if (!subject.equals(username)) {
            throw new InvalidLoginTokenException("sub names another account than the authcid " + username);
        }
        return username;
    }

    private static String subjectUsername(String sub, String domain) throws InvalidLoginTokenException {
        if (sub.indexOf('@') < 0 && sub.indexOf('/') < 0) {
            try {
                return Username.normalise(sub);
            } catch (IllegalArgumentException e) {
                throw new InvalidLoginTokenException("sub is not a username");
            }
        }
        Jid jid = Jid.parseOrNull(sub);
        if (jid == null || jid.local() == null || !jid.isBare()) {
            throw new InvalidLoginTokenException("sub is neither a username nor a bare JID");
        }
        if (!jid.domain().equals(Jid.domain(domain).domain())) {
            throw new InvalidLoginTokenException("sub is a JID of another domain: " + jid.domain());
        }
        return jid.local();
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}

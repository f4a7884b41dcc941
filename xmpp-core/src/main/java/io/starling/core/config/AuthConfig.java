package io.starling.core.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * SASL and login throttling (RFC 6120 §6.4.5 allows a configurable number of retries), and signed login tokens.
 *
 * @param scramIterations       PBKDF2 iterations for new credentials, at least 4096 (default 4096)
 * @param maxFailuresPerStream  failed attempts before the stream is closed (default 3)
 * @param maxFailuresPerAddress failed attempts per IP address within {@code failureWindow} before further
 *                              attempts from it fail at once with temporary-auth-failure (default 20)
 * @param failureWindow         the per-address window (default 1 min)
 * @param hashThreads           threads hashing passwords and verifying proofs (default 2)
 * @param hashQueue             queued authentications before new ones get temporary-auth-failure (default 1024)
 * @param tokenSecret           the HS256 key shared with the web application that signs login tokens (JWTs
 *                              accepted as the SASL PLAIN password), at least 32 bytes in UTF-8; null turns token
 *                              login off (default null)
 * @param tokenMaxLifetime      a token whose expiry is further than this from now is refused, so a leaked
 *                              long-lived token is useless; at most 1 day (default 10 min)
 */
public record AuthConfig(int scramIterations, int maxFailuresPerStream, int maxFailuresPerAddress,
                         Duration failureWindow, int hashThreads, int hashQueue, String tokenSecret,
                         Duration tokenMaxLifetime) {
    /** The shortest HS256 key RFC 7518 §3.2 allows: as long as the hash output. */
    public static final int MIN_TOKEN_SECRET_BYTES = 32;

    public AuthConfig {
        C2sConfig.requireRange(scramIterations, 4096, 10_000_000, "auth.scramIterations");
        C2sConfig.requireRange(maxFailuresPerStream, 1, 100, "auth.maxFailuresPerStream");
        C2sConfig.requireRange(maxFailuresPerAddress, 1, 1_000_000, "auth.maxFailuresPerAddress");
        C2sConfig.requirePositive(failureWindow, "auth.failureWindow");
        C2sConfig.requireRange(hashThreads, 1, 256, "auth.hashThreads");
        C2sConfig.requireRange(hashQueue, 1, 1_000_000, "auth.hashQueue");
        if (tokenSecret != null && tokenSecret.getBytes(StandardCharsets.UTF_8).length < MIN_TOKEN_SECRET_BYTES) {
            // Never echo the secret, not even its length: the message may reach a log.
            throw new IllegalArgumentException("auth.tokenSecret must be at least " + MIN_TOKEN_SECRET_BYTES
                    + " bytes (UTF-8), e.g. 64 random hex digits; leave it unset to turn token login off");
        }
        C2sConfig.requirePositive(tokenMaxLifetime, "auth.tokenMaxLifetime");
        if (tokenMaxLifetime.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("auth.tokenMaxLifetime must be at most 1 day, was " + tokenMaxLifetime);
        }
    }

    /** With token login off. */
    public AuthConfig(int scramIterations, int maxFailuresPerStream, int maxFailuresPerAddress,
                      Duration failureWindow, int hashThreads, int hashQueue) {
        this(scramIterations, maxFailuresPerStream, maxFailuresPerAddress, failureWindow, hashThreads, hashQueue,
                null, Duration.ofMinutes(10));
    }

    public static AuthConfig defaults() {
        return new AuthConfig(4096, 3, 20, Duration.ofMinutes(1), 2, 1024, null, Duration.ofMinutes(10));
    }

    /** A copy with token login on: {@code secret} signs tokens valid for at most {@code maxLifetime}. */
    public AuthConfig withTokens(String secret, Duration maxLifetime) {
        return new AuthConfig(scramIterations, maxFailuresPerStream, maxFailuresPerAddress, failureWindow,
                hashThreads, hashQueue, secret, maxLifetime);
    }

    public boolean tokenLoginEnabled() {
        return tokenSecret != null;
    }

    /** Never prints the token secret. */
    @Override
    public String toString() {
        return "AuthConfig[scramIterations=" + scramIterations + ", maxFailuresPerStream=" + maxFailuresPerStream
                + ", maxFailuresPerAddress=" + maxFailuresPerAddress + ", failureWindow=" + failureWindow
                + ", hashThreads=" + hashThreads + ", hashQueue=" + hashQueue
                + ", tokenSecret=" + (tokenSecret == null ? "none" : "***")
                + ", tokenMaxLifetime=" + tokenMaxLifetime + "]";
    }
}

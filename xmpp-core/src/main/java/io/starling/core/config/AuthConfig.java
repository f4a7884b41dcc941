package io.starling.core.config;

import java.time.Duration;

/**
 * SASL and login throttling (RFC 6120 §6.4.5 allows a configurable number of retries).
 *
 * @param scramIterations       PBKDF2 iterations for new credentials, at least 4096 (default 4096)
 * @param maxFailuresPerStream  failed attempts before the stream is closed (default 3)
 * @param maxFailuresPerAddress failed attempts per IP address within {@code failureWindow} before further
 *                              attempts from it fail at once with temporary-auth-failure (default 20)
 * @param failureWindow         the per-address window (default 1 min)
 * @param hashThreads           threads hashing passwords and verifying proofs (default 2)
 * @param hashQueue             queued authentications before new ones get temporary-auth-failure (default 1024)
 */
public record AuthConfig(int scramIterations, int maxFailuresPerStream, int maxFailuresPerAddress,
                         Duration failureWindow, int hashThreads, int hashQueue) {
    public AuthConfig {
        C2sConfig.requireRange(scramIterations, 4096, 10_000_000, "auth.scramIterations");
        C2sConfig.requireRange(maxFailuresPerStream, 1, 100, "auth.maxFailuresPerStream");
        C2sConfig.requireRange(maxFailuresPerAddress, 1, 1_000_000, "auth.maxFailuresPerAddress");
        C2sConfig.requirePositive(failureWindow, "auth.failureWindow");
        C2sConfig.requireRange(hashThreads, 1, 256, "auth.hashThreads");
        C2sConfig.requireRange(hashQueue, 1, 1_000_000, "auth.hashQueue");
    }

    public static AuthConfig defaults() {
        return new AuthConfig(4096, 3, 20, Duration.ofMinutes(1), 2, 1024);
    }
}

package io.starling.core.sasl;

import java.security.SecureRandom;
import java.util.Base64;

/** Server nonces for SCRAM (RFC 5802 §5.1 {@code r=}); replaceable so tests can replay the RFC examples. */
@FunctionalInterface
public interface NonceSource {

    /** A fresh, unpredictable nonce of printable ASCII without ','. */
    String next();

    /** 18 random bytes from {@link SecureRandom}, base64 (24 characters). */
    static NonceSource secureRandom() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] bytes = new byte[18];
            random.nextBytes(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        };
    }
}

package io.starling.core.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.starling.core.user.ScramCredentials;
import io.starling.core.user.ScramHash;

/**
 * Stand-in credentials for accounts that do not exist, so a SCRAM exchange for one looks and costs the same as
 * for a real one (RFC 5802 §9): the salt is derived from a secret key and the name, hence stable across attempts,
 * and the iteration count is the one real accounts get.
 */
final class ScramFakeCredentials {
    private static final int SALT_BYTES = 16;

    private final byte[] key;
    private final int iterations;

    ScramFakeCredentials(byte[] key, int iterations) {
        this.key = key.clone();
        this.iterations = iterations;
    }

    ScramCredentials forName(ScramHash hash, String name) {
        byte[] material = ScramHash.SHA_256.hmac(key,
                (hash.digestName() + "\0" + name).getBytes(StandardCharsets.UTF_8));
        byte[] salt = Arrays.copyOf(material, SALT_BYTES);
        byte[] storedKey = hash.hmac(material, "stored".getBytes(StandardCharsets.US_ASCII));
        byte[] serverKey = hash.hmac(material, "server".getBytes(StandardCharsets.US_ASCII));
        return new ScramCredentials(hash, salt, iterations, storedKey, serverKey);
    }
}

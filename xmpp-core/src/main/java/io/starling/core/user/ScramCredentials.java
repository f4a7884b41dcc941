package io.starling.core.user;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import rocks.xmpp.precis.PrecisProfiles;

/**
 * What the server keeps of one password for one hash (RFC 5802 §3). Immutable: the arrays are copied in and out.
 *
 * @param hash       SHA-1 or SHA-256
 * @param salt       random salt
 * @param iterations PBKDF2 iteration count, at least 4096 (RFC 7677 §4)
 * @param storedKey  {@code H(ClientKey)}
 * @param serverKey  {@code HMAC(SaltedPassword, "Server Key")}
 */
public record ScramCredentials(ScramHash hash, byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    public static final int MIN_ITERATIONS = 4096;

    private static final byte[] CLIENT_KEY = "Client Key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_KEY = "Server Key".getBytes(StandardCharsets.US_ASCII);

    public ScramCredentials {
        Objects.requireNonNull(hash, "hash");
        if (salt == null || salt.length == 0) {
            throw new IllegalArgumentException("empty salt");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be at least " + MIN_ITERATIONS);
        }
        if (storedKey == null || storedKey.length != hash.length() || serverKey == null
                || serverKey.length != hash.length()) {
            throw new IllegalArgumentException("keys must be " + hash.length() + " bytes for " + hash);
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    /**
     * Derives the credentials of {@code password} (RFC 5802 §3). CPU-heavy by design: run it on the auth executor.
     *
     * @throws InvalidPasswordException if the password is not allowed by PRECIS OpaqueString (e.g. empty)
     */
    public static ScramCredentials compute(ScramHash hash, String password, byte[] salt, int iterations) {
        byte[] saltedPassword = saltedPassword(hash, password, salt, iterations);
        try {
            byte[] clientKey = hmac(hash, saltedPassword, CLIENT_KEY);
            return new ScramCredentials(hash, salt, iterations, hash.digest().digest(clientKey),
                    hmac(hash, saltedPassword, SERVER_KEY));
        } finally {
            Arrays.fill(saltedPassword, (byte) 0);
        }
    }

    /** True if {@code password} yields this StoredKey; compares in constant time. */
    public boolean matches(String password) {
        ScramCredentials other = compute(hash, password, salt, iterations);
        return MessageDigest.isEqual(other.storedKey, storedKey);
    }

    /**
     * {@code Normalize(password)}: XMPP uses PRECIS OpaqueString (RFC 8265 §4.2) where RFC 5802 says SASLprep.
     *
     * @throws InvalidPasswordException if the profile rejects it
     */
    public static byte[] normalisePassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new InvalidPasswordException("empty password");
        }
        try {
            return PrecisProfiles.OPAQUE_STRING.enforce(password).getBytes(StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidPasswordException("password not allowed by PRECIS OpaqueString: " + e.getMessage());
        }
    }

    /** {@code Hi(Normalize(password), salt, i)}: PBKDF2 with HMAC-H and one output block (RFC 5802 §2.2). */
    static byte[] saltedPassword(ScramHash hash, String password, byte[] salt, int iterations) {
        byte[] key = normalisePassword(password);
        try {
            Mac mac = hash.mac();
            mac.init(new SecretKeySpec(key, "HMAC"));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1}); // INT(1)
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) {
                    result[j] ^= u[j];
                }
            }
            return result;
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** {@code HMAC(key, data)} with the hash's HMAC. */
    public static byte[] hmac(ScramHash hash, byte[] key, byte[] data) {
        try {
            Mac mac = hash.mac();
            mac.init(new SecretKeySpec(key, "HMAC"));
            return mac.doFinal(data);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredentials c && c.hash == hash && c.iterations == iterations
                && Arrays.equals(c.salt, salt) && Arrays.equals(c.storedKey, storedKey)
                && Arrays.equals(c.serverKey, serverKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hash, iterations, Arrays.hashCode(salt), Arrays.hashCode(storedKey));
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "ScramCredentials[" + hash.digestName() + ", i=" + iterations + "]";
    }
}

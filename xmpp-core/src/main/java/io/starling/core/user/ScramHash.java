package io.starling.core.user;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hash functions SCRAM credentials are kept for: SHA-1 (RFC 5802) and SHA-256 (RFC 7677).
 *
 * <p>{@link #hash} and {@link #hmac} run on instances kept per thread and reused: a JCA {@code Mac} or
 * {@code MessageDigest} is not thread-safe, and getting a new one is a provider lookup, several per SCRAM exchange on
 * the event loop. Each thread only ever touches its own instances, and both calls complete their computation, so an
 * instance carries nothing from one call to the next except, until that thread's next call, the last key and input
 * in its internal buffers. For a password-derived key use a fresh {@link #mac()} that is dropped after use.
 */
public enum ScramHash {
    SHA_1("SHA-1", "HmacSHA1", 20),
    SHA_256("SHA-256", "HmacSHA256", 32);

    private final String digestName;
    private final String macName;
    private final int length;
    /** Confined to their thread by construction: why no lock is needed (see the class comment). */
    private final ThreadLocal<MessageDigest> threadDigest = ThreadLocal.withInitial(this::digest);
    private final ThreadLocal<Mac> threadMac = ThreadLocal.withInitial(this::mac);

    ScramHash(String digestName, String macName, int length) {
        this.digestName = digestName;
        this.macName = macName;
        this.length = length;
    }

    /** The JCA digest name, also the value stored in {@code scram_credentials.hash}: {@code SHA-1}, {@code SHA-256}. */
    public String digestName() {
        return digestName;
    }

    /** Output length in bytes. */
    public int length() {
        return length;
    }

    public static ScramHash ofDigestName(String name) {
        for (ScramHash h : values()) {
            if (h.digestName.equals(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException("unknown SCRAM hash " + name);
    }

    public MessageDigest digest() {
        try {
            return MessageDigest.getInstance(digestName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digestName + " is mandatory in every JRE", e);
        }
    }

    public Mac mac() {
        try {
            return Mac.getInstance(macName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(macName + " is mandatory in every JRE", e);
        }
    }

    /** {@code H(data)} on this thread's digest. */
    public byte[] hash(byte[] data) {
        return threadDigest.get().digest(data); // digest() resets the instance for the next call
    }

    /** {@code HMAC(key, data)} on this thread's Mac, keyed anew for each call. */
    public byte[] hmac(byte[] key, byte[] data) {
        Mac mac = threadMac.get();
        try {
            mac.init(new SecretKeySpec(key, "HMAC"));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
        return mac.doFinal(data);
    }
}

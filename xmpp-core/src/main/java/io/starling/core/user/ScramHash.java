package io.starling.core.user;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;

/** The hash functions SCRAM credentials are kept for: SHA-1 (RFC 5802) and SHA-256 (RFC 7677). */
public enum ScramHash {
    SHA_1("SHA-1", "HmacSHA1", 20),
    SHA_256("SHA-256", "HmacSHA256", 32);

    private final String digestName;
    private final String macName;
    private final int length;

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
}

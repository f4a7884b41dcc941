package io.starling.core.component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** XEP-0114 §2: the handshake is the lower-case hex SHA-1 of the stream id followed by the shared secret. */
public final class HandshakeDigest {
    private HandshakeDigest() {
    }

    /** hex(SHA-1(streamId + secret)), both as UTF-8. */
    public static String of(String streamId, String secret) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest((streamId + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    /** True if {@code presented} (hex, any case, surrounding whitespace ignored) is the digest; constant time. */
    public static boolean matches(String streamId, String secret, String presented) {
        if (presented == null) {
            return false;
        }
        byte[] expected = of(streamId, secret).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = presented.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }
}

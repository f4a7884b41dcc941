package io.starling.core.sasl;

import java.util.Base64;

/**
 * A parsed {@code client-final-message} (RFC 5802 §7):
 * {@code channel-binding "," nonce ["," extensions] "," proof}.
 *
 * @param channelBinding the decoded {@code c=} value: gs2 header plus channel binding data
 * @param nonce          the {@code r=} value
 * @param withoutProof   {@code client-final-message-without-proof} as sent
 * @param proof          the decoded {@code p=} value
 */
record ScramClientFinal(byte[] channelBinding, String nonce, String withoutProof, byte[] proof) {

    static ScramClientFinal parse(String message) throws ScramException {
        int p = message.lastIndexOf(",p=");
        if (p < 0) {
            throw ScramException.malformed("missing proof");
        }
        String withoutProof = message.substring(0, p);
        String[] attrs = withoutProof.split(",", -1);
        if (attrs.length < 2 || !attrs[0].startsWith("c=") || !attrs[1].startsWith("r=")) {
            throw ScramException.malformed("expected c=...,r=...");
        }
        for (int i = 2; i < attrs.length; i++) {
            ScramClientFirst.requireExtension(attrs[i]);
        }
        return new ScramClientFinal(base64(attrs[0].substring(2)), attrs[1].substring(2), withoutProof,
                base64(message.substring(p + 3)));
    }

    private static byte[] base64(String value) throws ScramException {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ScramException.malformed("invalid-encoding");
        }
    }
}

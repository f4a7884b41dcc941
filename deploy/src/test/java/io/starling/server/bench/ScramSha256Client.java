package io.starling.server.bench;

import io.starling.core.user.ScramCredentials;
import io.starling.core.user.ScramHash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Client side of SCRAM-SHA-256 (RFC 5802 §3, RFC 7677) for the load harness, without channel binding ({@code n,,}).
 * Salted passwords are cached by salt and iteration count, since the benchmark accounts share one salt; the
 * client-side PBKDF2 would otherwise limit the ramp rate. It does not verify the server signature.
 */
final class ScramSha256Client {
    /** Salted passwords by "salt:iterations"; confined to no thread, hence concurrent. */
    static final class SaltedPasswordCache {
        private final Map<String, byte[]> byKey = new ConcurrentHashMap<>();
    }

    private final String username;
    private final String password;
    private final SaltedPasswordCache cache;
    private final String clientNonce;
    private String clientFirstBare;
    private String serverFirst;
    private String clientFinal;

    ScramSha256Client(String username, String password, SaltedPasswordCache cache) {
        this.username = username;
        this.password = password;
        this.cache = cache;
        this.clientNonce = Long.toHexString(ThreadLocalRandom.current().nextLong())
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    byte[] clientFirst() {
        clientFirstBare = "n=" + username + ",r=" + clientNonce;
        return ("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    byte[] clientFinal(byte[] serverFirstBytes) throws Exception {
        serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
        Map<Character, String> attrs = new HashMap<>();
        for (String a : serverFirst.split(",")) {
            attrs.put(a.charAt(0), a.substring(2));
        }
        int iterations = Integer.parseInt(attrs.get('i'));
        String withoutProof = "c=biws,r=" + attrs.get('r');
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] salted = cache.byKey.computeIfAbsent(attrs.get('s') + ":" + iterations,
                k -> pbkdf2(Base64.getDecoder().decode(attrs.get('s')), iterations));
        byte[] clientKey = ScramCredentials.hmac(ScramHash.SHA_256, salted,
                "Client Key".getBytes(StandardCharsets.US_ASCII));
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        byte[] signature = ScramCredentials.hmac(ScramHash.SHA_256, storedKey,
                authMessage.getBytes(StandardCharsets.UTF_8));
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        clientFinal = withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        return clientFinal.getBytes(StandardCharsets.UTF_8);
    }

    /** The exchange so far, for diagnosing a refusal (benchmark accounts only; no real secret). */
    String transcript() {
        return "[client-first " + clientFirstBare + " | server-first " + serverFirst + " | client-final " + clientFinal
                + "]";
    }

    private byte[] pbkdf2(byte[] salt, int iterations) {
        try {
            return javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, iterations, 256))
                    .getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

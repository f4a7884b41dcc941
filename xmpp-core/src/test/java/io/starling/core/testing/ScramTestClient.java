package io.starling.core.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import io.starling.core.user.ScramCredentials;
import io.starling.core.user.ScramHash;

/**
 * The client side of SCRAM (RFC 5802 §3), written independently of the server code for tests: builds
 * client-first and client-final and checks the server signature.
 */
public final class ScramTestClient {
    private final ScramHash hash;
    private final String username;
    private final String password;
    private final String gs2Header;
    private final byte[] cbindData;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] serverKey;
    private String authMessage;

    /**
     * @param gs2Header e.g. {@code "n,,"}, {@code "y,,"}, {@code "p=tls-server-end-point,,"},
     *                  {@code "n,a=user@localhost,"}
     * @param cbindData channel binding data appended to the header in {@code c=}, or an empty array
     */
    public ScramTestClient(ScramHash hash, String username, String password, String gs2Header, byte[] cbindData,
                           String clientNonce) {
        this.hash = hash;
        this.username = username;
        this.password = password;
        this.gs2Header = gs2Header;
        this.cbindData = cbindData;
        this.clientNonce = clientNonce;
    }

    public ScramTestClient(ScramHash hash, String username, String password) {
        this(hash, username, password, "n,,", new byte[0], "clientnonce" + System.nanoTime());
    }

    public byte[] clientFirst() {
        clientFirstBare = "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return (gs2Header + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] clientFinal(byte[] serverFirstBytes) throws Exception {
        String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
        Map<Character, String> attrs = new HashMap<>();
        for (String a : serverFirst.split(",")) {
            attrs.put(a.charAt(0), a.substring(2));
        }
        byte[] salt = Base64.getDecoder().decode(attrs.get('s'));
        int iterations = Integer.parseInt(attrs.get('i'));
        byte[] header = gs2Header.getBytes(StandardCharsets.UTF_8);
        byte[] cbind = new byte[header.length + cbindData.length];
        System.arraycopy(header, 0, cbind, 0, header.length);
        System.arraycopy(cbindData, 0, cbind, header.length, cbindData.length);
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(cbind) + ",r=" + attrs.get('r');
        authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;

        byte[] saltedPassword = pbkdf2(password, salt, iterations);
        byte[] clientKey = ScramCredentials.hmac(hash, saltedPassword, "Client Key".getBytes(StandardCharsets.UTF_8));
        byte[] storedKey = MessageDigest.getInstance(hash.digestName()).digest(clientKey);
        byte[] signature = ScramCredentials.hmac(hash, storedKey, authMessage.getBytes(StandardCharsets.UTF_8));
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        serverKey = ScramCredentials.hmac(hash, saltedPassword, "Server Key".getBytes(StandardCharsets.UTF_8));
        return (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)).getBytes(StandardCharsets.UTF_8);
    }

    /** True if the server's {@code v=} proves it knew the credentials. */
    public boolean verifyServerFinal(byte[] serverFinal) {
        byte[] expected = ScramCredentials.hmac(hash, serverKey, authMessage.getBytes(StandardCharsets.UTF_8));
        return new String(serverFinal, StandardCharsets.UTF_8)
                .equals("v=" + Base64.getEncoder().encodeToString(expected));
    }

    /** PBKDF2 via the JCA, independent of the server's own Hi(). */
    private byte[] pbkdf2(String pw, byte[] salt, int iterations) throws Exception {
        String alg = hash == ScramHash.SHA_1 ? "PBKDF2WithHmacSHA1" : "PBKDF2WithHmacSHA256";
        return javax.crypto.SecretKeyFactory.getInstance(alg)
                .generateSecret(new javax.crypto.spec.PBEKeySpec(pw.toCharArray(), salt, iterations, hash.length() * 8))
                .getEncoded();
    }
}

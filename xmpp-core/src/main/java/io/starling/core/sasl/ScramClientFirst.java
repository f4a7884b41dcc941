package io.starling.core.sasl;

/**
 * A parsed {@code client-first-message} (RFC 5802 §7):
 * <pre>
 * gs2-header = gs2-cbind-flag "," [ authzid ] ","      ; gs2-cbind-flag = ("p=" cb-name) / "n" / "y"
 * client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions]
 * </pre>
 *
 * @param cbindFlag  {@code 'n'}, {@code 'y'} or {@code 'p'}
 * @param cbName     the channel binding type after {@code p=}, else null
 * @param authzid    the decoded {@code a=} value, else null
 * @param username   the decoded {@code n=} value, not yet normalised
 * @param nonce      the client nonce
 * @param gs2Header  the header as sent, including its final comma
 * @param bare       {@code client-first-message-bare} as sent (it is hashed into AuthMessage)
 */
record ScramClientFirst(char cbindFlag, String cbName, String authzid, String username, String nonce,
                        String gs2Header, String bare) {

    static ScramClientFirst parse(String message) throws ScramException {
        int c1 = message.indexOf(',');
        if (c1 < 0) {
            throw ScramException.malformed("missing gs2 header");
        }
        String flag = message.substring(0, c1);
        char cbindFlag;
        String cbName = null;
        if (flag.equals("n") || flag.equals("y")) {
            cbindFlag = flag.charAt(0);
        } else if (flag.startsWith("p=") && flag.length() > 2 && flag.substring(2).matches("[A-Za-z0-9.-]+")) {
            cbindFlag = 'p';
            cbName = flag.substring(2);
        } else {
            throw ScramException.malformed("invalid gs2-cbind-flag");
        }
        int c2 = message.indexOf(',', c1 + 1);
        if (c2 < 0) {
            throw ScramException.malformed("missing authzid field");
        }
        String authzField = message.substring(c1 + 1, c2);
        String authzid = null;
        if (!authzField.isEmpty()) {
            if (!authzField.startsWith("a=")) {
                throw ScramException.malformed("invalid authzid field");
            }
            authzid = decodeSaslName(authzField.substring(2));
        }
        String bare = message.substring(c2 + 1);
        String[] attrs = bare.split(",", -1);
        if (attrs[0].startsWith("m=")) {
            // RFC 5802 §5.1: the server MUST fail authentication when the reserved m attribute is present.
            throw ScramException.malformed("extensions-not-supported");
        }
        if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=")) {
            throw ScramException.malformed("expected n=username,r=nonce");
        }
        String username = decodeSaslName(attrs[0].substring(2));
        String nonce = attrs[1].substring(2);
        requireNonce(nonce);
        for (int i = 2; i < attrs.length; i++) {
            requireExtension(attrs[i]);
        }
        return new ScramClientFirst(cbindFlag, cbName, authzid, username, nonce, message.substring(0, c2 + 1),
                bare);
    }

    /** {@code saslname}: "," and "=" travel as "=2C" and "=3D"; any other "=" is an error (RFC 5802 §5.1). */
    static String decodeSaslName(String value) throws ScramException {
        if (value.isEmpty()) {
            throw ScramException.malformed("empty saslname");
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '=') {
                if (value.startsWith("=2C", i)) {
                    out.append(',');
                } else if (value.startsWith("=3D", i)) {
                    out.append('=');
                } else {
                    throw ScramException.malformed("invalid-encoding");
                }
                i += 2;
            } else if (c == '\0') {
                throw ScramException.malformed("invalid-encoding");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code printable = %x21-2B / %x2D-7E}: printable ASCII except ','. */
    static void requireNonce(String nonce) throws ScramException {
        if (nonce.isEmpty()) {
            throw ScramException.malformed("empty nonce");
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7e || c == ',') {
                throw ScramException.malformed("invalid nonce");
            }
        }
    }

    /** {@code attr-val = ALPHA "=" value}: unknown optional extensions are ignored. */
    static void requireExtension(String attr) throws ScramException {
        if (attr.length() < 2 || attr.charAt(1) != '=' || !Character.isLetter(attr.charAt(0)) || attr.charAt(0) > 'z') {
            throw ScramException.malformed("invalid attribute");
        }
    }
}

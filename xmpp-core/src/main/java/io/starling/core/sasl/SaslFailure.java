package io.starling.core.sasl;

/** The SASL failure conditions of RFC 6120 §6.5, each with its element name. */
public enum SaslFailure {
    /** §6.5.1: the client sent {@code <abort/>}. */
    ABORTED("aborted"),
    /** §6.5.2 */
    ACCOUNT_DISABLED("account-disabled"),
    /** §6.5.3 */
    CREDENTIALS_EXPIRED("credentials-expired"),
    /** §6.5.4: the mechanism (e.g. PLAIN) needs TLS first. */
    ENCRYPTION_REQUIRED("encryption-required"),
    /** §6.5.5: the base64 was invalid. */
    INCORRECT_ENCODING("incorrect-encoding"),
    /** §6.5.6 */
    INVALID_AUTHZID("invalid-authzid"),
    /** §6.5.7: unknown or not offered. */
    INVALID_MECHANISM("invalid-mechanism"),
    /** §6.5.8 */
    MALFORMED_REQUEST("malformed-request"),
    /** §6.5.9 */
    MECHANISM_TOO_WEAK("mechanism-too-weak"),
    /** §6.5.10: wrong credentials, or an unknown account — the two are never told apart. */
    NOT_AUTHORIZED("not-authorized"),
    /** §6.5.11: a store failure or overload; the client may retry. */
    TEMPORARY_AUTH_FAILURE("temporary-auth-failure");

    private final String wireName;

    SaslFailure(String wireName) {
        this.wireName = wireName;
    }

    /** The child element name of {@code <failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>}. */
    public String wireName() {
        return wireName;
    }
}

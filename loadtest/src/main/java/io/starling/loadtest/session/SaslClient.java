package io.starling.loadtest.session;

/** The client side of one SASL exchange (RFC 6120 §6.4); messages are raw bytes as strings, Base64 is the caller's. */
public interface SaslClient {
    /** The mechanism name sent in {@code <auth mechanism='...'/>}. */
    String mechanism();

    /** The initial response (RFC 6120 §6.4.2). */
    String initialResponse();

    /** Answers a challenge; throws {@link IllegalStateException} when the server's data is bad. */
    String respond(String challenge);

    /** Checks the additional data with success (SCRAM server signature); throws when it does not verify. */
    void verifySuccess(String additionalData);
}
